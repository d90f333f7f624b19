import { generate, generateToDisk } from '../generate';
import { sampleFromSchema } from '../providers/offline/sample-from-schema';
import { useTempWorkspaces } from '../__fixtures__/workspace';
import { describePatternProblems, findPatternProblems, withoutInvalidPatterns } from './patterns';
import { serveGeneratedApp } from '../__fixtures__/serve-app';

// Issue 7, item 5: patterns are untrusted input. One JavaScript cannot compile must not fail
// every request (500), one that backtracks must not stall the server, and sampling a pattern
// must not spin forever (AWS QLDB Session's spec hung generate).

const workspace = useTempWorkspaces();
jest.setTimeout(120_000);

const SPEC = 'api/openapi.yaml';
const OUT = 'api/src/generated';

/** Two files: a PCRE pattern in the root, an unclosed one in a referenced schema file. */
const FILES = {
  [SPEC]: {
    openapi: '3.0.3',
    info: { title: 'patterns', version: '1' },
    paths: {
      '/codes/{code}': {
        get: {
          operationId: 'getCode',
          parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string', pattern: '^\\x{41}+$' } }],
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: 'schemas.yaml#/Item' } } } } },
        },
      },
      '/evil': {
        get: {
          operationId: 'evil',
          parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string', pattern: '^(a+)+$' } }],
          responses: { '204': { description: 'ok' } },
        },
      },
      '/ledgers/{name}': {
        get: {
          operationId: 'getLedger',
          parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string', maxLength: 32, pattern: '(?!^.*--)(?!^-)^[A-Za-z0-9-]+$' } }],
          responses: { '204': { description: 'ok' } },
        },
      },
    },
  },
  'api/schemas.yaml': {
    Item: {
      type: 'object',
      required: ['name', 'id'],
      // `pattern` in an example is data, not a keyword: it is neither checked nor removed.
      example: { name: 'x', id: 'ABCDEFGHIJKLMNOPQRSTUV', pattern: '([a-' },
      properties: {
        name: { type: 'string', pattern: '([a-' },
        // AWS QLDB's TransactionId: a fixed length that fast-check's `+` rarely produces.
        id: { type: 'string', pattern: '^[A-Za-z-0-9]+$', minLength: 22, maxLength: 22 },
        pattern: { type: 'string' },
      },
    },
  },
};

describe('patterns at generate time', () => {
  it('warns about each invalid or backtracking pattern with its file, pointer and pattern', async () => {
    const ws = workspace(FILES);
    const result = await generate({ spec: SPEC, workspaceRoot: ws.root, outDir: OUT });
    expect(result.warnings).toEqual([
      expect.stringMatching(/^api\/openapi\.yaml#\/paths\/~1codes~1\{code\}\/get\/parameters\/0\/schema\/pattern: pattern "\^\\\\x\{41\}\+\$" is not a valid JavaScript regular expression \(Invalid regular expression: .*\); it is left out of validation and sampling\./),
      expect.stringMatching(/^api\/openapi\.yaml#\/paths\/~1ledgers~1\{name\}\/get\/parameters\/0\/schema\/pattern: pattern .* has a lookaround, .* its maxLength of 32 bounds the work per value\.$/),
      expect.stringMatching(/^api\/schemas\.yaml#\/Item\/properties\/name\/pattern: pattern "\(\[a-" is not a valid JavaScript regular expression/),
    ]);
    // Left out of what the server validates, kept in the types (they carry no validation).
    const spec = result.files.find((f) => f.path === 'spec.ts')!.contents;
    expect(spec).not.toContain('x{41}');
    expect(spec).not.toContain('"pattern": "([a-"');
    expect(spec).toContain('"pattern": "^(a+)+$"');
    // The conformance suite's copy too; the example's data keeps its `pattern` key.
    const suiteSpec = JSON.parse(result.files.find((f) => f.path === 'openapi.json')!.contents);
    expect(suiteSpec.components.schemas.Item.properties.name).toEqual({ type: 'string' });
    expect(suiteSpec.components.schemas.Item.example.pattern).toBe('([a-');
  });

  it('serves requests instead of 500s, and checks an evil pattern in linear time', async () => {
    const ws = workspace(FILES);
    await generateToDisk({ spec: SPEC, workspaceRoot: ws.root, outDir: OUT });
    const server = await serveGeneratedApp(ws, OUT);
    try {
      const code = await fetch(`${server.url}/codes/anything`);
      expect(code.status).toBe(200);
      const item = (await code.json()) as { name: string; id: string };
      expect(item.id).toMatch(/^[A-Za-z-0-9]{22}$/);

      expect((await fetch(`${server.url}/evil?q=aaa`)).status).toBe(204);
      const evil = `${'a'.repeat(10_000)}!`;
      const started = performance.now();
      const rejected = await fetch(`${server.url}/evil?q=${evil}`);
      const elapsed = performance.now() - started;
      expect(rejected.status).toBe(400);
      expect(elapsed).toBeLessThan(100);

      // Lookarounds are checked by JavaScript's engine: still correct.
      expect((await fetch(`${server.url}/ledgers/my-ledger`)).status).toBe(204);
      expect((await fetch(`${server.url}/ledgers/my--ledger`)).status).toBe(400);
    } finally {
      await server.close();
    }
  });

  it('generates a handler for a fixed-length pattern (the reduced AWS QLDB Session spec) in bounded time', async () => {
    const ws = workspace({
      'qldb.json': JSON.stringify({
        openapi: '3.0.0',
        info: { title: 'QLDB Session (reduced)', version: '2019-07-11' },
        paths: {
          '/': {
            post: {
              operationId: 'SendCommand',
              responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/SendCommandResult' } } } } },
            },
          },
        },
        components: {
          schemas: {
            SendCommandResult: { type: 'object', properties: { StartTransaction: { $ref: '#/components/schemas/StartTransactionResult' } } },
            StartTransactionResult: { type: 'object', properties: { TransactionId: { $ref: '#/components/schemas/TransactionId' } } },
            TransactionId: { type: 'string', pattern: '^[A-Za-z-0-9]+$', minLength: 22, maxLength: 22 },
          },
        },
      }),
    });
    const started = performance.now();
    const result = await generate({ spec: 'qldb.json', workspaceRoot: ws.root, outDir: 'out' });
    expect(performance.now() - started).toBeLessThan(30_000);
    const implementation = result.files.find((f) => f.path.startsWith('implementations/'))!.contents;
    expect(implementation).toMatch(/"TransactionId": "[A-Za-z-0-9]{22}"/);
  });
});

describe('findPatternProblems', () => {
  it('reads keywords only: data in examples, defaults, enums and extensions is left alone', () => {
    const document = {
      components: {
        schemas: {
          A: {
            type: 'object',
            properties: { pattern: { type: 'string', pattern: '[' }, example: { type: 'string', pattern: '(' } },
            patternProperties: { '^x-(': { type: 'string' } },
            default: { pattern: '[' },
            enum: [{ pattern: '[' }],
            'x-vendor': { pattern: '[' },
          },
        },
        examples: { E: { value: { pattern: '[' } } },
      },
    };
    const problems = findPatternProblems(document);
    expect(problems.map((p) => [p.kind, p.tokens.join('/')])).toEqual([
      ['invalid', 'components/schemas/A/patternProperties/^x-('],
      ['invalid', 'components/schemas/A/properties/example/pattern'],
      ['invalid', 'components/schemas/A/properties/pattern/pattern'],
    ]);
    const cleaned = withoutInvalidPatterns(document, problems);
    expect(findPatternProblems(cleaned)).toEqual([]);
    // The caller's document is untouched; what had no problem is shared, not copied.
    expect(document.components.schemas.A.properties.pattern.pattern).toBe('[');
    expect(cleaned.components.examples).toBe(document.components.examples);
    expect(cleaned.components.schemas.A.properties.pattern).toEqual({ type: 'string' });
    expect(cleaned.components.schemas.A.default).toEqual({ pattern: '[' });
  });
});

describe('describePatternProblems', () => {
  it('says once per file that a backtracking pattern repeated in many places is backtracking', () => {
    const arn = { type: 'string', pattern: '^arn:[A-Za-z0-9:_/+.-]{0,1023}$' };
    const document = { components: { schemas: { A: arn, B: arn, C: { ...arn, maxLength: 2048 }, D: { type: 'string', pattern: '(' } } } };
    expect(describePatternProblems(findPatternProblems(document), 'aws.json')).toEqual([
      'aws.json#/components/schemas/A/pattern: pattern "^arn:[A-Za-z0-9:_/+.-]{0,1023}$" has a repeat count over 1000, which the linear-time engine cannot run; ' +
        "the server checks it with JavaScript's backtracking RegExp, and nothing bounds the length of the value, so a crafted one may make it slow: " +
        'add a maxLength, or rewrite the pattern. The same pattern is used at 1 more place in this file.',
      expect.stringMatching(/^aws\.json#\/components\/schemas\/C\/pattern: .* its maxLength of 2048 bounds the work per value\.$/),
      expect.stringMatching(/^aws\.json#\/components\/schemas\/D\/pattern: pattern "\(" is not a valid JavaScript regular expression/),
    ]);
  });
});

describe('offline sampling of patterns', () => {
  const context = { resolve: () => undefined, direction: 'response' as const };

  it('meets exact lengths and checks examples against an evil pattern without backtracking', () => {
    expect(sampleFromSchema({ type: 'string', pattern: '^[A-Za-z-0-9]+$', minLength: 22, maxLength: 22 }, context)).toMatch(/^[A-Za-z-0-9]{22}$/);
    const started = performance.now();
    // Not a match: JavaScript's RegExp would take longer than the universe's age to say so.
    const value = sampleFromSchema({ type: 'string', pattern: '^(a+)+$' }, context, `${'a'.repeat(5_000)}!`);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(value).toMatch(/^a+$/);
  });
});


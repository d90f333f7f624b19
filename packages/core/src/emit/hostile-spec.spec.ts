/**
 * A spec is untrusted input, and generated modules run when an app loads (createApp, serve,
 * conformance). These tests put hostile text in every spec field that reaches generated code,
 * typecheck the output strictly, then load and serve it in a child process, and check that the
 * text stayed data: no file written, no global set, handlers bound.
 */
import fc from 'fast-check';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateToDisk } from '../generate';
import { CORE_ROOT, openapi, useTempWorkspaces } from '../__fixtures__/workspace';
import { projectWorkspace, serveGenerated, typecheckProject } from './__fixtures__/generated-project';

const workspace = useTempWorkspaces();
jest.setTimeout(180_000);

let sentinelDir: string;
let sentinel: string;
beforeEach(() => {
  sentinelDir = mkdtempSync(join(tmpdir(), 'specwright-sentinel-'));
  sentinel = join(sentinelDir, 'pwned');
});
afterEach(() => rmSync(sentinelDir, { recursive: true, force: true }));

const ok = (schema: object = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] }) => ({
  '200': { description: 'ok', content: { 'application/json': { schema } } },
});

describe('a hostile spec', () => {
  it("cannot run code through an operationId (issue 7's payload)", async () => {
    const ws = projectWorkspace(workspace);
    // The payload, writing to this test's sentinel instead of /tmp/p.
    const payload = `x\nrequire('node:fs').writeFileSync('${sentinel}','x');\n//`;
    ws.write('apps/api/openapi.yaml', openapi('3.0.3', { '/pets': { get: { operationId: payload, summary: payload, responses: ok() } } }));
    await generateToDisk({ spec: 'apps/api/openapi.yaml', workspaceRoot: ws.root, outDir: 'apps/api/src/generated' });

    const report = serveGenerated(ws, ['apps/api/src/generated']);
    expect(existsSync(sentinel)).toBe(false);
    // Still the operation's id, and its handler is bound.
    expect(report.apps[0]?.operations).toEqual([{ operationId: payload, status: 200, body: '{"ok":true}' }]);
    expect(typecheckProject(ws)).toEqual([]);
  });

  it('binds the handler of an operation named after an Object.prototype key (__proto__, constructor, ...)', async () => {
    const ws = projectWorkspace(workspace);
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
    // A response body with properties of those names too: the offline sample must keep them.
    const schema = { type: 'object', required: ['__proto__', 'constructor'], properties: { constructor: { type: 'integer', example: 1 } } };
    const paths = Object.fromEntries(names.map((name) => [`/${name}`, { get: { operationId: name, responses: ok(schema) } }]));
    // The `__proto__` property goes in as JSON text: in an object literal here it would set the prototype.
    const json = JSON.stringify(openapi('3.0.3', paths)).replaceAll('"properties":{', '"properties":{"__proto__":{"type":"string","example":"p"},');
    ws.write('apps/api/openapi.json', json);
    await generateToDisk({ spec: 'apps/api/openapi.json', workspaceRoot: ws.root, outDir: 'apps/api/src/generated' });

    expect(typecheckProject(ws)).toEqual([]);
    // Also compiled for older targets, where computed keys and object spread become assignments.
    for (const target of [undefined, 'ES2015', 'ES5'] as const) {
      const report = serveGenerated(ws, ['apps/api/src/generated'], { target });
      expect({ target, operations: report.apps[0]?.operations.map(({ operationId, status, body }) => ({ operationId, status, body: JSON.parse(body) as unknown })) }).toEqual({
        target,
        operations: names.map((operationId) => ({ operationId, status: 200, body: JSON.parse('{"__proto__":"p","constructor":1}') as unknown })),
      });
    }
    const manifest = JSON.parse(ws.read('apps/api/src/generated/manifest.json')) as { operations: object };
    expect(Object.keys(manifest.operations).sort()).toEqual([...names].sort());
  });

  describe('a $ref outside components (openapi-typescript prints its first token as code in types.ts)', () => {
    const root = 'x-a}; globalThis.__specwrightPwned = 1; interface Q {';
    const spec = (): string =>
      JSON.stringify({
        ...openapi('3.0.3', { '/a': { get: { operationId: 'a', responses: ok({ $ref: `#/${encodeURIComponent(root)}/S` }) } } }),
        [root]: { S: { type: 'object' } },
      });
    const expected = {
      code: 'REF_UNSUPPORTED',
      location: { file: 'bundled spec', pointer: '/paths/~1a/get/responses/200/content/application~1json/schema/$ref' },
      fix: expect.stringContaining('under components') as unknown,
    };

    it('is refused with a clear error, and nothing is written', async () => {
      const ws = workspace({ 'api/openapi.json': spec() });
      await expect(generateToDisk({ spec: 'api/openapi.json', workspaceRoot: ws.root, outDir: 'api/generated' })).rejects.toMatchObject(expected);
      expect(ws.exists('api/generated')).toBe(false);
    });

    it('is refused the same way when the types are emitted on the worker thread (the built package)', async () => {
      // The built emitter: under ts-jest the sources have no compiled worker and run in-thread.
      const { startTypesEmitter } = require(join(CORE_ROOT, 'dist', 'emit', 'emit-types.js')) as typeof import('./emit-types');
      const ws = workspace({ 'api/openapi.json': spec() });
      const document = JSON.parse(ws.read('api/openapi.json')) as Parameters<ReturnType<typeof startTypesEmitter>['emit']>[0];
      const error = await startTypesEmitter().emit(document).then(() => undefined, (e: unknown) => e);
      expect(error).toMatchObject({ name: 'SpecwrightError', ...expected });
    });
  });
});

/** What a payload runs if it escapes: sets a global and writes the sentinel file. */
const CODE = "globalThis.__specwrightPwned=1;require('node:fs').writeFileSync(process.env.SPECWRIGHT_SENTINEL,'x');";

/** Ways out of a comment, a string literal, a template or a key, each followed by the code. */
const BREAKOUTS = [
  `\n${CODE}\n//`,
  `\r${CODE}\r//`,
  `\r\n${CODE}\r\n//`,
  `\u2028${CODE}\u2028//`,
  `\u2029${CODE}\u2029//`,
  `*/${CODE}/*`,
  `"+${CODE}+"`,
  `'+${CODE}+'`,
  `\`+${CODE}+\``,
  `\${${CODE}}`,
  `\\"+${CODE}+"`,
  `"]: 0 }; ${CODE} const z = { "`,
  `</script><script>${CODE}</script>`,
  `\u0000${CODE}\u0085\u202E`,
  `😀\uD800${CODE}\uDC00`,
  `<!--\n-->${CODE}`,
];

/** Pieces random hostile strings are made of. */
const FRAGMENTS = ['\n', '\r', '\u2028', '\u2029', '*/', '/*', '//', '`', '${', '}', "'", '"', '\\', '\u0000', '</script>', '😀', '\uD83D', '__proto__', CODE];

/** The hostile strings of one spec, one per field that reaches generated output. */
interface Hostile {
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly title: string;
  readonly serverPath: string;
  readonly tag: string;
  readonly pathSegment: string;
  readonly pathParameter: string;
  readonly queryParameter: string;
  readonly headerParameter: string;
  readonly cookieParameter: string;
  readonly property: string;
  readonly enumValue: string;
  readonly example: string;
  readonly responseHeader: string;
  readonly mediaType: string;
  readonly component: string;
  readonly securityScheme: string;
  readonly apiKeyHeader: string;
}

const FIELDS: ReadonlyArray<keyof Hostile> = [
  'operationId', 'summary', 'description', 'title', 'serverPath', 'tag', 'pathSegment', 'pathParameter', 'queryParameter', 'headerParameter',
  'cookieParameter', 'property', 'enumValue', 'example', 'responseHeader', 'mediaType', 'component', 'securityScheme', 'apiKeyHeader',
];

/** A `$ref` to a component whose name is any text: JSON-pointer-escaped, then percent-encoded. */
const componentRef = (kind: string, name: string): string => `#/components/${kind}/${encodeURIComponent(name.replaceAll('~', '~0').replaceAll('/', '~1'))}`;

/**
 * Lone surrogates out: they have no UTF-8 form, so a spec holding one (as a `\uD800` escape) is
 * refused at load with INVALID_TEXT (spec/unpaired-surrogates.spec.ts); here they are taken out
 * so the rest of each string still reaches the emitters.
 */
const wellFormed = (text: string): string => text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');

/**
 * A valid spec with the hostile text in every field. Only what would make the spec invalid (or
 * mean something else) is taken out: `{`, `}` and `/` where they would change the path template,
 * and `{` in the server URL (a template). Each name gets a fixed prefix so none is empty.
 */
function hostileSpec(h: Hostile): string {
  const notTemplate = (text: string): string => text.replace(/[{}/?#]/g, '');
  const path = `/p-${notTemplate(h.pathSegment)}/{a${notTemplate(h.pathParameter)}}`;
  const component = `C${wellFormed(h.component)}`;
  const scheme = `s${h.securityScheme}`;
  const schema = {
    type: 'object',
    description: h.description,
    required: [`p${h.property}`],
    properties: {
      [`p${h.property}`]: { type: 'string', enum: [`e${h.enumValue}`], description: h.description, example: `e${h.enumValue}` },
      // Names that are Object.prototype keys, beside the hostile one.
      constructor: { type: 'string', title: h.summary, default: h.example },
    },
    example: { [`p${h.property}`]: `e${h.enumValue}`, constructor: h.example },
  };
  const operation = {
    operationId: `o${h.operationId}`,
    summary: h.summary,
    description: h.description,
    tags: [`t${h.tag}`],
    parameters: [
      { name: `a${notTemplate(h.pathParameter)}`, in: 'path', required: true, description: h.description, schema: { type: 'string' } },
      { name: `q${h.queryParameter}`, in: 'query', description: h.description, schema: { type: 'string', enum: [`e${h.enumValue}`] }, example: `e${h.enumValue}` },
      { name: `h${h.headerParameter}`, in: 'header', schema: { type: 'integer', default: 1 } },
      // A component parameter: its name, and the component's, reach the types through a $ref.
      { $ref: componentRef('parameters', component) },
    ],
    security: [{ [scheme]: [] }, {}],
    responses: {
      '200': {
        description: h.description,
        headers: { [`X-${h.responseHeader}`]: { required: true, description: h.description, schema: { type: 'string' }, example: h.example } },
        content: { [`application/${h.mediaType}+json`]: { schema: { $ref: componentRef('schemas', component) } } },
      },
    },
  };
  return JSON.stringify({
    openapi: '3.0.3',
    info: { title: h.title, description: h.description, version: '1.0.0' },
    servers: [{ url: `https://api.example.test/${h.serverPath.replaceAll('{', '')}`, description: h.description }],
    tags: [{ name: `t${h.tag}`, description: h.description }],
    paths: {
      [path]: {
        get: operation,
        // No operationId: one is derived from the hostile path.
        post: { summary: h.summary, requestBody: { content: { [`application/${h.mediaType}+json`]: { schema: { $ref: componentRef('schemas', component) } } } }, responses: operation.responses },
      },
    },
    components: {
      schemas: { [component]: schema },
      parameters: { [component]: { name: `c${h.cookieParameter}`, in: 'cookie', description: h.description, schema: { type: 'string' } } },
      securitySchemes: { [scheme]: { type: 'apiKey', in: 'header', name: `k${h.apiKeyHeader}`, description: h.description } },
    },
  });
}

/** Generates each spec into its own app, typechecks them all at once, then loads and serves them. */
async function checkHostileSpecs(specs: readonly Hostile[]): Promise<void> {
  const ws = projectWorkspace(workspace);
  const outDirs: string[] = [];
  for (const [i, h] of specs.entries()) {
    const text = Object.fromEntries(Object.entries(h).map(([field, value]) => [field, wellFormed(value as string)])) as unknown as Hostile;
    ws.write(`apps/a${i}/openapi.json`, hostileSpec(text));
    await generateToDisk({ spec: `apps/a${i}/openapi.json`, workspaceRoot: ws.root, outDir: `apps/a${i}/src/generated` });
    outDirs.push(`apps/a${i}/src/generated`);
  }
  const report = serveGenerated(ws, outDirs, { env: { SPECWRIGHT_SENTINEL: sentinel } });
  expect({ sentinelWritten: existsSync(sentinel), globalSet: report.pwned }).toEqual({ sentinelWritten: false, globalSet: false });
  // Every operation of every app was loaded and bound (501 means no handler), and none fails:
  // header names and media types HTTP cannot carry are not sent by the offline handlers.
  expect(report.apps.map((app) => app.operations.filter((o) => o.status >= 500))).toEqual(specs.map(() => []));
  expect(report.apps.map((app, i) => app.operations.map((o) => o.operationId)[0])).toEqual(specs.map((h) => `o${wellFormed(h.operationId)}`));
  expect(typecheckProject(ws)).toEqual([]);
}

describe('hostile text in every field that reaches generated code', () => {
  it('stays data for each breakout, put in every field at once', async () => {
    await checkHostileSpecs(BREAKOUTS.map((text) => Object.fromEntries(FIELDS.map((field) => [field, text])) as unknown as Hostile));
  });

  it('stays data for random hostile strings (fast-check)', async () => {
    const text = fc
      .array(fc.oneof(fc.constantFrom(...FRAGMENTS, ...BREAKOUTS), fc.string({ unit: 'binary', maxLength: 4 })), { minLength: 1, maxLength: 5 })
      .map((parts) => parts.join(''));
    const hostile = fc.record(Object.fromEntries(FIELDS.map((field) => [field, text])) as { [K in keyof Hostile]: fc.Arbitrary<string> });
    // One run of a batch: the cost is the typecheck and the child process, shared by the batch.
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: 10, maxLength: 10 }), (specs) => checkHostileSpecs(specs)),
      { numRuns: 1, endOnFailure: true },
    );
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dedent, openapi } from '../__fixtures__/workspace';
import { generateRun, manyOperationsSpec, type GeneratedRun } from './__fixtures__/generated-run';
import { createCandidateTypechecker, STRICT_COMPILER_OPTIONS, type CandidateTypechecker } from './typecheck-candidates';

jest.setTimeout(180_000);

const WRONG_NAME_TYPE = dedent(`
  import type { GetPetHandler } from '../handler-types.js';

  const handler: GetPetHandler = async ({ path }) => ({
    status: 200,
    body: { id: path.petId, name: 42, status: 'available' },
  });
  export default handler;
`);

describe('createCandidateTypechecker', () => {
  let run: GeneratedRun;
  let checker: CandidateTypechecker;
  beforeAll(async () => {
    run = await generateRun();
    checker = createCandidateTypechecker({ files: run.result.files });
  });
  afterAll(() => {
    checker?.dispose();
    run?.dispose();
  });

  it('holds candidates to the strict settings the generated-code tests use', () => {
    const fixture: unknown = JSON.parse(readFileSync(join(__dirname, '..', 'emit', '__fixtures__', 'strict-compiler-options.json'), 'utf8'));
    expect(STRICT_COMPILER_OPTIONS).toEqual(fixture);
  });

  it('passes the offline provider’s handlers', () => {
    for (const id of ['listPets', 'createPet', 'getPet', 'deletePet', 'updatePet']) {
      expect(checker.check(run.operation(id), run.offlineCode(id))).toEqual([]);
    }
  });

  it('reports a wrong body type with the TypeScript error, placed in the operation’s file', () => {
    const errors = checker.check(run.operation('getPet'), WRONG_NAME_TYPE);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^implementations\/getPet\.ts\(3,52\): error TS2322: Type '.*' is not assignable to type /);
    // The whole chain, flattened: down to the property that is wrong.
    expect(errors[0]).toMatch(/\n\s+.*Type 'number' is not assignable to type 'string'/);
  });

  it('reports syntax errors', () => {
    const errors = checker.check(run.operation('getPet'), 'const handler = async () => ({ status: 200 );\nexport default handler;\n');
    expect(errors[0]).toMatch(/^implementations\/getPet\.ts\(1,44\): error TS1005: ',' expected\./);
  });

  it('reports names that do not exist without @types/node (process, require, Buffer)', () => {
    const errors = checker.check(run.operation('deletePet'), 'const handler = async () => ({ status: 204 as const, body: Buffer.from("x") });\nexport default handler;\n');
    expect(errors).toEqual([expect.stringMatching(/^implementations\/deletePet\.ts\(1,60\): error TS2591: Cannot find name 'Buffer'/)]);
  });

  it('requires the default export to be the operation’s handler', () => {
    const missing = checker.check(run.operation('getPet'), 'export const handler = 1;\n');
    expect(missing).toEqual([expect.stringMatching(/^implementations\/getPet\.ts: error TS1192: the default export must be the operation's handler \(`const handler: GetPetHandler = async/)]);
    expect(missing[0]).toContain('implementations/getPet');
    expect(missing[0]).toContain(`Module '"implementations/getPet"' has no default export.`);

    const wrong = checker.check(run.operation('getPet'), 'export default async () => ({ status: 418 });\n');
    expect(wrong).toEqual([expect.stringContaining("implementations/getPet.ts: error TS2322: the default export must be the operation's handler")]);

    // Another operation's handler is not this one's.
    const other = checker.check(run.operation('getPet'), run.offlineCode('createPet'));
    expect(other).toEqual([expect.stringContaining('is not assignable to type')]);
  });

  it('works from the files generate hands over, which have no implementations/ folder', () => {
    const bare = createCandidateTypechecker({ files: run.result.files.filter((file) => !file.path.startsWith('implementations/')) });
    try {
      expect(bare.check(run.operation('getPet'), run.offlineCode('getPet'))).toEqual([]);
      expect(bare.check(run.operation('getPet'), WRONG_NAME_TYPE)[0]).toMatch(/error TS2322/);
    } finally {
      bare.dispose();
    }
  });

  it('checks each candidate alone: a broken one leaves no trace on the next', () => {
    expect(checker.check(run.operation('getPet'), WRONG_NAME_TYPE)).not.toEqual([]);
    expect(checker.check(run.operation('getPet'), run.offlineCode('getPet'))).toEqual([]);
  });
});

describe('createCandidateTypechecker with a context file and nested operation files', () => {
  it('resolves `../../context.js` and `../../handler-types.js` from implementations/<folder>/', async () => {
    const spec = openapi('3.1.0', {
      '/repos/{id}': {
        get: {
          operationId: 'repos/get',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } } } },
        },
      },
    });
    const run = await generateRun(spec);
    const checker = createCandidateTypechecker({
      files: run.result.files,
      contextFile: { path: '../context.ts', contents: 'export interface Names { lookup(id: number): string }\n' },
    });
    try {
      const operation = run.operation('repos/get');
      expect(operation.fileName).toContain('/');
      const depth = operation.fileName.split('/').length;
      const up = '../'.repeat(depth);
      const code = (expression: string): string =>
        dedent(`
          import type { ${operation.typeName}Handler } from '${up}handler-types.js';
          import type { Names } from '${up}../context.js';
          const names: Names = { lookup: (id) => \`repo \${id}\` };
          const handler: ${operation.typeName}Handler = async ({ path }) => ({ status: 200, body: { name: ${expression} } });
          export default handler;
        `);
      expect(checker.check(operation, code('names.lookup(path.id)'))).toEqual([]);
      expect(checker.check(operation, code('names.lookup(String(path.id))'))).toEqual([
        expect.stringMatching(new RegExp(`^implementations/${operation.fileName}\\.ts\\(4,\\d+\\): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'\\.$`)),
      ]);
    } finally {
      checker.dispose();
      run.dispose();
    }
  });
});

describe('createCandidateTypechecker on a spec of 100 operations', () => {
  it('parses the emitted files once for 50 candidates, and each candidate after the first is quick', async () => {
    const run = await generateRun(manyOperationsSpec(100));
    const checker = createCandidateTypechecker({ files: run.result.files });
    try {
      const operations = run.result.operations.slice(0, 50);
      const times: number[] = [];
      for (const operation of operations) {
        const started = performance.now();
        expect(checker.check(operation, run.offlineCode(operation.id))).toEqual([]);
        times.push(performance.now() - started);
      }
      expect(checker.parses('types.ts')).toBe(1);
      expect(checker.parses('handler-types.ts')).toBe(1);
      const [first, ...rest] = times as [number, ...number[]];
      const median = rest.sort((a, b) => a - b)[Math.floor(rest.length / 2)] as number;
      // Typically 20–60 ms against 1–3 s for the first; a loose bound, as CI machines are shared.
      expect(median).toBeLessThan(first / 4);
    } finally {
      checker.dispose();
      run.dispose();
    }
  });
});

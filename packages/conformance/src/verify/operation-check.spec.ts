/**
 * The operation check as core's verifier runs it: petstore generated in memory with the offline
 * provider, candidates verified through every stage (policy, typecheck, this check).
 */
import { createVerifier, generate, type GenerateResult, type Operation, type Verifier, type VerifyResult } from '@specwright/core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOperationConformanceCheck } from './operation-check';

jest.setTimeout(180_000);

const PETSTORE = require.resolve('@specwright/core/templates/petstore/openapi.yaml');

const getPet = (body: string): string =>
  [
    "import type { GetPetHandler } from '../handler-types.js';",
    body,
    'export default handler;',
    '',
  ].join('\n');

describe('createOperationConformanceCheck through the verifier', () => {
  let root: string;
  let result: GenerateResult;
  let verifier: Verifier;
  const operation = (id: string): Operation => result.operations.find((o) => o.id === id)!;
  const offline = (id: string): string => result.files.find((f) => f.path === `implementations/${operation(id).fileName}.ts`)!.contents;
  const verify = (code: string, id = 'getPet'): Promise<VerifyResult> => verifier.verify({ operation: operation(id), code });

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'specwright-operation-check-'));
    writeFileSync(join(root, 'openapi.yaml'), readFileSync(PETSTORE, 'utf8'));
    result = await generate({ spec: 'openapi.yaml', workspaceRoot: root, outDir: 'src/generated' });
    verifier = createVerifier({
      files: result.files,
      document: result.source.document,
      version: result.source.version,
      operations: result.operations,
      conformanceCheck: createOperationConformanceCheck({ cases: 5 }),
      timeoutMs: 2_000,
    });
  });
  afterAll(() => {
    verifier?.dispose();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it.each(['listPets', 'createPet', 'getPet', 'deletePet', 'updatePet'])('passes the offline provider’s %s', async (id) => {
    const verdict = await verify(offline(id), id);
    if (!verdict.ok) throw new Error(verdict.errors.join('\n\n'));
    expect(verdict.ok).toBe(true);
  });

  it('fails a body that typechecks (cast through unknown) but violates the response schema', async () => {
    const verdict = await verify(getPet("const handler: GetPetHandler = async () => ({ status: 200, body: { id: 'one', name: 7 } }) as unknown as Awaited<ReturnType<GetPetHandler>>;"));
    expect(verdict).toMatchObject({ ok: false, stage: 'conformance' });
    const errors = verdict.ok ? [] : verdict.errors;
    expect(errors).toEqual([expect.stringMatching(/^response_schema_conformance failed for getPet \(\w+ phase\): body does not match the 200 application\/json schema: /)]);
    // What the model needs to fix it: the request, the response it gave, and the seed.
    expect(errors[0]).toMatch(/\n {2}curl /);
    expect(errors[0]).toContain('Response: 200');
    expect(errors[0]).toContain('"id":"one"');
    expect(errors[0]).toMatch(/\nSeed: \d+/);
  });

  it('fails a status the operation does not declare', async () => {
    const verdict = await verify(getPet("const handler: GetPetHandler = async () => ({ status: 418 }) as unknown as Awaited<ReturnType<GetPetHandler>>;"));
    expect(verdict).toMatchObject({ ok: false, stage: 'conformance', errors: expect.arrayContaining([expect.stringMatching(/^status_code_conformance failed for getPet .*418/)]) });
  });

  it('gives the same verdict for the same candidate (seeded cases)', async () => {
    const code = getPet("const handler: GetPetHandler = async ({ path }) => (path.petId % 2 === 0 ? { status: 200, body: { id: path.petId, name: 'Rex', status: 'lost' } } : { status: 404, body: { type: 'about:blank', title: 'no', status: 404 } }) as unknown as Awaited<ReturnType<GetPetHandler>>;");
    const [first, second] = [await verify(code), await verify(code)];
    expect(first).toMatchObject({ ok: false, stage: 'conformance' });
    expect(second.ok ? [] : second.errors).toEqual(first.ok ? [] : first.errors);
  });

  it('fails a handler that throws at load, or never answers, without ending the run', async () => {
    const throwing = await verify(getPet("const start = (): never => { throw new Error('no database'); };\nconst handler: GetPetHandler = start();"));
    expect(throwing).toMatchObject({ ok: false, stage: 'conformance', errors: ['implementations/getPet.ts: the module threw while loading: Error: no database'] });

    const hanging = await verify(getPet('const handler: GetPetHandler = () => new Promise(() => {});'));
    expect(hanging).toMatchObject({ ok: false, stage: 'conformance', errors: [expect.stringContaining('did not finish within 2000 ms')] });

    // The verifier still works.
    expect(await verify(offline('getPet'))).toMatchObject({ ok: true });
  });
});

describe('createOperationConformanceCheck judges the handler, not the runtime', () => {
  it('passes a handler whose spec declares no 400, though the runtime answers invalid requests with 400', async () => {
    const root = mkdtempSync(join(tmpdir(), 'specwright-operation-check-'));
    try {
      const spec = {
        openapi: '3.1.0',
        info: { title: 'No 400', version: '1' },
        paths: {
          '/items': {
            get: {
              operationId: 'listItems',
              parameters: [
                { name: 'limit', in: 'query', required: true, schema: { type: 'integer', minimum: 1, maximum: 10 } },
                { name: 'X-Request-Id', in: 'header', required: true, schema: { type: 'string' } },
              ],
              responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { type: 'integer' } } } } } },
            },
          },
        },
      };
      writeFileSync(join(root, 'openapi.json'), JSON.stringify(spec));
      const result = await generate({ spec: 'openapi.json', workspaceRoot: root, outDir: 'src/generated' });
      const verifier = createVerifier({
        files: result.files,
        document: result.source.document,
        version: result.source.version,
        operations: result.operations,
        conformanceCheck: createOperationConformanceCheck({ cases: 5 }),
      });
      try {
        const operation = result.operations[0]!;
        const module = (returned: string): string =>
          [
            "import type { ListItemsHandler } from '../handler-types.js';",
            `const handler: ListItemsHandler = async ({ query }) => (${returned});`,
            'export default handler;',
            '',
          ].join('\n');
        const verdict = await verifier.verify({ operation, code: module('{ status: 200, body: Array.from({ length: query.limit }, (_, i) => i) }') });
        if (!verdict.ok) throw new Error(verdict.errors.join('\n\n'));
        // And the check still has teeth here: a body of the wrong type fails.
        const wrong = await verifier.verify({
          operation,
          code: module("{ status: 200, body: Array.from({ length: query.limit }, () => 'x') } as unknown as Awaited<ReturnType<ListItemsHandler>>"),
        });
        expect(wrong).toMatchObject({ ok: false, stage: 'conformance', errors: [expect.stringMatching(/^response_schema_conformance failed for listItems/)] });
      } finally {
        verifier.dispose();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

import { dedent } from '../__fixtures__/workspace';
import { generateRun, manyOperationsSpec, type GeneratedRun } from './__fixtures__/generated-run';
import { createVerifier, type CreateVerifierOptions } from './create-verifier';
import type { OperationConformanceCheck, Verifier, VerifyResult } from './verify-types';

jest.setTimeout(180_000);

/**
 * A stand-in for @specwright/conformance's check (core cannot depend on it; its own tests run
 * the real one through this verifier): one GET of pet 1, whose status must be declared and,
 * when it is 200, whose body must carry a string name.
 */
const getPetCheck: OperationConformanceCheck = async ({ app, operationId, document }) => {
  const response = await app.fetch(new Request('http://localhost/pets/1'));
  const spec = document as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
  const declared = Object.keys(spec.paths['/pets/{petId}']?.get?.responses ?? {});
  if (!declared.includes(String(response.status))) return [`${operationId}: GET /pets/1 answered ${response.status}, which the operation does not declare`];
  if (response.status !== 200) return [];
  const body = (await response.json()) as { name?: unknown };
  return typeof body.name === 'string' ? [] : [`${operationId}: GET /pets/1 answered a pet without a string name: ${JSON.stringify(body)}`];
};

const handler = (body: string): string =>
  dedent(`
    import type { GetPetHandler } from '../handler-types.js';
    const NOT_FOUND = { type: 'about:blank', title: 'Not found', status: 404 };
    ${body}
    export default handler;
  `);

describe('createVerifier', () => {
  let run: GeneratedRun;
  let verifier: Verifier;
  let checked: string[];
  const options = (extra: Partial<CreateVerifierOptions> = {}): CreateVerifierOptions => ({
    files: run.result.files,
    document: run.result.source.document,
    version: run.result.source.version,
    operations: run.result.operations,
    ...extra,
  });
  const verify = (code: string, v: Verifier = verifier): Promise<VerifyResult> => v.verify({ operation: run.operation('getPet'), code });

  beforeAll(async () => {
    run = await generateRun();
    verifier = createVerifier(
      options({
        timeoutMs: 1_000,
        conformanceCheck: async (input) => {
          checked.push(input.operationId);
          return getPetCheck(input);
        },
      }),
    );
  });
  beforeEach(() => {
    checked = [];
  });
  afterAll(() => {
    verifier?.dispose();
    run?.dispose();
  });

  it('passes the offline provider’s handler through every stage', async () => {
    const result = await verify(run.offlineCode('getPet'));
    expect(result).toEqual({ ok: true, ms: expect.any(Number) });
    expect(checked).toEqual(['getPet']);
  });

  it('runs the policy first: unsafe code is neither typechecked nor loaded', async () => {
    const result = await verify(handler("const handler: GetPetHandler = async () => ({ status: 200, body: eval('1') });"));
    expect(result).toMatchObject({ ok: false, stage: 'policy', errors: [expect.stringMatching(/^implementations\/getPet\.ts\(3,66\): policy error eval: /)] });
    expect(checked).toEqual([]);
  });

  it('fails the typecheck with the TypeScript error text, before any conformance case runs', async () => {
    const result = await verify(handler("const handler: GetPetHandler = async () => ({ status: 200, body: { id: 1, name: 7, status: 'sold' } });"));
    expect(result).toMatchObject({ ok: false, stage: 'typecheck', errors: [expect.stringMatching(/^implementations\/getPet\.ts\(3,\d+\): error TS2322: /)] });
    expect(checked).toEqual([]);
  });

  it('fails conformance for code that typechecks (cast through unknown) but breaks the contract', async () => {
    const result = await verify(handler("const handler: GetPetHandler = async () => ({ status: 418 }) as unknown as Awaited<ReturnType<GetPetHandler>>;"));
    expect(result).toMatchObject({ ok: false, stage: 'conformance', errors: ['getPet: GET /pets/1 answered 418, which the operation does not declare'] });
  });

  it('quotes what the handler threw after the failures', async () => {
    const result = await verify(handler("const handler: GetPetHandler = async ({ path }) => { throw new RangeError(`no pet ${path.petId} here`); };"));
    expect(result).toMatchObject({
      ok: false,
      stage: 'conformance',
      errors: ['getPet: GET /pets/1 answered 500, which the operation does not declare', 'implementations/getPet.ts: the handler threw RangeError: no pet 1 here'],
    });
  });

  it('fails a module that throws while loading, without ending the run', async () => {
    const result = await verify(handler("const fail = (): never => { throw new TypeError('cannot start'); };\nconst handler: GetPetHandler = fail();"));
    expect(result).toMatchObject({ ok: false, stage: 'conformance', errors: ['implementations/getPet.ts: the module threw while loading: TypeError: cannot start'] });
    expect(checked).toEqual([]);
  });

  it('fails a module whose top level never finishes (an endless loop)', async () => {
    const result = await verify(handler("for (let i = 0; i >= 0; i++) {}\nconst handler: GetPetHandler = async () => ({ status: 404, body: NOT_FOUND });"));
    expect(result).toMatchObject({ ok: false, stage: 'conformance', errors: [expect.stringContaining('implementations/getPet.ts: loading the module did not finish within 1000 ms')] });
  });

  it('fails a handler whose promise never settles, after the timeout', async () => {
    const result = await verify(handler('const handler: GetPetHandler = () => new Promise(() => {});'));
    expect(result).toMatchObject({ ok: false, stage: 'conformance', errors: [expect.stringContaining('the conformance cases did not finish within 1000 ms')] });
    expect(result.ms).toBeGreaterThanOrEqual(900);
  });

  it('stops a handler call that loops synchronously, and says so', async () => {
    const result = await verify(handler("const handler: GetPetHandler = async () => { for (let i = 0; i >= 0; i++) {} return { status: 404, body: NOT_FOUND }; };"));
    expect(result).toMatchObject({
      ok: false,
      stage: 'conformance',
      errors: [
        expect.stringContaining('a handler call ran synchronously for more than 1000 ms and was stopped'),
        'getPet: GET /pets/1 answered 500, which the operation does not declare',
        expect.stringContaining('the handler threw Error: the handler ran synchronously for more than 1000 ms'),
      ],
    });
  });

  it('clears the timers a candidate started once it is judged, and they never hold the process open', async () => {
    const started: NodeJS.Timeout[] = [];
    const setIntervalSpy = jest.spyOn(global, 'setInterval').mockImplementation(((callback: () => void, ms: number) => {
      const timer = setTimeout(callback, ms);
      started.push(timer);
      return timer;
    }) as typeof setInterval);
    const clearTimeoutSpy = jest.spyOn(global, 'clearTimeout');
    try {
      const result = await verify(handler("let ticks = 0;\nsetInterval(() => { ticks++; }, 60_000);\nconst handler: GetPetHandler = async () => ({ status: 418, body: ticks }) as unknown as Awaited<ReturnType<GetPetHandler>>;"));
      expect(result).toMatchObject({ ok: false, stage: 'conformance' });
      expect(started).toHaveLength(1);
      expect(started[0]!.hasRef()).toBe(false);
      expect(clearTimeoutSpy).toHaveBeenCalledWith(started[0]);
    } finally {
      setIntervalSpy.mockRestore();
      clearTimeoutSpy.mockRestore();
    }
  });

  it('loads only @specwright/runtime and the allowed packages; type imports of emitted files are erased', async () => {
    const usesYaml = handler(dedent(`
      import { parse } from 'yaml';
      import { isHeaderName } from '@specwright/runtime';
      import type { components } from '../types.js';
      const pet = { ...(parse('{ id: 1, name: Rex, status: available }') as components['schemas']['Pet']), tag: String(isHeaderName('x')) };
      const handler: GetPetHandler = async () => ({ status: 200, body: pet });
    `));
    expect(await verify(usesYaml)).toMatchObject({ ok: false, stage: 'policy', errors: [expect.stringContaining('"yaml" is not an allowed import')] });
    const allowing = createVerifier(options({ allowImports: ['yaml'], conformanceCheck: getPetCheck }));
    try {
      expect(await verify(usesYaml, allowing)).toEqual({ ok: true, ms: expect.any(Number) });
    } finally {
      allowing.dispose();
    }
  });

  it('verifies candidates concurrently', async () => {
    const good = run.offlineCode('getPet');
    const bad = handler("const handler: GetPetHandler = async () => ({ status: 418 }) as unknown as Awaited<ReturnType<GetPetHandler>>;");
    const results = await Promise.all([good, bad, good, bad, good].map((code) => verify(code)));
    expect(results.map((r) => (r.ok ? 'ok' : r.stage))).toEqual(['ok', 'conformance', 'ok', 'conformance', 'ok']);
  });

  it('skips conformance without a check, and refuses to work after dispose', async () => {
    const typesOnly = createVerifier(options());
    const status418 = handler("const handler: GetPetHandler = async () => ({ status: 418 }) as unknown as Awaited<ReturnType<GetPetHandler>>;");
    expect(await verify(status418, typesOnly)).toEqual({ ok: true, ms: expect.any(Number) });
    typesOnly.dispose();
    await expect(verify(status418, typesOnly)).rejects.toThrow('disposed');
  });
});

describe('createVerifier on a spec of 100 operations', () => {
  it('checks 50 candidates with one language service: each after the first takes a fraction of the first', async () => {
    const run = await generateRun(manyOperationsSpec(100));
    const verifier = createVerifier({ files: run.result.files, document: run.result.source.document, version: run.result.source.version, operations: run.result.operations });
    try {
      const results: VerifyResult[] = [];
      for (const operation of run.result.operations.slice(0, 50)) results.push(await verifier.verify({ operation, code: run.offlineCode(operation.id) }));
      expect(results.filter((r) => !r.ok)).toEqual([]);
      const [first, ...rest] = results.map((r) => r.ms) as [number, ...number[]];
      const median = rest.sort((a, b) => a - b)[Math.floor(rest.length / 2)] as number;
      expect(median).toBeLessThan(first / 4);
    } finally {
      verifier.dispose();
      run.dispose();
    }
  });
});

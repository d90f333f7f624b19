import { spawn, type ChildProcess } from 'node:child_process';
import { parse as parseYaml } from 'yaml';
import { tmpdir } from 'node:os';
import { readdirSync } from 'node:fs';
import { generate, generateToDisk, type GenerateOptions, type GenerateProgress } from './generate';
import { operationKey } from './contract/index-operations';
import { SpecwrightError } from './errors';
import type { HandlerProvider, ImplementRequest } from './providers/provider';
import { createOfflineProvider } from './providers/offline/offline-provider';
import { EMITTED_INTERFACE_VERSION } from './versions';
import { openapi, petstoreYaml, useTempWorkspaces, type TempWorkspace } from './__fixtures__/workspace';

const workspace = useTempWorkspaces();

const SPEC = 'apps/api/openapi.yaml';
const OUT = 'apps/api/src/generated';
const LOCK = 'apps/api/src/.generated.specwright.lock';

const PETSTORE_FILES = [
  'app.ts',
  'client.ts',
  'conformance.suite.ts',
  'handler-types.ts',
  'implementations/createPet.ts',
  'implementations/deletePet.ts',
  'implementations/getPet.ts',
  'implementations/listPets.ts',
  'implementations/updatePet.ts',
  'index.ts',
  'manifest.json',
  'openapi.json',
  'spec.ts',
  'types.ts',
];

function petstoreWorkspace(): TempWorkspace {
  return workspace({ [SPEC]: petstoreYaml() });
}

function options(ws: TempWorkspace, extra: Partial<GenerateOptions> = {}): GenerateOptions {
  return { spec: SPEC, workspaceRoot: ws.root, outDir: OUT, ...extra };
}

async function rejection(promise: Promise<unknown>): Promise<SpecwrightError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SpecwrightError)) throw new Error(`expected a SpecwrightError, got ${error === undefined ? 'success' : String(error)}`);
  return error;
}

/** Names in the output's parent folder that are not the output itself (temp dirs, locks). */
function leftovers(ws: TempWorkspace): string[] {
  return readdirSync(ws.path('apps/api/src')).filter((name) => name !== 'generated' && name !== 'handlers');
}

function manifestOf(files: readonly { path: string; contents: string }[]): any {
  return JSON.parse(files.find((f) => f.path === 'manifest.json')?.contents ?? 'null');
}

describe('generate: the petstore template', () => {
  it('produces types, client, server wiring, implementations, index and manifest', async () => {
    const ws = petstoreWorkspace();
    const events: GenerateProgress[] = [];
    const result = await generate(options(ws, { onProgress: (e) => events.push(e) }));
    expect(result.files.map((f) => f.path)).toEqual(PETSTORE_FILES);
    expect(result.summary).toEqual({
      operations: 5,
      server: true,
      handOwned: 0,
      generated: 5,
      reused: 0,
      pinned: 5,
      edited: 0,
      failed: 0,
      provider: 'offline',
      usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
      cost: undefined,
      files: 14,
    });
    expect(events[0]).toEqual({ kind: 'loaded', files: 1, operations: 5 });
    expect(events.filter((e) => e.kind === 'implemented')).toHaveLength(5);
    // generate() only returns the files and the lock change; nothing is written.
    expect(ws.exists(OUT)).toBe(false);
    expect(ws.exists('apps/api/specwright.lock')).toBe(false);
    expect([...(result.lock?.pins.keys() ?? [])].sort()).toEqual(['createPet', 'deletePet', 'getPet', 'listPets', 'updatePet']);

    const manifest = manifestOf(result.files);
    expect(manifest).toMatchObject({ generator: 'specwright', spec: SPEC, specFiles: [SPEC], specHash: expect.stringMatching(/^[0-9a-f]{64}$/), emit: ['types', 'client', 'server'] });
    expect(Object.keys(manifest.operations)).toEqual(['createPet', 'deletePet', 'getPet', 'listPets', 'updatePet']);
    expect(manifest.operations.getPet).toMatchObject({ method: 'get', path: '/pets/{petId}', handler: 'offline', file: `${OUT}/implementations/getPet.ts` });

    const app = result.files.find((f) => f.path === 'app.ts')!.contents;
    expect(app).toContain("import h2 from './implementations/getPet.js';");
    expect(app).toContain('"getPet": h2, // offline: implementations/getPet.ts');
    const handlerTypes = result.files.find((f) => f.path === 'handler-types.ts')!.contents;
    expect(handlerTypes).toContain('export type GetPetHandler = OperationHandler<paths["/pets/{petId}"]["get"], Services>;');
    expect(result.files.find((f) => f.path === 'client.ts')!.contents).toContain('"https://petstore.specwright.dev/v1"');
  });

  it('writes exactly the generated files to disk', async () => {
    const ws = petstoreWorkspace();
    const result = await generateToDisk(options(ws));
    expect(ws.tree(OUT)).toEqual(Object.fromEntries(result.files.map((f) => [f.path, f.contents])));
    expect(leftovers(ws)).toEqual([]);
  });

  it('is byte-identical across runs and across workspaces at different absolute paths', async () => {
    const ws = petstoreWorkspace();
    const elsewhere = workspace.copy(ws);
    await generateToDisk(options(ws));
    const first = ws.tree(OUT);
    await generateToDisk(options(ws));
    expect(ws.tree(OUT)).toEqual(first);
    await generateToDisk(options(elsewhere));
    expect(elsewhere.tree(OUT)).toEqual(first);
    for (const [file, text] of Object.entries(first)) {
      for (const machineSpecific of [ws.root, elsewhere.root, tmpdir()]) {
        expect({ file, leaks: text.includes(machineSpecific) }).toEqual({ file, leaks: false });
      }
    }
  });

  it('is byte-identical when the spec is only reformatted', async () => {
    const ws = petstoreWorkspace();
    const before = await generate(options(ws));
    ws.write(SPEC, JSON.stringify(parseYaml(ws.read(SPEC)), null, 4));
    const after = await generate(options(ws));
    expect(after.source.hash).not.toBe(before.source.hash);
    expect(after.files).toEqual(before.files);
  });

  it('is byte-identical across absolute paths for a multi-file spec too', async () => {
    const ws = workspace({
      [SPEC]: openapi('3.0.3', {
        '/things/{id}': {
          get: {
            operationId: 'getThing',
            parameters: [{ $ref: '../../libs/shared/params.yaml#/Id' }],
            responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '../../libs/shared/thing.yaml' } } } } },
          },
        },
      }),
      'libs/shared/thing.yaml': { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, parts: { type: 'array', items: { $ref: './thing.yaml' } } } },
      'libs/shared/params.yaml': { Id: { name: 'id', in: 'path', required: true, schema: { type: 'integer' } } },
    });
    const elsewhere = workspace.copy(ws);
    const a = await generate(options(ws));
    const b = await generate(options(elsewhere));
    expect(b.files).toEqual(a.files);
    expect(manifestOf(a.files).specFiles).toEqual(['apps/api/openapi.yaml', 'libs/shared/params.yaml', 'libs/shared/thing.yaml']);
    for (const file of a.files) expect({ file: file.path, leaks: file.contents.includes(ws.root) }).toEqual({ file: file.path, leaks: false });
  });
});

describe('generate: hand-owned handlers', () => {
  const handler = "import type { GetPetHandler } from '../generated/handler-types';\nconst h: GetPetHandler = async () => ({ status: 404 });\nexport default h;\n";

  it('binds a handler in src/handlers instead of generating one, and never writes there', async () => {
    const ws = petstoreWorkspace();
    ws.write('apps/api/src/handlers/getPet.ts', handler);
    const calls: string[] = [];
    const offline = createOfflineProvider();
    const provider: HandlerProvider = { ...offline, implement: (req: ImplementRequest) => (calls.push(req.operation.id), offline.implement(req)) };
    const result = await generateToDisk(options(ws, { provider }));

    expect(calls.sort()).toEqual(['createPet', 'deletePet', 'listPets', 'updatePet']);
    expect(result.summary).toMatchObject({ handOwned: 1, generated: 4 });
    expect(ws.list(OUT)).toEqual(PETSTORE_FILES.filter((f) => f !== 'implementations/getPet.ts'));
    const app = ws.read(`${OUT}/app.ts`);
    expect(app).toContain("import h2 from '../handlers/getPet.js';");
    expect(app).toContain('"getPet": h2, // hand-owned: apps/api/src/handlers/getPet.ts');
    const manifest = JSON.parse(ws.read(`${OUT}/manifest.json`));
    expect(manifest.operations.getPet).toEqual({
      method: 'get',
      path: '/pets/{petId}',
      contractHash: result.operations.find((o) => o.id === 'getPet')!.contractHash,
      key: expect.stringMatching(/^[0-9a-f]{64}$/),
      handler: 'hand-owned',
      file: 'apps/api/src/handlers/getPet.ts',
    });
    expect(ws.read('apps/api/src/handlers/getPet.ts')).toBe(handler);
  });

  it('warns about hand-owned handlers that match no operation, and ignores them', async () => {
    const ws = petstoreWorkspace();
    ws.write('apps/api/src/handlers/getPet.ts', handler);
    ws.write('apps/api/src/handlers/fetchPet.ts', handler);
    ws.write('apps/api/src/handlers/getPet.spec.ts', 'export {};\n');
    const result = await generate(options(ws));
    expect(result.warnings).toEqual(['apps/api/src/handlers/fetchPet.ts matches no operation in the spec (renamed or removed?); it is not used.']);
    expect(result.files.find((f) => f.path === 'app.ts')!.contents).not.toContain('fetchPet');
    expect((await generate(options(petstoreWorkspace()))).warnings).toEqual([]);
  });

  it('honours a custom handlers folder', async () => {
    const ws = petstoreWorkspace();
    ws.write('apps/api/owned/getPet.ts', handler);
    const result = await generate(options(ws, { handlersDir: 'apps/api/owned' }));
    expect(result.files.find((f) => f.path === 'app.ts')!.contents).toContain("import h2 from '../../owned/getPet.js';");
    expect(manifestOf(result.files).operations.getPet.file).toBe('apps/api/owned/getPet.ts');
  });

  it('puts operations with `/` in their id in folders, for generated and hand-owned handlers', async () => {
    const ok = { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } } } };
    const ws = workspace({
      [SPEC]: openapi('3.1.0', {
        '/orgs/{org}/repos': { get: { operationId: 'repos/list-for-org', parameters: [{ name: 'org', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } },
        '/user/repos': { get: { operationId: 'repos/list-for-user', responses: ok } },
      }),
      'apps/api/src/handlers/repos/list-for-user.ts': 'export default async () => ({ status: 200, body: [] });\n',
    });
    const result = await generate(options(ws));
    const impl = result.files.find((f) => f.path === 'implementations/repos/list-for-org.ts');
    expect(impl?.contents).toContain("import type { ReposListForOrgHandler } from '../../handler-types.js';");
    const app = result.files.find((f) => f.path === 'app.ts')!.contents;
    expect(app).toContain("from './implementations/repos/list-for-org.js';");
    expect(app).toContain("from '../handlers/repos/list-for-user.js';");
    expect(result.files.map((f) => f.path)).not.toContain('implementations/repos/list-for-user.ts');
  });
});

describe('generate: options', () => {
  it("emits only types, index and manifest for emit: ['types']", async () => {
    const ws = petstoreWorkspace();
    const result = await generate(options(ws, { emit: ['types'] }));
    expect(result.files.map((f) => f.path)).toEqual(['index.ts', 'manifest.json', 'types.ts']);
    const index = result.files.find((f) => f.path === 'index.ts')!.contents;
    expect(index).toContain("export type { paths, components, operations } from './types.js';");
    expect(index.split('\n').filter((line) => line.startsWith('export'))).toEqual(["export type { paths, components, operations } from './types.js';"]);
    expect(manifestOf(result.files)).toMatchObject({ emit: ['types'], operations: {} });
    // No server: no handlers were bound, and the summary says so.
    expect(result.summary).toMatchObject({ server: false, handOwned: 0, generated: 0 });
  });

  it("adds the client for emit: ['types', 'client']", async () => {
    const ws = petstoreWorkspace();
    const result = await generate(options(ws, { emit: ['client', 'types'] }));
    expect(result.files.map((f) => f.path)).toEqual(['client.ts', 'index.ts', 'manifest.json', 'types.ts']);
    expect(manifestOf(result.files).emit).toEqual(['types', 'client']);
  });

  it.each([
    [['bogus'], 'bogus'],
    [['types', 'handlers'], 'handlers'],
    [['server'], 'requires "types"'],
    [['client'], 'requires "types"'],
  ])('refuses emit %j with INVALID_OPTION', async (emit, message) => {
    const ws = petstoreWorkspace();
    const error = await rejection(generate(options(ws, { emit: emit as never })));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toContain(message);
  });

  it('uses the provider for keys and provenance', async () => {
    const ws = petstoreWorkspace();
    const provider: HandlerProvider = {
      id: 'test',
      modelId: 'test-model-7',
      promptVersion: '9',
      implement: async (req) => ({
        code: `import type { ${req.operation.typeName}Handler } from '${req.handlerTypesImport}';\nconst h: ${req.operation.typeName}Handler = async () => { throw new Error('todo'); };\nexport default h;\n`,
        provenance: { provider: 'test', model: 'test-model-7', promptVersion: '9' },
      }),
    };
    const result = await generate(options(ws, { provider }));
    const manifest = manifestOf(result.files);
    const op = result.operations.find((o) => o.id === 'listPets')!;
    expect(manifest.operations.listPets).toMatchObject({
      handler: 'test',
      model: 'test-model-7',
      promptVersion: '9',
      key: operationKey(op, { modelId: 'test-model-7', promptVersion: '9', interfaceVersion: EMITTED_INTERFACE_VERSION }),
    });
    const offline = manifestOf((await generate(options(ws))).files);
    expect(offline.operations.listPets.key).not.toBe(manifest.operations.listPets.key);
    expect(offline.operations.listPets.contractHash).toBe(manifest.operations.listPets.contractHash);
  });
});

describe('generateToDisk: atomic output', () => {
  it('replaces the previous output as a whole (stale files disappear)', async () => {
    const ws = petstoreWorkspace();
    await generateToDisk(options(ws));
    ws.write(`${OUT}/stale.ts`, 'export {};\n');
    ws.write(`${OUT}/implementations/removedOperation.ts`, 'export {};\n');
    await generateToDisk(options(ws));
    expect(ws.list(OUT)).toEqual(PETSTORE_FILES);
    expect(leftovers(ws)).toEqual([]);
  });

  it.each([
    ['the spec no longer parses', (ws: TempWorkspace) => ws.write(SPEC, ws.read(SPEC).replace('paths:', 'paths: [')), 'PARSE_ERROR'],
    ['two operations share an id', (ws: TempWorkspace) => ws.write(SPEC, ws.read(SPEC).replace('operationId: getPet', 'operationId: listPets')), 'OPERATION_ID_CONFLICT'],
    ['a $ref breaks', (ws: TempWorkspace) => ws.write(SPEC, ws.read(SPEC).replace("'#/components/schemas/PetUpdate'", "'./missing.yaml'")), 'REF_UNRESOLVED'],
  ])('leaves the previous output intact when %s', async (_what, breakSpec, code) => {
    const ws = petstoreWorkspace();
    await generateToDisk(options(ws));
    const before = ws.tree(OUT);
    breakSpec(ws);
    const error = await rejection(generateToDisk(options(ws)));
    expect(error.code).toBe(code);
    expect(ws.tree(OUT)).toEqual(before);
    expect(leftovers(ws)).toEqual([]);
  });

  it('leaves the previous output intact when the provider fails midway', async () => {
    const ws = petstoreWorkspace();
    await generateToDisk(options(ws));
    const before = ws.tree(OUT);
    let calls = 0;
    const failing: HandlerProvider = {
      id: 'flaky',
      modelId: 'flaky',
      promptVersion: '1',
      implement: async () => {
        if (++calls === 3) throw new Error('model unavailable');
        return { code: 'export default async () => ({ status: 500 });\n', provenance: { provider: 'flaky', model: 'flaky', promptVersion: '1' } };
      },
    };
    await expect(generateToDisk(options(ws, { provider: failing }))).rejects.toThrow('model unavailable');
    expect(ws.tree(OUT)).toEqual(before);
    expect(leftovers(ws)).toEqual([]);
  });
});

describe('generateToDisk: project lock', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill();
  });

  function liveProcess(): number {
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(child);
    return child.pid as number;
  }

  async function deadProcess(): Promise<number> {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((done) => child.on('exit', done));
    return child.pid as number;
  }

  it('refuses to run while another live process holds the lock, touching nothing', async () => {
    const ws = petstoreWorkspace();
    const pid = liveProcess();
    ws.write(LOCK, String(pid));
    const error = await rejection(generateToDisk(options(ws)));
    expect(error.code).toBe('OUTPUT_LOCKED');
    expect(error.message).toContain(String(pid));
    expect(error.location?.file).toBe(LOCK);
    expect(ws.exists(OUT)).toBe(false);
    expect(ws.read(LOCK)).toBe(String(pid));
  });

  it('takes over a lock left by a process that no longer exists, and releases it', async () => {
    const ws = petstoreWorkspace();
    ws.write(LOCK, String(await deadProcess()));
    await generateToDisk(options(ws));
    expect(ws.list(OUT)).toEqual(PETSTORE_FILES);
    expect(ws.exists(LOCK)).toBe(false);
  });

  it("takes over a lock with this process's pid that this process does not hold (pid reuse)", async () => {
    const ws = petstoreWorkspace();
    ws.write(LOCK, String(process.pid));
    await generateToDisk(options(ws));
    expect(ws.exists(LOCK)).toBe(false);
  });

  it('takes over a lock file with no pid in it', async () => {
    const ws = petstoreWorkspace();
    ws.write(LOCK, '');
    await generateToDisk(options(ws));
    expect(ws.exists(LOCK)).toBe(false);
  });

  it('releases the lock when generation fails', async () => {
    const ws = petstoreWorkspace();
    ws.write(SPEC, 'openapi: [');
    await rejection(generateToDisk(options(ws)));
    expect(ws.exists(LOCK)).toBe(false);
  });

  it('lets only one of two concurrent runs in the same process write', async () => {
    const ws = petstoreWorkspace();
    const results = await Promise.allSettled([generateToDisk(options(ws)), generateToDisk(options(ws))]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect((failure?.reason as SpecwrightError).code).toBe('OUTPUT_LOCKED');
    expect(ws.list(OUT)).toEqual(PETSTORE_FILES);
    expect(ws.exists(LOCK)).toBe(false);
  });
});

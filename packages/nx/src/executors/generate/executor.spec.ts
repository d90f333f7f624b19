import '../../__fixtures__/nx-env';
import generateExecutor from './executor';
import { calls, executorContext, STACK_FRAME } from '../../__fixtures__/executor-context';
import { dedent, nxWorkspaceFiles, petstoreYaml, useTempWorkspaces, type TempWorkspace } from '../../__fixtures__/workspace';

const options = {
  spec: 'apps/pets/openapi.yaml',
  outDir: 'apps/pets/src/generated',
  handlersDir: 'apps/pets/src/handlers',
};

/** The petstore template with its Pet schema moved to a file that no longer exists. */
const brokenSpec = petstoreYaml().replace(
  "items: { $ref: '#/components/schemas/Pet' }",
  "items: { $ref: './schemas/pet.yaml' }",
);

describe('generate executor', () => {
  const workspace = useTempWorkspaces();
  let log: jest.SpyInstance;
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;
  beforeEach(() => {
    log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  function petsWorkspace(spec = petstoreYaml()): TempWorkspace {
    return workspace({ ...nxWorkspaceFiles(), 'apps/pets/project.json': { name: 'pets' }, 'apps/pets/openapi.yaml': spec });
  }

  it('writes the generated output and reports success with a summary', async () => {
    const ws = petsWorkspace();
    await expect(generateExecutor(options, executorContext(ws.root, 'pets', 'generate'))).resolves.toEqual({ success: true });
    expect(ws.list('apps/pets/src/generated')).toEqual(
      expect.arrayContaining(['app.ts', 'client.ts', 'handler-types.ts', 'index.ts', 'manifest.json', 'spec.ts', 'types.ts', 'implementations/listPets.ts']),
    );
    expect(calls(log).join('\n')).toMatch(/5 operation\(s\) from 1 spec file\(s\): 0 hand-owned, /);
    expect(calls(log).join('\n')).toContain('apps/pets/src/generated');
    expect(error).not.toHaveBeenCalled();
    expect(ws.exists('apps/pets/src/.generated.specwright.lock')).toBe(false);
  });

  it('writes only what emit asks for', async () => {
    const ws = petsWorkspace();
    await expect(generateExecutor({ ...options, emit: ['types', 'client'] }, executorContext(ws.root, 'pets', 'generate'))).resolves.toEqual({ success: true });
    const files = ws.list('apps/pets/src/generated');
    expect(files).toEqual(expect.arrayContaining(['client.ts', 'types.ts', 'index.ts']));
    expect(files).not.toContain('app.ts');
  });

  it('binds a hand-owned handler and counts it', async () => {
    const ws = petsWorkspace();
    ws.write('apps/pets/src/handlers/getPet.ts', dedent(`
      import type { GetPetHandler } from '../generated/handler-types';
      const getPet: GetPetHandler = async ({ path }) => ({ status: 200, body: { id: path.petId, name: 'Rex', status: 'available' } });
      export default getPet;
    `));
    await expect(generateExecutor(options, executorContext(ws.root, 'pets', 'generate'))).resolves.toEqual({ success: true });
    expect(calls(log).join('\n')).toMatch(/5 operation\(s\) from 1 spec file\(s\): 1 hand-owned, /);
    expect(calls(log)).toContain('Pinned 4 new offline implementation(s) in apps/pets/specwright.lock/ (commit it).');
    expect(ws.read('apps/pets/src/generated/app.ts')).toContain('../handlers/getPet');
    expect(ws.exists('apps/pets/src/generated/implementations/getPet.ts')).toBe(false);
  });

  it('warns about a hand-owned handler that matches no operation', async () => {
    const ws = petsWorkspace();
    ws.write('apps/pets/src/handlers/getPets.ts', 'export default async () => ({ status: 200, body: [] });\n');
    await expect(generateExecutor(options, executorContext(ws.root, 'pets', 'generate'))).resolves.toEqual({ success: true });
    expect(calls(warn).join('\n')).toContain('apps/pets/src/handlers/getPets.ts');
  });

  it('on a bad spec fails with one clear message naming file, line and fix, without a stack trace', async () => {
    const ws = petsWorkspace(brokenSpec);
    await expect(generateExecutor(options, executorContext(ws.root, 'pets', 'generate'))).resolves.toEqual({ success: false });
    expect(error).toHaveBeenCalledTimes(1);
    const message = calls(error)[0];
    expect(message).toMatch(/^apps\/pets\/openapi\.yaml:\d+:\d+: \$ref points to a missing file: \.\/schemas\/pet\.yaml/);
    expect(message).toContain('[REF_UNRESOLVED]');
    expect(message).toContain('fix:');
    expect(message).not.toMatch(STACK_FRAME);
    expect(ws.exists('apps/pets/src/generated')).toBe(false);
  });

  it('adds the stack trace with --verbose', async () => {
    const ws = petsWorkspace(brokenSpec);
    await expect(generateExecutor(options, executorContext(ws.root, 'pets', 'generate', true))).resolves.toEqual({ success: false });
    expect(calls(error)[0]).toMatch(STACK_FRAME);
  });

  it('leaves the previous output intact when a later run fails', async () => {
    const ws = petsWorkspace();
    await generateExecutor(options, executorContext(ws.root, 'pets', 'generate'));
    const before = ws.list('apps/pets/src/generated').map((f) => [f, ws.read(`apps/pets/src/generated/${f}`)]);
    ws.write('apps/pets/openapi.yaml', brokenSpec);
    await expect(generateExecutor(options, executorContext(ws.root, 'pets', 'generate'))).resolves.toEqual({ success: false });
    expect(ws.list('apps/pets/src/generated').map((f) => [f, ws.read(`apps/pets/src/generated/${f}`)])).toEqual(before);
  });

  it('produces byte-identical output for the same spec in another workspace', async () => {
    const a = petsWorkspace();
    const b = petsWorkspace();
    await generateExecutor(options, executorContext(a.root, 'pets', 'generate'));
    await generateExecutor(options, executorContext(b.root, 'pets', 'generate'));
    const contents = (ws: TempWorkspace): Array<[string, string]> => ws.list('apps/pets/src/generated').map((f) => [f, ws.read(`apps/pets/src/generated/${f}`)]);
    expect(contents(b)).toEqual(contents(a));
    expect(contents(a).some(([, text]) => text.includes(a.root))).toBe(false);
  }, 30_000);

  it.each([
    ['the workspace root', '.', /^\.: Refusing to write the output to \.: it is the workspace root/],
    ["the project's root", 'apps/pets', /^apps\/pets: Refusing to write the output to apps\/pets: it is the project root apps\/pets/],
  ])('refuses an outDir that is %s, deleting nothing', async (_what, outDir, message) => {
    const ws = petsWorkspace();
    const snapshot = (): Array<[string, string]> => ws.list().map((f) => [f, ws.read(f)]);
    const before = snapshot();
    await expect(generateExecutor({ ...options, outDir }, executorContext(ws.root, 'pets', 'generate'))).resolves.toEqual({ success: false });
    expect(calls(error)[0]).toMatch(message);
    expect(calls(error)[0]).toContain('[UNSAFE_OUTPUT_DIR]');
    expect(calls(error)[0]).not.toMatch(STACK_FRAME);
    expect(snapshot()).toEqual(before);
  });

  it("knows the project's root from Nx when the spec lives elsewhere", async () => {
    const ws = workspace({ ...nxWorkspaceFiles(), 'apps/pets/project.json': { name: 'pets' }, 'apps/pets/specwright.json': { spec: '../../specs/pets.yaml' }, 'specs/pets.yaml': petstoreYaml() });
    const context = executorContext(ws.root, 'pets', 'generate');
    context.projectsConfigurations.projects['pets'] = { root: 'apps/pets' };
    await expect(generateExecutor({ spec: 'specs/pets.yaml', outDir: 'apps' }, context)).resolves.toEqual({ success: false });
    expect(calls(error)[0]).toContain('Refusing to write the output to apps: it contains the project root apps/pets,');
    expect(ws.exists('apps/pets/project.json')).toBe(true);
  });

  it('fails clearly on an invalid emit option', async () => {
    const ws = petsWorkspace();
    await expect(generateExecutor({ ...options, emit: ['server'] }, executorContext(ws.root, 'pets', 'generate'))).resolves.toEqual({ success: false });
    expect(calls(error)[0]).toContain('requires "types"');
    expect(calls(error)[0]).not.toMatch(STACK_FRAME);
  });
});

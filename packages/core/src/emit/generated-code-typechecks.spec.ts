import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { generateToDisk } from '../generate';
import { dedent, openapi, petstoreYaml, REPO_ROOT, useTempWorkspaces, type TempWorkspace } from '../__fixtures__/workspace';
import { checkPrerequisites, projectWorkspace as linkedProject, TSCONFIG } from './__fixtures__/generated-project';

const workspace = useTempWorkspaces();
const TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

jest.setTimeout(180_000);

const projectWorkspace = (): TempWorkspace => linkedProject(workspace);

function typecheck(ws: TempWorkspace): { code: number; output: string } {
  try {
    const output = execFileSync(process.execPath, [TSC, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: ws.root, encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, output };
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** Uses of the petstore output that must compile, and misuses that must not (@ts-expect-error). */
const PETSTORE_USAGE = dedent(`
  import { createApiClient, defaultBaseUrl } from './generated/client';
  import { createApp, defaultHandlers } from './generated/app';
  import { apiSpec } from './generated';
  import type { CreatePetHandler, GetPetHandler, Handlers } from './generated/handler-types';
  import type { components } from './generated/types';

  export async function readPet(): Promise<string | undefined> {
    const client = createApiClient({ baseUrl: defaultBaseUrl ?? 'http://localhost' });
    const { data } = await client.GET('/pets/{petId}', { params: { path: { petId: 1 } } });
    // @ts-expect-error petId is an integer
    await client.GET('/pets/{petId}', { params: { path: { petId: 'one' } } });
    // @ts-expect-error there is no such path
    await client.GET('/owners');
    return data?.name;
  }

  export const app = createApp({ handlers: { deletePet: async () => ({ status: 204 }) } });
  export const handlers: Handlers = defaultHandlers;
  export const operations = apiSpec.operations.length;
  export const pet: components['schemas']['Pet'] = { id: 1, name: 'Rex', status: 'sold' };

  export const create: CreatePetHandler = async ({ body }) => ({
    status: 201,
    body: { id: 1, name: body.name, status: body.status ?? 'available' },
    headers: { Location: '/pets/1' },
  });
  // @ts-expect-error name must be a string
  export const wrongBody: GetPetHandler = async () => ({ status: 200, body: { id: 1, name: 42, status: 'available' } });
  // @ts-expect-error 418 is not a declared status of getPet
  export const wrongStatus: GetPetHandler = async () => ({ status: 418 });
`);

const HAND_OWNED_GET_PET = dedent(`
  import type { GetPetHandler } from '../generated/handler-types';

  const getPet: GetPetHandler = async ({ path }) => {
    const id: number = path.petId;
    return id > 100 ? { status: 404, body: { type: 'about:blank', title: 'Not found', status: 404 } } : { status: 200, body: { id, name: 'Rex', status: 'available' } };
  };
  export default getPet;
`);

describe('generated code', () => {
  it('typechecks under strict settings (petstore with a hand-owned handler, awkward operation names, types+client only)', async () => {
    checkPrerequisites();
    const ws = projectWorkspace();
    ws.write('apps/petstore/openapi.yaml', petstoreYaml());
    ws.write('apps/petstore/src/handlers/getPet.ts', HAND_OWNED_GET_PET);
    ws.write('apps/petstore/src/usage.ts', PETSTORE_USAGE);
    await generateToDisk({ spec: 'apps/petstore/openapi.yaml', workspaceRoot: ws.root, outDir: 'apps/petstore/src/generated' });

    const ok = { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { ok: { type: 'boolean' } } } } } } };
    ws.write(
      'apps/names/openapi.yaml',
      openapi('3.0.3', {
        '/orgs/{org}/repos': { get: { operationId: 'repos/list-for-org', parameters: [{ name: 'org', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } },
        '/a': { get: { operationId: 'operation', responses: ok }, post: { operationId: 'delete', responses: ok } },
        '/b': { get: { operationId: '2fa-setup', responses: ok }, put: { operationId: 'getPet', responses: ok }, patch: { operationId: 'GetPet', responses: ok } },
        '/c/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], responses: ok } },
      }),
    );
    await generateToDisk({ spec: 'apps/names/openapi.yaml', workspaceRoot: ws.root, outDir: 'apps/names/src/generated' });

    ws.write('apps/client-only/openapi.yaml', petstoreYaml());
    await generateToDisk({ spec: 'apps/client-only/openapi.yaml', workspaceRoot: ws.root, outDir: 'apps/client-only/src/generated', emit: ['types', 'client'] });

    const { code, output } = typecheck(ws);
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('typechecks in an ESM project ("type": "module", module/moduleResolution nodenext, as Nx TS workspaces set up)', async () => {
    checkPrerequisites();
    const ws = projectWorkspace();
    ws.write('package.json', JSON.stringify({ name: 'esm-fixture', private: true, type: 'module' }));
    ws.write('tsconfig.json', JSON.stringify({ ...TSCONFIG, compilerOptions: { ...TSCONFIG.compilerOptions, module: 'nodenext', moduleResolution: 'nodenext' } }, null, 2));
    ws.write('apps/petstore/openapi.yaml', petstoreYaml());
    ws.write('apps/petstore/src/handlers/getPet.ts', HAND_OWNED_GET_PET.replace("'../generated/handler-types'", "'../generated/handler-types.js'"));
    // ESM needs extensions in the user's own imports too.
    ws.write('apps/petstore/src/usage.ts', PETSTORE_USAGE.replace(/from '\.\/generated\/([a-z-]+)'/g, "from './generated/$1.js'").replace("from './generated'", "from './generated/index.js'"));
    await generateToDisk({ spec: 'apps/petstore/openapi.yaml', workspaceRoot: ws.root, outDir: 'apps/petstore/src/generated' });
    const { code, output } = typecheck(ws);
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('rejects a hand-owned handler that breaks its contract (the check above can fail)', async () => {
    checkPrerequisites();
    const ws = projectWorkspace();
    ws.write('apps/petstore/openapi.yaml', petstoreYaml());
    ws.write('apps/petstore/src/handlers/getPet.ts', HAND_OWNED_GET_PET.replace("name: 'Rex'", 'name: 7'));
    await generateToDisk({ spec: 'apps/petstore/openapi.yaml', workspaceRoot: ws.root, outDir: 'apps/petstore/src/generated' });
    const { code, output } = typecheck(ws);
    expect(code).not.toBe(0);
    expect(output).toContain('apps/petstore/src/handlers/getPet.ts');
    expect(output).toMatch(/error TS\d+/);
  });
});

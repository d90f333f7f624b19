/**
 * A project's own services: `src/context.ts` beside the handlers folder types every handler's
 * `services` and is what createApp creates per app. Checked through the compiler (strict
 * settings), in-process through the generated app, and for the mistakes a user can make in it.
 */
import { generateToDisk } from '../generate';
import { dedent, petstoreYaml, useTempWorkspaces, type TempWorkspace } from '../__fixtures__/workspace';
import { projectWorkspace, TSCONFIG, typecheckProject } from './__fixtures__/generated-project';

jest.setTimeout(180_000);

const workspace = useTempWorkspaces();
const OUT = 'apps/api/src/generated';

const CONTEXT = dedent(`
  import { createMemoryStore, type ResourceStore } from '@specwright/runtime';

  export interface Services {
    readonly store: ResourceStore;
    readonly greeting: string;
  }

  export function createServices(): Services {
    return { store: createMemoryStore(), greeting: 'hello' };
  }
`);

const USAGE = dedent(`
  import type { GetPetHandler } from './generated/handler-types';
  import { createApp } from './generated/app';
  import { createMemoryStore } from '@specwright/runtime';

  export const getPet: GetPetHandler = async ({ path, services }) => {
    const greeting: string = services.greeting;
    // @ts-expect-error the project's Services has no such member
    void services.database;
    return { status: 200, body: { id: path.petId, name: greeting, status: 'available' } };
  };
  export const app = createApp({ services: { store: createMemoryStore(), greeting: 'hi' } });
  // @ts-expect-error services must be the project's Services
  export const wrong = createApp({ services: { store: createMemoryStore() } });
`);

/** A linked project with the petstore spec and the given context module; only the project's src is typechecked. */
async function generateWithContext(context: string | undefined, usage?: string): Promise<TempWorkspace> {
  const ws = projectWorkspace(workspace);
  ws.write('tsconfig.json', JSON.stringify({ ...TSCONFIG, include: ['apps/*/src/**/*.ts'] }, null, 2));
  ws.write('apps/api/openapi.yaml', petstoreYaml());
  if (context !== undefined) ws.write('apps/api/src/context.ts', context);
  if (usage !== undefined) ws.write('apps/api/src/usage.ts', usage);
  await generateToDisk({ spec: 'apps/api/openapi.yaml', workspaceRoot: ws.root, outDir: OUT });
  return ws;
}

interface FetchApp {
  request(path: string, init?: RequestInit): Promise<Response>;
}

describe("the project's services (src/context.ts)", () => {
  it('types every handler with its Services, and createApp calls its createServices once per app', async () => {
    const ws = await generateWithContext(CONTEXT, USAGE);
    const handlerTypes = ws.read(`${OUT}/handler-types.ts`);
    expect(handlerTypes).toContain("import type { Services as ProjectServices } from '../context.js';");
    expect(handlerTypes).toContain('export type GetPetHandler = OperationHandler<paths["/pets/{petId}"]["get"], Services>;');
    const app = ws.read(`${OUT}/app.ts`);
    expect(app).toContain("import { createServices } from '../context.js';");
    expect(app).toContain('const appServices: Services = services ?? createServices();');
    expect(typecheckProject(ws)).toEqual([]);

    // In-process: the services include a memory store, so the offline handlers keep state in it.
    const { createApp } = require(ws.path(`${OUT}/app.ts`)) as { createApp: () => FetchApp };
    const served = createApp();
    const created = await served.request('/pets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Rex', status: 'sold' }) });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: 1, name: 'Rex', status: 'sold' });
    expect(await (await served.request('/pets/1')).json()).toMatchObject({ id: 1, name: 'Rex' });
    expect((await createApp().request('/pets/1')).status).toBe(404);
  });

  it('reports a context module without createServices at typecheck, where the comment explains it', async () => {
    const ws = await generateWithContext('export interface Services { readonly greeting: string }\n');
    const errors = typecheckProject(ws);
    expect(errors).toEqual([expect.stringMatching(/^apps\/api\/src\/generated\/app\.ts\(\d+,\d+\): TS2305 .*has no exported member 'createServices'/)]);
    expect(ws.read(`${OUT}/handler-types.ts`)).toContain("// - TS2305 \"has no exported member 'Services'\" (or 'createServices', in app.ts): export it;");
  });

  it('reports a Services that is not an object type', async () => {
    const ws = await generateWithContext("export type Services = string;\nexport function createServices(): Services { return 'x'; }\n");
    const errors = typecheckProject(ws);
    expect(errors).toEqual([expect.stringMatching(/^apps\/api\/src\/generated\/handler-types\.ts\(\d+,\d+\): TS2344 Type 'string' does not satisfy the constraint 'object'/)]);
  });

  it('reports a context module without Services', async () => {
    const ws = await generateWithContext('export function createServices() { return {}; }\n');
    expect(typecheckProject(ws)).toContainEqual(expect.stringMatching(/handler-types\.ts\(\d+,\d+\): TS2305 .*has no exported member 'Services'/));
  });

  it('without one, handlers get DefaultServices and each app a fresh in-memory store', async () => {
    const ws = await generateWithContext(undefined);
    expect(ws.read(`${OUT}/handler-types.ts`)).toContain('export type Services = DefaultServices;');
    expect(ws.read(`${OUT}/app.ts`)).toContain('const appServices: Services = services ?? createDefaultServices();');
    expect(typecheckProject(ws)).toEqual([]);
  });
});

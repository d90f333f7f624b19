import { parse as parseYaml } from 'yaml';
import { generate, generateToDisk } from './generate';
import { SpecwrightError } from './errors';
import { idHash } from './contract/assign-names';
import { petstoreYaml, useTempWorkspaces } from './__fixtures__/workspace';
import { serveGeneratedApp } from './__fixtures__/serve-app';

// Issue 7, item 7: adding an operation must never move an existing hand-owned binding. Here
// `GetPet` is added beside the hand-owned `getPet` (the ids differ only in case, so their
// natural file names collide on macOS and Windows), and the served app must still answer
// GET /pets/{petId} from src/handlers/getPet.ts.

const workspace = useTempWorkspaces();
jest.setTimeout(120_000);

const SPEC = 'apps/api/openapi.yaml';
const OUT = 'apps/api/src/generated';
const HAND_OWNED = [
  "import type { GetPetHandler } from '../generated/handler-types.js';",
  '',
  "const getPet: GetPetHandler = async ({ path }) => ({ status: 200, body: { id: path.petId, name: 'hand-owned Rex', status: 'available' } });",
  'export default getPet;',
  '',
].join('\n');

/** The petstore spec with a `GetPet` operation on /pet-photos/{petId}, first or last in `paths`. */
function petstoreWithGetPet(where: 'none' | 'before' | 'after'): object {
  const doc = parseYaml(petstoreYaml());
  if (where === 'none') return doc;
  const getPet = {
    get: {
      operationId: 'GetPet',
      parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'integer' } }],
      responses: { '200': { description: 'A photo.', content: { 'application/json': { schema: { type: 'object', properties: { url: { type: 'string' } } }, example: { url: 'generated' } } } } },
    },
  };
  doc.paths = where === 'before' ? { '/pet-photos/{petId}': getPet, ...doc.paths } : { ...doc.paths, '/pet-photos/{petId}': getPet };
  return doc;
}


describe('hand-owned handlers stay bound when operations are added', () => {
  it.each(['before', 'after'] as const)('keeps src/handlers/getPet.ts bound when GetPet is added %s it', async (where) => {
    const ws = workspace({ [SPEC]: petstoreWithGetPet('none'), 'apps/api/src/handlers/getPet.ts': HAND_OWNED });
    const first = await generateToDisk({ spec: SPEC, workspaceRoot: ws.root, outDir: OUT });
    expect(JSON.parse(ws.read(`${OUT}/manifest.json`)).operations.getPet.file).toBe('apps/api/src/handlers/getPet.ts');
    expect(first.warnings).toEqual([]);

    ws.write(SPEC, petstoreWithGetPet(where));
    const second = await generateToDisk({ spec: SPEC, workspaceRoot: ws.root, outDir: OUT });
    expect(second.warnings).toEqual([]);
    const manifest = JSON.parse(ws.read(`${OUT}/manifest.json`));
    expect(manifest.operations.getPet).toMatchObject({ handler: 'hand-owned', file: 'apps/api/src/handlers/getPet.ts' });
    expect(manifest.operations.GetPet).toMatchObject({ handler: 'offline', file: `${OUT}/implementations/GetPet-${idHash('GetPet')}.ts` });
    const app = ws.read(`${OUT}/app.ts`);
    expect(app).toMatch(/"getPet": h\d+, \/\/ hand-owned: apps\/api\/src\/handlers\/getPet\.ts/);
    // The hand-owned file's type import still names getPet's own handler type.
    expect(ws.read(`${OUT}/handler-types.ts`)).toContain('export type GetPetHandler = OperationHandler<paths["/pets/{petId}"]["get"], Services>;');

    const server = await serveGeneratedApp(ws, OUT);
    try {
      const pet = await fetch(`${server.url}/pets/7`);
      expect(pet.status).toBe(200);
      expect(await pet.json()).toEqual({ id: 7, name: 'hand-owned Rex', status: 'available' });
      const photo = await fetch(`${server.url}/pet-photos/7`);
      expect(await photo.json()).toEqual({ url: 'generated' });
    } finally {
      await server.close();
    }
  });
});

describe('hand-owned handler files that cannot be bound unambiguously', () => {
  it('stops generate with HANDLER_FILE_CASE for a file that differs from an operation\'s only in case, and only when a server binds handlers', async () => {
    const ws = workspace({ [SPEC]: petstoreWithGetPet('none'), 'apps/api/src/handlers/getpet.ts': HAND_OWNED });
    const error = await generate({ spec: SPEC, workspaceRoot: ws.root, outDir: OUT }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecwrightError);
    expect(error).toMatchObject({ code: 'HANDLER_FILE_CASE', location: { file: SPEC, pointer: '/paths/~1pets~1{petId}/get/operationId' } });
    expect((error as SpecwrightError).message).toContain('apps/api/src/handlers/getpet.ts differs only in letter case');
    // Types and client only: no handler is bound, so the handlers folder is not read at all.
    await expect(generate({ spec: SPEC, workspaceRoot: ws.root, outDir: OUT, emit: ['types', 'client'] })).resolves.toMatchObject({ warnings: [] });
  });
});

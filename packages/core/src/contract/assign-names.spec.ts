import { indexOperations, type IndexOptions, type Operation } from './index-operations';
import { idHash } from './assign-names';
import { SpecwrightError } from '../errors';
import type { OpenApiDocument } from '../spec/openapi-version';
import { openapi } from '../__fixtures__/workspace';

const ok = { '204': { description: 'ok' } };
/** One GET per id, on paths in the order given. */
const spec = (ids: readonly string[]) =>
  openapi('3.1.0', Object.fromEntries(ids.map((id, i) => [`/op${i}/${encodeURIComponent(id)}`, { get: { operationId: id, responses: ok } }]))) as OpenApiDocument;
const index = (ids: readonly string[], handOwned: readonly string[] = [], extra: IndexOptions = {}) =>
  indexOperations(spec(ids), { handOwnedFiles: new Set(handOwned), handlersDir: 'apps/api/src/handlers', specFile: 'apps/api/openapi.yaml', ...extra });
const byId = (ops: readonly Operation[]) => Object.fromEntries(ops.map((op) => [op.id, { file: op.fileName, handOwned: op.handOwned, type: op.typeName }]));

function thrown(run: () => unknown): SpecwrightError {
  try {
    run();
  } catch (error) {
    if (error instanceof SpecwrightError) return error;
    throw error;
  }
  throw new Error('expected a SpecwrightError');
}

describe('assignNames: hand-owned bindings never move', () => {
  it('keeps getPet bound to getPet.ts, with its type name, when GetPet is added before or after it', () => {
    const alone = byId(index(['getPet'], ['getPet']));
    expect(alone.getPet).toEqual({ file: 'getPet', handOwned: true, type: 'GetPet' });
    for (const ids of [
      ['GetPet', 'getPet'],
      ['getPet', 'GetPet'],
    ]) {
      const names = byId(index(ids, ['getPet']));
      expect(names.getPet).toEqual(alone.getPet);
      // The newcomer steps aside: a name of its own id, the same wherever it is written.
      expect(names.GetPet).toEqual({ file: `GetPet-${idHash('GetPet')}`, handOwned: false, type: `GetPet_${idHash('GetPet')}` });
    }
  });

  it('binds by exact case only: getPet.ts is not GetPet\'s file, on any OS', () => {
    const names = byId(index(['GetPet', 'getPet'], ['getPet']));
    expect(names.GetPet?.handOwned).toBe(false);
  });

  it('gives colliding operations without hand-owned files names of their own ids, the same in any order and beside any other operation', () => {
    const ids = ['getPet', 'GetPet', 'get pet', 'get_pet', 'get.pet', 'repos/Get', 'Repos/get', 'listPets'];
    const names = byId(index(ids));
    expect(names.listPets).toEqual({ file: 'listPets', handOwned: false, type: 'ListPets' });
    expect(names['get.pet']?.file).toBe('get.pet'); // its own file name: `.` is kept
    expect(names['get pet']?.file).toBe(`get_pet-${idHash('get pet')}`);
    expect(names.get_pet?.file).toBe(`get_pet-${idHash('get_pet')}`);
    expect(names['Repos/get']?.file).toBe(`Repos/get-${idHash('Repos/get')}`);
    // Every operation's names are unique: files ignoring case, types exactly.
    expect(new Set(Object.values(names).map((n) => n.file.toLowerCase())).size).toBe(ids.length);
    expect(new Set(Object.values(names).map((n) => n.type)).size).toBe(ids.length);
    expect(byId(index([...ids].reverse()))).toEqual(names);
    // A third colliding operation moves nobody's names.
    const more = byId(index([...ids, 'GETPET']));
    for (const id of ids) expect(more[id]).toEqual(names[id]);
  });

  it('binds a hand-owned file named after the disambiguated name (how GetPet gets a handler beside getPet.ts on macOS)', () => {
    const file = `GetPet-${idHash('GetPet')}`;
    const names = byId(index(['getPet', 'GetPet'], ['getPet', file]));
    expect(names.getPet).toEqual({ file: 'getPet', handOwned: true, type: `GetPet_${idHash('getPet')}` });
    expect(names.GetPet).toEqual({ file, handOwned: true, type: `GetPet_${idHash('GetPet')}` });
  });

  it('refuses a hand-owned file that two operations map to, naming both and the fix', () => {
    const error = thrown(() => index(['get_pet', 'get pet'], ['get_pet']));
    expect(error.code).toBe('HANDLER_FILE_CONFLICT');
    expect(error.message).toContain('apps/api/src/handlers/get_pet.ts');
    expect(error.message).toContain('"get_pet" (GET /op0/get_pet)');
    expect(error.message).toContain('"get pet" (GET /op1/get%20pet)');
    expect(error.location).toEqual({ file: 'apps/api/openapi.yaml', pointer: '/paths/~1op0~1get_pet/get/operationId' });
    expect(error.fix).toContain(`apps/api/src/handlers/get_pet-${idHash('get pet')}.ts for "get pet"`);
  });

  it('refuses a hand-owned file that differs from an operation\'s file only in letter case', () => {
    const error = thrown(() => index(['getPet', 'listPets'], ['getpet', 'listPets']));
    expect(error.code).toBe('HANDLER_FILE_CASE');
    expect(error.message).toContain('apps/api/src/handlers/getpet.ts differs only in letter case');
    expect(error.fix).toContain('Rename it to apps/api/src/handlers/getPet.ts');
  });

  it('refuses two hand-owned files for one operation', () => {
    const error = thrown(() => index(['getPet'], ['getPet', `getPet-${idHash('getPet')}`]));
    expect(error.code).toBe('HANDLER_FILE_CONFLICT');
    expect(error.message).toContain('has two hand-owned handler files');
  });

  it('refuses ids built to collide with another operation\'s disambiguated name instead of overwriting a file', () => {
    const error = thrown(() => index(['getPet', 'GetPet', `getPet-${idHash('getPet')}`]));
    expect(error.code).toBe('OPERATION_ID_CONFLICT');
    expect(error.message).toContain(`implementations/getPet-${idHash('getPet')}.ts`);
  });

  it('keeps file names within what file systems accept', () => {
    const long = 'x'.repeat(300);
    const [op] = index([long]);
    expect(op?.fileName.length).toBeLessThanOrEqual(120);
    expect(op?.fileName).toMatch(/^x+-[0-9a-f]{8}$/);
  });
});

import { HAND_OWNED_GET_PET } from '../support/fixtures';
import { taskOutcome } from '../support/nx';
import { assertSucceeded } from '../support/run';
import type { Workspace } from '../support/workspace';

const OUT = 'apps/orders-api/src/generated';

/** Step 7: a handler in src/handlers wins over the generated one, and is a generate input. */
export function handOwnedSteps(ws: () => Workspace): void {
  describe('7. a hand-owned handler', () => {
    it('is a cache miss for generate, and app.ts binds it', async () => {
      ws().write('apps/orders-api/src/handlers/getPet.ts', HAND_OWNED_GET_PET);
      const result = assertSucceeded(await ws().nx('run', 'orders-api:generate'));
      expect(taskOutcome(result.output, 'orders-api:generate')).toBe('ran');
      expect(result.output).toContain('1 hand-owned, 4 pinned earlier, 0 new offline pins');
      expect(ws().read(`${OUT}/app.ts`)).toMatch(/^import \w+ from '\.\.\/handlers\/getPet\.js';$/m);
      expect(ws().exists(`${OUT}/implementations/getPet.ts`)).toBe(false);
      // Specwright never writes to src/handlers.
      expect(ws().read('apps/orders-api/src/handlers/getPet.ts')).toBe(HAND_OWNED_GET_PET);
    });

    it('is recorded as hand-owned in manifest.json', () => {
      const { operations } = ws().readJson(`${OUT}/manifest.json`);
      expect(operations.getPet).toEqual(
        expect.objectContaining({ handler: 'hand-owned', file: 'apps/orders-api/src/handlers/getPet.ts', method: 'get', path: '/pets/{petId}' }),
      );
      expect(operations.listPets.handler).toBe('offline');
    });
  });
}

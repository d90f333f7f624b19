import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { npx } from '../support/nx';
import { assertSucceeded } from '../support/run';
import type { Workspace } from '../support/workspace';

const OUT = 'apps/orders-api/src/generated';

/** Step 5: generate writes the artifacts; types.ts is exactly what openapi-typescript writes. */
export function generateSteps(ws: () => Workspace): void {
  describe('5. nx run orders-api:generate', () => {
    it('runs spec-lint first, then writes src/generated', async () => {
      const result = assertSucceeded(await ws().nx('run', 'orders-api:generate'));
      expect(result.output).toMatch(/^> nx run orders-api:spec-lint/m);
      expect(result.output).toContain('Specwright: 5 operation(s) from 1 spec file(s): 0 hand-owned, 0 pinned earlier, 5 new offline pins.');
      expect(result.output).toContain('Pinned 5 new offline implementation(s) in apps/orders-api/specwright.lock/ (commit it).');
      for (const file of ['types.ts', 'client.ts', 'app.ts', 'handler-types.ts', 'spec.ts', 'manifest.json']) {
        expect(ws().exists(`${OUT}/${file}`)).toBe(true);
      }
      for (const id of ['listPets', 'createPet', 'getPet', 'updatePet', 'deletePet']) {
        expect(ws().exists(`${OUT}/implementations/${id}.ts`)).toBe(true);
      }
      const manifest = ws().readJson(`${OUT}/manifest.json`);
      expect(manifest.specFiles).toEqual(['apps/orders-api/openapi.yaml']);
      expect(Object.keys(manifest.operations).sort()).toEqual(['createPet', 'deletePet', 'getPet', 'listPets', 'updatePet']);
    });

    it('writes types.ts byte-identical to the openapi-typescript CLI installed in the workspace', async () => {
      const cliOut = join(ws().scratch, 'openapi-typescript-cli.ts');
      assertSucceeded(await npx(ws().root, ['openapi-typescript', 'apps/orders-api/openapi.yaml', '-o', cliOut]));
      // Compared as text so a failure shows the diff; both are UTF-8, so equal text is equal bytes.
      expect(readFileSync(ws().path(`${OUT}/types.ts`), 'utf8')).toBe(readFileSync(cliOut, 'utf8'));
    });
  });
}

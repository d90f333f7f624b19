import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SHARED_PET_SCHEMA_WITH_NICKNAME, SHOP_SPEC, SHOP_SPEC_REFORMATTED } from '../support/fixtures';
import { changedFiles, snapshot, type Snapshot } from '../support/files';
import { isCacheHit, READ_FROM_CACHE, taskOutcome } from '../support/nx';
import { assertSucceeded } from '../support/run';
import type { Workspace } from '../support/workspace';

const SHOP_OUT = 'apps/shop-api/src/generated';

/** Step 6: Nx caches generate, and misses exactly when a file of the $ref closure changes. */
export function cachingSteps(ws: () => Workspace): void {
  describe('6. caching', () => {
    it('misses once after the first run wrote the lock (an input), calling no provider, then reads from the cache', async () => {
      // The first run pinned its handlers in specwright.lock/, an input of generate: like a
      // package-lock written by the first install, the next run sees a new input once.
      const second = assertSucceeded(await ws().nx('run', 'orders-api:generate'));
      expect(taskOutcome(second.output, 'orders-api:generate')).toBe('ran');
      expect(second.output).toContain('0 hand-owned, 5 pinned earlier, 0 new offline pins');
      const result = assertSucceeded(await ws().nx('run', 'orders-api:generate'));
      expect(['local cache', 'existing outputs match the cache']).toContain(taskOutcome(result.output, 'orders-api:generate'));
      expect(result.output).toContain(READ_FROM_CACHE);
    });

    describe('shop-api, whose spec $refs libs/shared-schemas/pet.yaml', () => {
      let afterEdit: Snapshot;

      it('generates from the multi-file spec', async () => {
        const result = assertSucceeded(await ws().nx('run', 'shop-api:generate'));
        expect(taskOutcome(result.output, 'shop-api:generate')).toBe('ran');
        expect(result.output).toContain('from 2 spec file(s)');
        expect(ws().readJson(`${SHOP_OUT}/manifest.json`).specFiles).toEqual(['apps/shop-api/openapi.yaml', 'libs/shared-schemas/pet.yaml']);
        expect(ws().read(`${SHOP_OUT}/types.ts`)).not.toContain('nickname');
        // Once more for the lock the first run wrote (see above), then from the cache.
        assertSucceeded(await ws().nx('run', 'shop-api:generate'));
        const again = assertSucceeded(await ws().nx('run', 'shop-api:generate'));
        expect(isCacheHit(again.output, 'shop-api:generate')).toBe(true);
      });

      it('misses the cache when the shared schema in another project changes, and regenerates it', async () => {
        ws().write('libs/shared-schemas/pet.yaml', SHARED_PET_SCHEMA_WITH_NICKNAME);
        const result = assertSucceeded(await ws().nx('run', 'shop-api:generate'));
        expect(taskOutcome(result.output, 'shop-api:generate')).toBe('ran');
        expect(ws().read(`${SHOP_OUT}/types.ts`)).toMatch(/nickname\?: string;/);
        afterEdit = snapshot(ws().path(SHOP_OUT));
      });

      it('adds a graph edge from shop-api to shared-schemas, so affected follows the schema', async () => {
        const graphFile = join(ws().scratch, 'graph.json');
        assertSucceeded(await ws().nx('graph', `--file=${graphFile}`));
        const graph = JSON.parse(readFileSync(graphFile, 'utf8')).graph;
        expect(graph.dependencies['shop-api']).toContainEqual(expect.objectContaining({ source: 'shop-api', target: 'shared-schemas' }));
        const affected = assertSucceeded(await ws().nx('show', 'projects', '--affected', '--files=libs/shared-schemas/pet.yaml', '--json'));
        expect(JSON.parse(affected.stdout).sort()).toEqual(['shared-schemas', 'shop-api']);
      });

      it('misses the cache on a reformatted spec but writes byte-identical output', async () => {
        expect(parse(SHOP_SPEC_REFORMATTED)).toEqual(parse(SHOP_SPEC)); // same data, other bytes
        ws().write('apps/shop-api/openapi.yaml', SHOP_SPEC_REFORMATTED);
        const result = assertSucceeded(await ws().nx('run', 'shop-api:generate'));
        expect(taskOutcome(result.output, 'shop-api:generate')).toBe('ran');
        expect(changedFiles(afterEdit, snapshot(ws().path(SHOP_OUT)))).toEqual([]);
      });

      it('restores a deleted src/generated from the cache', async () => {
        ws().remove(SHOP_OUT);
        const result = assertSucceeded(await ws().nx('run', 'shop-api:generate'));
        expect(taskOutcome(result.output, 'shop-api:generate')).toBe('local cache');
        expect(result.output).toContain(READ_FROM_CACHE);
        expect(changedFiles(afterEdit, snapshot(ws().path(SHOP_OUT)))).toEqual([]);
      });
    });
  });
}


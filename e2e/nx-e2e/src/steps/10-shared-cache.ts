import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ENV_CANARY_NAME } from '../support/env';
import { changedFiles, snapshot } from '../support/files';
import { nx, READ_FROM_CACHE, taskOutcome } from '../support/nx';
import { startRemoteCache, type RemoteCache } from '../support/remote-cache';
import { assertSucceeded } from '../support/run';
import type { Workspace } from '../support/workspace';

const PROJECTS = ['orders-api', 'shop-api'];
const GENERATE = ['run-many', '-t', 'generate', '-p', PROJECTS.join(','), '--output-style=static'];
const TASKS = PROJECTS.flatMap((project) => [`${project}:spec-lint`, `${project}:generate`]);
const out = (project: string): string => `apps/${project}/src/generated`;
const PET = 'libs/shared-schemas/pet.yaml';

/**
 * Step 10: "Nx caches the result locally and in a team-wide remote cache" — a result generated
 * on machine A is a valid cache hit on machine B. Machine A is this workspace; machine B is a
 * copy of its files at another absolute path, with another HOME and environment, its own .nx
 * and A's node_modules through a symlink (installed dependencies are hashed from the lock file,
 * not from node_modules). They share only a remote cache. A shared cache directory alone would
 * not do: Nx 23 restores only artifacts its per-workspace database has a record of.
 */
export function sharedCacheSteps(ws: () => Workspace): void {
  describe('10. a cache hit on another machine', () => {
    let cache: RemoteCache;
    let machineB: string;
    let root: string;
    const env = (): NodeJS.ProcessEnv => ({ NX_SELF_HOSTED_REMOTE_CACHE_SERVER: cache.url });
    const inA = (...args: string[]) => nx(ws().root, args, undefined, env());
    const inB = (...args: string[]) =>
      nx(root, args, undefined, { ...env(), HOME: join(machineB, 'home'), [ENV_CANARY_NAME]: 'machine-b' });
    const b = (file: string): string => join(root, file);
    const expectOutcomes = (output: string, expected: string): void => {
      expect(TASKS.map((task) => [task, taskOutcome(output, task)])).toEqual(TASKS.map((task) => [task, expected]));
    };

    beforeAll(async () => {
      cache = await startRemoteCache();
      machineB = join(ws().scratch, 'machine-b');
      root = join(machineB, 'src', 'monorepo');
      mkdirSync(join(machineB, 'home'), { recursive: true });
      const local = new Set(['node_modules', '.nx']);
      cpSync(ws().root, root, { recursive: true, filter: (source) => !local.has(relative(ws().root, source)) });
      symlinkSync(ws().path('node_modules'), b('node_modules'), 'dir');
      // A starts with a cold local cache too, so its generate runs and is uploaded.
      ws().remove('.nx');
    });

    afterAll(async () => {
      await cache?.close();
      if (machineB) rmSync(machineB, { recursive: true, force: true });
    });

    it('infers the same project configuration on both machines', async () => {
      for (const project of PROJECTS) {
        const [a, onB] = await Promise.all([inA('show', 'project', project, '--json'), inB('show', 'project', project, '--json')]);
        expect(JSON.parse(assertSucceeded(onB).stdout)).toEqual(JSON.parse(assertSucceeded(a).stdout));
      }
    });

    it('machine A generates and uploads the results', async () => {
      const result = assertSucceeded(await inA(...GENERATE));
      expectOutcomes(result.output, 'ran');
      expect(cache.stored).toHaveLength(TASKS.length);
    });

    it('machine B, without src/generated, reads them from the remote cache, byte-identical', async () => {
      for (const project of PROJECTS) rmSync(b(out(project)), { recursive: true, force: true });
      const result = assertSucceeded(await inB(...GENERATE));
      expectOutcomes(result.output, 'remote cache');
      expect(result.output).toContain(READ_FROM_CACHE);
      expect([...cache.served].sort()).toEqual([...cache.stored].sort());
      for (const project of PROJECTS) {
        const onA = snapshot(ws().path(out(project)));
        expect(Object.keys(onA).length).toBeGreaterThan(0);
        expect(changedFiles(onA, snapshot(b(out(project))))).toEqual([]);
      }
    });

    it('the hit was valid: generating on machine B itself writes the same bytes', async () => {
      const result = assertSucceeded(await inB(...GENERATE, '--skip-nx-cache'));
      expectOutcomes(result.output, 'ran');
      for (const project of PROJECTS) {
        const onB = snapshot(b(out(project)));
        expect(changedFiles(snapshot(ws().path(out(project))), onB)).toEqual([]);
        // node_modules is A's on both machines, so a path into it would match: none is written.
        for (const file of Object.keys(onB)) expect(readFileSync(join(b(out(project)), file), 'utf8')).not.toContain(ws().base);
      }
    });

    it('machine B misses after it edits the shared schema shop-api $refs', async () => {
      writeFileSync(b(PET), readFileSync(b(PET), 'utf8') + '    tag: { type: string }\n');
      const result = assertSucceeded(await inB('run', 'shop-api:generate'));
      expect(taskOutcome(result.output, 'shop-api:generate')).toBe('ran');
      expect(readFileSync(b(`${out('shop-api')}/types.ts`), 'utf8')).toMatch(/tag\?: string;/);
      expect(ws().read(`${out('shop-api')}/types.ts`)).not.toMatch(/tag\?: string;/);
    });
  });
}

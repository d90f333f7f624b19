/**
 * Issue 8: the built CLI killed with SIGKILL at random moments of an AI run, again and again on
 * one workspace, against the loopback fake with latency. After each kill the lock reads and every
 * entry matches its sha, the lock and src/generated are each the old version or the new one, and a
 * normal run afterwards asks the model only for what is not pinned. Needs `npx tsc -b packages/core`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { useTempWorkspaces } from '../__fixtures__/workspace';
import {
  contractHashes,
  expectOutputMatchesLock,
  generateArgs,
  generateWithModel,
  LOCK,
  lockEntries,
  manyOperationsSpec,
  OUT,
  readWholeLock,
  SPEC,
  specYaml,
  useHandlerFakes,
  TEST_CREDENTIAL,
  treeOf,
  useCli,
  useTestCredential,
  type HandlerFake,
} from './__fixtures__/ai-pipeline';

jest.setTimeout(180_000);
const workspace = useTempWorkspaces();
const cli = useCli();
useTestCredential();

const fakes = useHandlerFakes();
let handlers: HandlerFake | undefined;

const COUNT = 8;
const CHANGED = ['getItem0', 'deleteItem1', 'getItem2', 'deleteItem3'];
const KILLS = 5;

describe('SIGKILL mid-run, repeated', () => {
  it('leaves a whole lock and the old or new output every time; the next run pays only for what is unpinned', async () => {
    const ws = workspace({ [SPEC]: specYaml(manyOperationsSpec(COUNT)) });
    handlers = await fakes.start({ latencyMs: 250 });
    const fake = handlers;
    await fake.prepare(ws);
    const env = { ANTHROPIC_API_KEY: TEST_CREDENTIAL, ANTHROPIC_BASE_URL: fake.url };
    const args = generateArgs('--concurrency', '1');

    // The first run pins every operation (the "old version" of the first round), and says how
    // long a whole run takes here, to kill within it.
    const started = Date.now();
    const full = await cli(ws, args, env).finished;
    const duration = Date.now() - started;
    expect({ ...full, stdout: '' }).toMatchObject({ code: 0, signal: null, stderr: '' });
    expect(fake.calls()).toBe(COUNT);

    const seen: string[] = [];
    for (let round = 1; round <= KILLS; round++) {
      // Another contract for the same operations each round, so every run has work to do.
      ws.write(SPEC, specYaml(manyOperationsSpec(COUNT, 0, { changed: CHANGED, parameter: `p${round}` })));
      await fake.prepare(ws);
      const lockBefore = treeOf(ws.path(LOCK));
      const outputBefore = treeOf(ws.path(OUT));
      // Random, one in each fifth of a run: the start, the model calls and verification, the writes.
      const delay = Math.round(((round - 1 + Math.random()) / KILLS) * duration);
      const run = cli(ws, args, env);
      await sleep(delay);
      run.child.kill('SIGKILL');
      const ended = await run.finished;
      const at = `round ${round}, killed after ${delay} ms of a ${duration} ms run (${ended.signal ?? `exit ${ended.code}`})`;

      // The lock reads as the pipeline reads it, and every file matches its sha.
      expect(() => readWholeLock(ws)).not.toThrow();
      const hashes = await contractHashes(ws);
      const lockAfter = treeOf(ws.path(LOCK));
      const lockIsNew = Object.entries(lockEntries(ws)).every(([id, entry]) => entry.contractHash === hashes.get(id));
      expect([at, deepEqual(lockAfter, lockBefore) || lockIsNew]).toEqual([at, true]);
      // The output is the old tree byte for byte, or the whole new one (explained by the lock, for this spec).
      const outputAfter = treeOf(ws.path(OUT));
      const outputIsOld = deepEqual(outputAfter, outputBefore);
      if (!outputIsOld) {
        expect([at, lockIsNew]).toEqual([at, true]);
        expect(() => expectOutputMatchesLock(ws)).not.toThrow();
        const manifest = JSON.parse(outputAfter['manifest.json'] ?? '{}') as { operations: Record<string, { contractHash: string }> };
        for (const [id, operation] of Object.entries(manifest.operations)) expect([at, id, operation.contractHash]).toEqual([at, id, hashes.get(id)]);
      }
      seen.push(`${delay}ms:${deepEqual(lockAfter, lockBefore) ? 'old' : 'new'} lock/${outputIsOld ? 'old' : 'new'} output`);
    }

    // A normal run afterwards: a call for each operation without a current pin, and no other.
    const hashes = await contractHashes(ws);
    const unpinned = Object.entries(lockEntries(ws))
      .filter(([id, entry]) => entry.contractHash !== hashes.get(id))
      .map(([id]) => id)
      .sort();
    fake.reset();
    const rerun = await generateWithModel(ws, fake.url);
    expect([seen.join(', '), fake.operationsCalled().sort()]).toEqual([seen.join(', '), unpinned]);
    expect(rerun.summary).toMatchObject({ pinned: unpinned.length, reused: COUNT - unpinned.length, failed: 0 });
    expectOutputMatchesLock(ws);
    // Nothing a killed run left behind survives a finished one beside the output or the lock.
    expect(ws.list('api').filter((file) => !file.startsWith('src/generated/') && !file.startsWith('specwright.lock/'))).toEqual(['openapi.yaml']);
  });
});

function deepEqual(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key]);
}

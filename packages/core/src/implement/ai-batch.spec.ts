/**
 * Issue 8, `--batch` through the real pipeline: every operation that needs the model goes into one
 * Message Batch (one create), progress is reported while it is polled, its replies are verified
 * (and repaired live) and pinned. A run stopped after the submit (the CLI killed while it waits)
 * leaves the batch recorded in the lock; the next run resumes it instead of paying again, and
 * drops the record once the results are collected.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { useTempWorkspaces, type TempWorkspace } from '../__fixtures__/workspace';
import type { GenerateProgress } from '../generate';
import { PENDING_BATCH_FILE } from '../lock';
import {
  expectOutputMatchesLock,
  generateArgs,
  generatedIds,
  generateWithModel,
  LOCK,
  lockEntries,
  manyOperationsSpec,
  MODEL,
  OUT,
  SPEC,
  specYaml,
  useHandlerFakes,
  TEST_CREDENTIAL,
  useCli,
  useTestCredential,
  type HandlerFake,
} from './__fixtures__/ai-pipeline';

jest.setTimeout(90_000);
const workspace = useTempWorkspaces();
const cli = useCli();
useTestCredential();

const fakes = useHandlerFakes();
let handlers: HandlerFake | undefined;

const COUNT = 6;
const BATCHES = '/v1/messages/batches';
const PENDING = `${LOCK}/${PENDING_BATCH_FILE}`;

/** Requests that polled a batch (GET /v1/messages/batches/:id). */
function polls(fake: HandlerFake, batchId: string): number {
  return fake.fake.requests.filter((r) => r.method === 'GET' && r.path === `${BATCHES}/${batchId}`).length;
}

/** Runs `generate --batch` in the CLI (it polls every 30 s) and kills it while it waits, after it recorded the batch. */
async function killAfterSubmit(ws: TempWorkspace, fake: HandlerFake): Promise<void> {
  const run = cli(ws, generateArgs('--batch'), { ANTHROPIC_API_KEY: TEST_CREDENTIAL, ANTHROPIC_BASE_URL: fake.url });
  const deadline = Date.now() + 60_000;
  while (!ws.exists(PENDING) && run.child.exitCode === null && Date.now() < deadline) await sleep(25);
  expect(ws.exists(PENDING)).toBe(true);
  run.child.kill('SIGKILL');
  expect((await run.finished).signal).toBe('SIGKILL');
}

describe('--batch', () => {
  it('sends every missing operation in one batch, reports progress while polling, verifies, repairs live and pins', async () => {
    const ws = workspace({ [SPEC]: specYaml(manyOperationsSpec(COUNT)) });
    handlers = await fakes.start({ batchPollsBeforeEnded: 3 });
    const fake = handlers;
    await fake.prepare(ws);
    // One batch reply fails typecheck: repaired with one live call, like any other reply.
    fake.override((id, call) => (id === 'deleteItem1' && call === 1 ? fake.replyWith('export default 42;\n') : undefined));
    const events: GenerateProgress[] = [];

    const result = await generateWithModel(ws, fake.url, { batch: true, batchPollIntervalMs: 20, onProgress: (event) => events.push(event) });

    expect(fake.fake.requests.filter((r) => r.method === 'POST' && r.path === BATCHES)).toHaveLength(1);
    const created = fake.fake.requests.find((r) => r.path === BATCHES)?.body as { requests: Array<{ custom_id: string }> };
    expect(created.requests).toHaveLength(COUNT);
    expect(fake.operationsCalled()).toEqual(['deleteItem1']);
    expect(result.summary).toMatchObject({ pinned: COUNT, failed: 0 });

    const batchEvents = events.filter((e): e is Extract<GenerateProgress, { kind: 'batch' }> => e.kind === 'batch');
    const batchId = batchEvents[0]?.batchId as string;
    expect(batchId).toMatch(/^msgbatch_fake_/);
    expect(batchEvents.length).toBeGreaterThanOrEqual(4);
    expect(batchEvents[0]).toMatchObject({ processing: COUNT, succeeded: 0 });
    expect(batchEvents.at(-1)).toMatchObject({ batchId, processing: 0, succeeded: COUNT, errored: 0 });
    // Three polls in progress, one ended, and the retrieve of the SDK's results() for the results URL.
    expect(polls(fake, batchId)).toBe(5);

    const lock = lockEntries(ws);
    for (const [id, entry] of Object.entries(lock)) {
      // A batch result has no request id of its own: the batch's id stands for it.
      if (id === 'deleteItem1') expect(entry).toMatchObject({ attempts: 2, verdict: 'verified' });
      else expect(entry).toMatchObject({ attempts: 1, verdict: 'verified', requestId: batchId });
    }
    expect(ws.exists(PENDING)).toBe(false);
    expectOutputMatchesLock(ws);
  });

  it('killed after the submit: the next run resumes the recorded batch, no second create, and drops the record', async () => {
    const ws = workspace({ [SPEC]: specYaml(manyOperationsSpec(COUNT)) });
    handlers = await fakes.start({ batchPollsBeforeEnded: 2 });
    const fake = handlers;
    await fake.prepare(ws);

    await killAfterSubmit(ws, fake);

    const pending = JSON.parse(ws.read(PENDING)) as { batchId: string; model: string; requests: Record<string, { operationId: string }> };
    expect(pending.batchId).toMatch(/^msgbatch_fake_/);
    expect(pending.model).toBe(MODEL);
    expect(Object.values(pending.requests).map((r) => r.operationId).sort()).toEqual(generatedIds(COUNT).sort());
    expect(lockEntries(ws)).toEqual({});
    expect(ws.exists(OUT)).toBe(false);
    expect(fake.fake.requests.filter((r) => r.method === 'POST' && r.path === BATCHES)).toHaveLength(1);

    // The same command again: the batch is resumed (polled and read), never created twice.
    const events: GenerateProgress[] = [];
    const result = await generateWithModel(ws, fake.url, { batch: true, batchPollIntervalMs: 20, onProgress: (event) => events.push(event) });
    expect(fake.fake.requests.filter((r) => r.method === 'POST' && r.path === BATCHES)).toHaveLength(1);
    expect(fake.calls()).toBe(0);
    expect(polls(fake, pending.batchId)).toBeGreaterThanOrEqual(2);
    expect(events.some((e) => e.kind === 'batch' && e.batchId === pending.batchId)).toBe(true);
    expect(result.summary).toMatchObject({ pinned: COUNT, failed: 0 });
    for (const entry of Object.values(lockEntries(ws))) expect(entry).toMatchObject({ requestId: pending.batchId, attempts: 1 });
    expect(ws.exists(PENDING)).toBe(false);
    expectOutputMatchesLock(ws);

    // And nothing more to do after that.
    fake.reset();
    await generateWithModel(ws, fake.url, { batch: true, batchPollIntervalMs: 20 });
    expect(fake.fake.requests).toEqual([]);
  });

  it('a pending batch is collected even without --batch; an operation whose contract moved since is asked live', async () => {
    const ws = workspace({ [SPEC]: specYaml(manyOperationsSpec(COUNT)) });
    handlers = await fakes.start({ batchPollsBeforeEnded: 1 });
    const fake = handlers;
    await fake.prepare(ws);
    await killAfterSubmit(ws, fake);
    const { batchId } = JSON.parse(ws.read(PENDING)) as { batchId: string };
    ws.write(SPEC, specYaml(manyOperationsSpec(COUNT, 0, { changed: ['getItem1'] })));
    await fake.prepare(ws);

    const result = await generateWithModel(ws, fake.url, { batchPollIntervalMs: 20 });

    expect(fake.fake.requests.filter((r) => r.method === 'POST' && r.path === BATCHES)).toHaveLength(1);
    expect(fake.operationsCalled()).toEqual(['getItem1']);
    expect(result.warnings).toContainEqual(expect.stringContaining(`1 request(s) of pending Message Batch ${batchId} are stale`));
    const lock = lockEntries(ws);
    expect(lock.getItem1).toMatchObject({ attempts: 1 });
    expect(lock.getItem1?.requestId).not.toBe(batchId);
    for (const id of generatedIds(COUNT).filter((i) => i !== 'getItem1')) expect(lock[id]).toMatchObject({ requestId: batchId });
    expect(ws.exists(PENDING)).toBe(false);
    expectOutputMatchesLock(ws);
  });
});

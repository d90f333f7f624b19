/**
 * `generate --batch` against the fake Messages API over loopback HTTP with the real SDK: one
 * batch for all operations, its record handed over before any polling, resuming an interrupted
 * run without paying again, and the ways a pending batch can no longer be used.
 */
import { fault, reply, startFakeAnthropic, type FakeAnthropic, type RecordedRequest } from '../../../../../tools/fake-anthropic/src';
import { ask, clientFor, MODEL, TEST_KEY } from '../../../../../tools/fake-anthropic/src/test-client';
import { isSpecwrightError } from '../../errors';
import type { PendingBatch } from '../../lock/lock-types';
import { batchCustomId, runMessageBatch, type BatchItem, type BatchOutcome, type BatchProgress } from './batch';

const POLL_MS = 20;
const OPERATIONS = ['listPets', 'createPet', 'getPet', 'updatePet', 'deletePet'];

let fake: FakeAnthropic;
afterEach(async () => {
  await fake?.close();
});

/** Each entry answers with the prompt it was asked, so a result shows which request it belongs to. */
async function startFake(options: { pollsBeforeEnded?: number } = {}): Promise<FakeAnthropic> {
  fake = await startFakeAnthropic({
    batchPollsBeforeEnded: options.pollsBeforeEnded ?? 1,
    respond: ({ prompt }) => (prompt.includes('broken') ? fault.overloaded() : reply.text(`// ${prompt}`)),
  });
  return fake;
}

function itemFor(operationId: string, key = `key-${operationId}-1`, prompt = `Implement ${operationId}`): BatchItem {
  return { operationId, key, params: ask(prompt) };
}

const items = (): BatchItem[] => OPERATIONS.map((op) => itemFor(op));

function creates(): RecordedRequest[] {
  return fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages/batches');
}

function customIdsSent(create: RecordedRequest): string[] {
  return (create.body as { requests: Array<{ custom_id: string }> }).requests.map((r) => r.custom_id);
}

function summary(outcomes: readonly BatchOutcome[]): string[] {
  return outcomes.map(({ operationId, result }) => {
    if (!result.ok) return `${operationId}: ${result.error}`;
    const block = result.message.content[0];
    return `${operationId}: ${block.type === 'text' ? block.text : block.type}`;
  });
}

/** Submits `batchItems` and stops right after the batch is recorded: what a stopped run leaves behind. */
async function interruptedRun(batchItems: readonly BatchItem[]): Promise<PendingBatch> {
  const controller = new AbortController();
  let recorded: PendingBatch | undefined;
  const run = runMessageBatch({
    client: clientFor(fake),
    items: batchItems,
    pollIntervalMs: POLL_MS,
    signal: controller.signal,
    onSubmitted: (pending) => {
      recorded = pending;
      controller.abort();
    },
  });
  await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  // As written to and read back from specwright.lock/pending-batch.json.
  return JSON.parse(JSON.stringify(recorded)) as PendingBatch;
}

describe('runMessageBatch', () => {
  it('submits every operation as one batch, records it before polling, and returns the outcomes in item order', async () => {
    await startFake({ pollsBeforeEnded: 2 });
    const submitted: Array<{ pending: PendingBatch; requestsSoFar: string[] }> = [];
    const progress: BatchProgress[] = [];
    const outcomes = await runMessageBatch({
      client: clientFor(fake),
      items: items(),
      pollIntervalMs: POLL_MS,
      onSubmitted: (pending) => submitted.push({ pending, requestsSoFar: fake.requests.map((r) => `${r.method} ${r.path}`) }),
      onProgress: (p) => progress.push(p),
    });

    expect(creates()).toHaveLength(1);
    expect(fake.count()).toBe(0); // no live /v1/messages calls
    expect(submitted).toHaveLength(1);
    const [{ pending, requestsSoFar }] = submitted;
    expect(requestsSoFar).toEqual(['POST /v1/messages/batches']); // recorded before the first poll
    expect(pending.model).toBe(MODEL);
    expect(Object.values(pending.requests).map((r) => r.operationId).sort()).toEqual([...OPERATIONS].sort());
    const expectedIds = items().map((item) => batchCustomId(item.operationId, item.key));
    expect(Object.keys(pending.requests)).toEqual([...expectedIds].sort()); // sorted: the file is byte-stable
    expect(customIdsSent(creates()[0]).sort()).toEqual([...expectedIds].sort());
    for (const id of expectedIds) expect(id).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);

    expect(fake.requests.map((r) => `${r.method} ${r.path.replace(pending.batchId, ':id')}`)).toEqual([
      'POST /v1/messages/batches',
      'GET /v1/messages/batches/:id',
      'GET /v1/messages/batches/:id',
      'GET /v1/messages/batches/:id',
      'GET /v1/messages/batches/:id', // the SDK's results() checks the batch first
      'GET /v1/messages/batches/:id/results',
    ]);
    expect(progress.map((p) => `${p.processing}/${p.succeeded}`)).toEqual(['5/0', '5/0', '5/0', '0/5']);
    expect(progress.every((p) => p.batchId === pending.batchId)).toBe(true);

    expect(summary(outcomes)).toEqual(OPERATIONS.map((op) => `${op}: // Implement ${op}`));
    for (const outcome of outcomes) {
      expect(outcome.batchId).toBe(pending.batchId);
      expect(outcome.key).toBe(`key-${outcome.operationId}-1`);
      if (!outcome.result.ok) throw new Error('expected ok');
      expect(outcome.result.usage.input).toBeGreaterThan(0);
      expect(outcome.result.usage.output).toBeGreaterThan(0);
      expect(outcome.result.message.usage.service_tier).toBe('batch');
    }
  });

  it('resumes an interrupted run from the recorded batch without submitting again', async () => {
    await startFake({ pollsBeforeEnded: 2 });
    const pending = await interruptedRun(items());
    expect(creates()).toHaveLength(1);

    const onSubmitted = jest.fn();
    const collected: string[] = [];
    const outcomes = await runMessageBatch({
      client: clientFor(fake),
      items: items(),
      pending,
      pollIntervalMs: POLL_MS,
      onSubmitted,
      onCollected: (batchId, batchOutcomes) => collected.push(`${batchId}: ${batchOutcomes.length}`),
    });
    expect(creates()).toHaveLength(1);
    expect(onSubmitted).not.toHaveBeenCalled();
    expect(collected).toEqual([`${pending.batchId}: 5`]);
    expect(summary(outcomes)).toEqual(OPERATIONS.map((op) => `${op}: // Implement ${op}`));
  });

  it('stops polling when the signal aborts mid-wait, without canceling the batch', async () => {
    await startFake({ pollsBeforeEnded: 50 });
    const controller = new AbortController();
    let polls = 0;
    const run = runMessageBatch({
      client: clientFor(fake),
      items: items(),
      pollIntervalMs: POLL_MS,
      signal: controller.signal,
      onSubmitted: () => undefined,
      onProgress: () => {
        if (++polls === 3) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    const seen = fake.requests.length;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 5));
    expect(fake.requests.length).toBe(seen);
    expect(fake.requests.some((r) => r.path.endsWith('/cancel'))).toBe(false);
  });

  it('takes what a pending batch holds and submits only the rest as one new batch', async () => {
    await startFake();
    const pending = await interruptedRun(items().slice(0, 3));

    const submitted: PendingBatch[] = [];
    const outcomes = await runMessageBatch({ client: clientFor(fake), items: items(), pending, pollIntervalMs: POLL_MS, onSubmitted: (p) => submitted.push(p) });

    expect(creates()).toHaveLength(2);
    const rest = items().slice(3);
    expect(customIdsSent(creates()[1]).sort()).toEqual(rest.map((i) => batchCustomId(i.operationId, i.key)).sort());
    expect(submitted).toHaveLength(1);
    expect(Object.values(submitted[0].requests).map((r) => r.operationId).sort()).toEqual(['deletePet', 'updatePet']);
    expect(summary(outcomes)).toEqual(OPERATIONS.map((op) => `${op}: // Implement ${op}`));
    expect(outcomes.map((o) => o.batchId)).toEqual([pending.batchId, pending.batchId, pending.batchId, submitted[0].batchId, submitted[0].batchId]);
  });

  it('reports errored and expired requests as one-line failures, without submitting them again', async () => {
    await startFake({ pollsBeforeEnded: 3 });
    const batchItems = [itemFor('listPets'), itemFor('getPet', 'key-getPet-1', 'Implement getPet (broken)'), itemFor('deletePet')];
    const outcomes = await runMessageBatch({
      client: clientFor(fake),
      items: batchItems,
      pollIntervalMs: POLL_MS,
      // The batch runs out of its 24 hours before deletePet was processed.
      onSubmitted: (p) => fake.expireBatch(p.batchId, [batchCustomId('deletePet', 'key-deletePet-1')]),
    });
    expect(creates()).toHaveLength(1);
    const [, getPet, deletePet] = outcomes;
    expect(summary([outcomes[0]])).toEqual(['listPets: // Implement listPets']);
    expect(getPet.result).toEqual({ ok: false, error: 'errored: overloaded_error: Overloaded' });
    expect(deletePet.result).toEqual({ ok: false, error: expect.stringMatching(/^expired: batch msgbatch_\w+ reached its 24-hour limit/) });
  });

  it('submits anew when the API no longer knows the pending batch (404)', async () => {
    await startFake();
    const requests = Object.fromEntries(items().map((i) => [batchCustomId(i.operationId, i.key), { operationId: i.operationId, key: i.key }]));
    const pending: PendingBatch = { batchId: 'msgbatch_gone', model: MODEL, requests };
    const notices: string[] = [];
    const submitted: PendingBatch[] = [];
    const outcomes = await runMessageBatch({
      client: clientFor(fake),
      items: items(),
      pending,
      pollIntervalMs: POLL_MS,
      onSubmitted: (p) => submitted.push(p),
      onNotice: (m) => notices.push(m),
    });
    expect(notices).toEqual(['pending Message Batch msgbatch_gone is no longer known to the API (HTTP 404): submitting its 5 request(s) anew']);
    expect(creates()).toHaveLength(1);
    expect(customIdsSent(creates()[0])).toHaveLength(5);
    expect(submitted.map((p) => p.batchId)).toEqual([expect.not.stringMatching('msgbatch_gone')]);
    expect(outcomes.every((o) => o.result.ok)).toBe(true);
  });

  it('submits anew the requests of a pending batch that expired before the run was resumed', async () => {
    await startFake({ pollsBeforeEnded: 5 });
    const pending = await interruptedRun(items());
    fake.expireBatch(pending.batchId);
    const notices: string[] = [];
    const outcomes = await runMessageBatch({ client: clientFor(fake), items: items(), pending, pollIntervalMs: POLL_MS, onSubmitted: () => undefined, onNotice: (m) => notices.push(m) });
    expect(notices).toEqual([`5 request(s) of pending Message Batch ${pending.batchId} expired before they were processed: submitting them anew`]);
    expect(creates()).toHaveLength(2);
    expect(customIdsSent(creates()[1])).toHaveLength(5);
    expect(summary(outcomes)).toEqual(OPERATIONS.map((op) => `${op}: // Implement ${op}`));
  });

  it('ignores requests of the pending batch whose operation key changed since', async () => {
    await startFake();
    const pending = await interruptedRun(items());
    const current = items().map((i) => (i.operationId === 'getPet' ? itemFor('getPet', 'key-getPet-2', 'Implement getPet v2') : i));
    const notices: string[] = [];
    const outcomes = await runMessageBatch({ client: clientFor(fake), items: current, pending, pollIntervalMs: POLL_MS, onSubmitted: () => undefined, onNotice: (m) => notices.push(m) });
    expect(notices).toEqual([`1 request(s) of pending Message Batch ${pending.batchId} are stale (their operation changed or is gone): their results are ignored`]);
    expect(customIdsSent(creates()[1])).toEqual([batchCustomId('getPet', 'key-getPet-2')]);
    expect(summary(outcomes)[2]).toBe('getPet: // Implement getPet v2');
    expect(outcomes[2].key).toBe('key-getPet-2');
  });

  it('does not wait for a pending batch that holds no current request, or was for another model', async () => {
    await startFake();
    const pending = await interruptedRun(items());
    const notices: string[] = [];
    const changed = OPERATIONS.map((op) => itemFor(op, `key-${op}-2`));
    await runMessageBatch({ client: clientFor(fake), items: changed, pending, pollIntervalMs: POLL_MS, onSubmitted: () => undefined, onNotice: (m) => notices.push(m) });
    await runMessageBatch({ client: clientFor(fake), items: items(), pending: { ...pending, model: 'claude-older-4' }, pollIntervalMs: POLL_MS, onSubmitted: () => undefined, onNotice: (m) => notices.push(m) });
    expect(notices).toEqual([
      `pending Message Batch ${pending.batchId} holds no current request (5 stale): not collected`,
      `pending Message Batch ${pending.batchId} was submitted for model claude-older-4, not ${MODEL}: its 5 request(s) are ignored and the operations submitted anew`,
    ]);
    expect(fake.requests.filter((r) => r.method === 'GET' && r.path.includes(pending.batchId))).toEqual([]);
    expect(creates()).toHaveLength(3);
  });

  it('turns a failing batch API into one BATCH_FAILED line that never shows the key', async () => {
    fake = await startFakeAnthropic({ apiKey: 'another-credential' });
    const error = await runMessageBatch({ client: clientFor(fake), items: items(), pollIntervalMs: POLL_MS, onSubmitted: () => undefined }).catch((e: unknown) => e);
    expect(isSpecwrightError(error) && error.code).toBe('BATCH_FAILED');
    const { message, fix } = error as Error & { fix?: string };
    expect(message).toBe('submitting a Message Batch of 5 request(s) failed: HTTP 401 authentication_error: invalid x-api-key');
    expect(fix).toMatch(/ANTHROPIC_API_KEY/);
    expect(`${message}${fix}`).not.toContain(TEST_KEY);
  });

  it('cancels a batch whose record could not be written, and fails with that reason', async () => {
    await startFake({ pollsBeforeEnded: 5 });
    const run = runMessageBatch({
      client: clientFor(fake),
      items: items(),
      pollIntervalMs: POLL_MS,
      onSubmitted: () => {
        throw new Error('disk full');
      },
    });
    await expect(run).rejects.toThrow('disk full');
    expect(fake.requests.map((r) => `${r.method} ${r.path.replace(/msgbatch_\w+/, ':id')}`)).toEqual(['POST /v1/messages/batches', 'POST /v1/messages/batches/:id/cancel']);
  });

  it('makes no request for no items', async () => {
    await startFake();
    expect(await runMessageBatch({ client: clientFor(fake), items: [], onSubmitted: () => undefined })).toEqual([]);
    expect(fake.requests).toEqual([]);
  });
});

/**
 * Message Batches through the SDK's `client.messages.batches`: created from the same reply script as
 * live calls, polled from in_progress to ended, results read as JSONL; cancel.
 */
import { fault, reply, startFakeAnthropic, type FakeAnthropic } from './index';
import { ask, clientFor } from './test-client';

let fake: FakeAnthropic;
afterEach(async () => {
  await fake?.close();
});

describe('message batches', () => {
  it('creates a batch, reports in_progress for N polls, then ended with per-custom_id results', async () => {
    fake = await startFakeAnthropic({
      batchPollsBeforeEnded: 2,
      respond: ({ prompt, batch }) => (prompt.includes('broken') ? fault.overloaded() : reply.text(`// ${batch?.customId}`)),
    });
    const client = clientFor(fake);
    const created = await client.messages.batches.create({
      requests: ['listPets', 'getPet', 'broken'].map((op) => ({ custom_id: op, params: ask(`Implement ${op}`) })),
    });
    expect(created).toMatchObject({ type: 'message_batch', processing_status: 'in_progress', results_url: null, request_counts: { processing: 3 } });
    expect(created.id).toMatch(/^msgbatch_fake_/);

    const statuses: string[] = [];
    for (let poll = 0; poll < 5; poll++) {
      const batch = await client.messages.batches.retrieve(created.id);
      statuses.push(batch.processing_status);
      if (batch.processing_status === 'ended') {
        expect(batch.request_counts).toEqual({ processing: 0, succeeded: 2, errored: 1, canceled: 0, expired: 0 });
        expect(batch.results_url).toBe(`${fake.url}/v1/messages/batches/${created.id}/results`);
        break;
      }
    }
    expect(statuses).toEqual(['in_progress', 'in_progress', 'ended']);

    const results: Record<string, unknown> = {};
    for await (const entry of await client.messages.batches.results(created.id)) {
      if (entry.result.type === 'succeeded') expect(entry.result.message.usage.service_tier).toBe('batch');
      results[entry.custom_id] = entry.result.type === 'succeeded' ? entry.result.message.content[0] : entry.result;
    }
    expect(results).toEqual({
      listPets: { type: 'text', text: '// listPets', citations: null },
      getPet: { type: 'text', text: '// getPet', citations: null },
      broken: { type: 'errored', error: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: expect.any(String) } },
    });
    // One create, three polls, the retrieve inside results(), one results download; no /v1/messages calls.
    expect(fake.requests.map((r) => `${r.method} ${r.path.replace(created.id, ':id')}`)).toEqual([
      'POST /v1/messages/batches',
      'GET /v1/messages/batches/:id',
      'GET /v1/messages/batches/:id',
      'GET /v1/messages/batches/:id',
      'GET /v1/messages/batches/:id',
      'GET /v1/messages/batches/:id/results',
    ]);
    expect(fake.requests.every((r) => r.auth === 'bearer')).toBe(true);
    expect(fake.count()).toBe(0);
  });

  it('refuses results before the batch has ended', async () => {
    fake = await startFakeAnthropic({ batchPollsBeforeEnded: 3, respond: () => reply.text('x') });
    const client = clientFor(fake);
    const { id } = await client.messages.batches.create({ requests: [{ custom_id: 'a', params: ask('a') }] });
    await expect(client.messages.batches.results(id)).rejects.toThrow(/No batch `results_url`/);
    const raw = await fetch(`${fake.url}/v1/messages/batches/${id}/results`, { headers: { 'x-api-key': 'k', 'anthropic-version': '2026-10-21' } });
    expect(raw.status).toBe(404);
  });

  it('cancels: canceling, then ended with every entry canceled', async () => {
    fake = await startFakeAnthropic({ batchPollsBeforeEnded: 5, respond: () => reply.text('x') });
    const client = clientFor(fake);
    const { id } = await client.messages.batches.create({ requests: [{ custom_id: 'a', params: ask('a') }, { custom_id: 'b', params: ask('b') }] });
    const canceling = await client.messages.batches.cancel(id);
    expect(canceling).toMatchObject({ processing_status: 'canceling', cancel_initiated_at: expect.any(String) });
    const ended = await client.messages.batches.retrieve(id);
    expect(ended).toMatchObject({ processing_status: 'ended', request_counts: { canceled: 2, succeeded: 0 } });
    const types: string[] = [];
    for await (const entry of await client.messages.batches.results(id)) types.push(`${entry.custom_id}:${entry.result.type}`);
    expect(types).toEqual(['a:canceled', 'b:canceled']);
  });

  it('expires a batch on demand: the named entries expired, the others keep their results', async () => {
    fake = await startFakeAnthropic({ batchPollsBeforeEnded: 5, respond: ({ batch }) => reply.text(`// ${batch?.customId}`) });
    const client = clientFor(fake);
    const { id } = await client.messages.batches.create({ requests: ['a', 'b', 'c'].map((op) => ({ custom_id: op, params: ask(op) })) });
    fake.expireBatch(id, ['b']);
    const ended = await client.messages.batches.retrieve(id);
    expect(ended).toMatchObject({ processing_status: 'ended', request_counts: { processing: 0, succeeded: 2, expired: 1 } });
    const types: string[] = [];
    for await (const entry of await client.messages.batches.results(id)) types.push(`${entry.custom_id}:${entry.result.type}`);
    expect(types).toEqual(['a:succeeded', 'b:expired', 'c:succeeded']);
    expect(() => fake.expireBatch('msgbatch_nope')).toThrow(/no batch/);
  });

  it('answers an unknown batch id with 404', async () => {
    fake = await startFakeAnthropic();
    await expect(clientFor(fake).messages.batches.retrieve('msgbatch_nope')).rejects.toMatchObject({ status: 404, type: 'not_found_error' });
  });
});

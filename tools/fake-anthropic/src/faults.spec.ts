/**
 * Each injected fault, and what the real SDK does with it: the retried ones (429, 529, 500, a
 * connection dropped before the response) cost extra requests the fake counts; the ones after the
 * response began (mid-stream error, truncation, a cut body) surface as errors without a retry,
 * which is why the provider needs its own outer retry for them.
 */
import Anthropic from '@anthropic-ai/sdk';
import { fault, reply, startFakeAnthropic, type FakeAnthropic } from './index';
import { ask, clientFor } from './test-client';

let fake: FakeAnthropic;
afterEach(async () => {
  await fake?.close();
});

describe('retried by the SDK', () => {
  it('429 with retry-after: one retry, after the delay the header asked for', async () => {
    fake = await startFakeAnthropic();
    fake.script(fault.rateLimited(1.2), reply.text('ok'));
    const started = Date.now();
    const message = await clientFor(fake).messages.create(ask('x'));
    const elapsed = Date.now() - started;
    expect(message.content[0]).toMatchObject({ text: 'ok' });
    expect(fake.count()).toBe(2);
    // The SDK's own first backoff is at most 500 ms: waiting over a second proves the header ruled.
    expect(elapsed).toBeGreaterThanOrEqual(1150);
    expect(elapsed).toBeLessThan(4000);
    expect(fake.requests.map((r) => [r.outcome, r.headers['x-stainless-retry-count']])).toEqual([['http 429', '0'], ['message', '1']]);
  });

  it('529 overloaded is retried, and raised as OverloadedError once retries run out', async () => {
    fake = await startFakeAnthropic();
    const quick = { 'retry-after-ms': '20' };
    fake.script(fault.overloaded(quick), reply.text('ok'));
    await expect(clientFor(fake).messages.stream(ask('x')).finalMessage()).resolves.toMatchObject({ stop_reason: 'end_turn' });
    expect(fake.count()).toBe(2);

    fake.reset();
    fake.respond(() => fault.overloaded(quick));
    const error = await clientFor(fake, { maxRetries: 2 }).messages.create(ask('x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.OverloadedError);
    expect(error).toMatchObject({ status: 529, type: 'overloaded_error' });
    expect(fake.count()).toBe(3);
  });

  it('500 is retried', async () => {
    fake = await startFakeAnthropic();
    fake.script(fault.serverError({ 'retry-after-ms': '20' }), reply.text('ok'));
    await expect(clientFor(fake).messages.create(ask('x'))).resolves.toMatchObject({ type: 'message' });
    expect(fake.requests.map((r) => r.outcome)).toEqual(['http 500', 'message']);
  });

  it('x-should-retry: false wins over the status', async () => {
    fake = await startFakeAnthropic();
    fake.script(fault.overloaded({ 'x-should-retry': 'false' }), reply.text('never'));
    await expect(clientFor(fake).messages.create(ask('x'))).rejects.toBeInstanceOf(Anthropic.OverloadedError);
    expect(fake.count()).toBe(1);
  });

  it('a connection dropped before the response is retried (APIConnectionError when retries run out)', async () => {
    fake = await startFakeAnthropic();
    fake.script(fault.drop('before-headers'), reply.text('ok'));
    await expect(clientFor(fake).messages.stream(ask('x')).finalMessage()).resolves.toMatchObject({ content: [{ text: 'ok' }] });
    expect(fake.requests.map((r) => r.outcome)).toEqual(['drop before-headers', 'message']);

    fake.reset();
    fake.respond(() => fault.drop('before-headers'));
    await expect(clientFor(fake, { maxRetries: 1 }).messages.create(ask('x'))).rejects.toBeInstanceOf(Anthropic.APIConnectionError);
    expect(fake.count()).toBe(2);
  });

  it('a reply slower than the timeout is retried, then APIConnectionTimeoutError', async () => {
    fake = await startFakeAnthropic();
    fake.respond(() => ({ ...reply.text('late'), delayMs: 400 }));
    await expect(clientFor(fake, { timeout: 100, maxRetries: 1 }).messages.create(ask('x'))).rejects.toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
    expect(fake.count()).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 400)); // let the fake notice the client left
    expect(fake.requests.map((r) => r.outcome)).toEqual(['client gone', 'client gone']);
  });
});

describe('surfaced by the SDK, not retried (the response had begun)', () => {
  it('an error event mid-stream rejects finalMessage with the API error type', async () => {
    fake = await startFakeAnthropic();
    fake.script(fault.streamError('export const', 'overloaded_error', 'Overloaded'), reply.text('never'));
    const stream = clientFor(fake).messages.stream(ask('x'));
    const error = await stream.finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    // No HTTP status (the response was a 200), and `message` is the whole error body as JSON: read `apiMessage`.
    expect(error).toMatchObject({ status: undefined, type: 'overloaded_error', apiMessage: 'Overloaded', requestID: 'req_fake_000001' });
    expect((error as Error).message).toContain('"overloaded_error"');
    expect(fake.count()).toBe(1);
  });

  it('the same reply to a non-streaming request is the matching HTTP error (529), which is retried', async () => {
    fake = await startFakeAnthropic();
    fake.script(fault.streamError(), reply.text('ok'));
    await expect(clientFor(fake).messages.create(ask('x'))).resolves.toMatchObject({ type: 'message' });
    expect(fake.requests.map((r) => r.outcome)).toEqual(['stream-error overloaded_error', 'message']);
  });

  it('a truncated stream (no message_stop) rejects finalMessage', async () => {
    fake = await startFakeAnthropic();
    fake.script(fault.truncated('{"code": "exp'));
    await expect(clientFor(fake).messages.stream(ask('x')).finalMessage()).rejects.toThrow(/stream ended without producing a Message/);
    expect(fake.count()).toBe(1);
  });

  it('a truncated JSON body rejects create', async () => {
    fake = await startFakeAnthropic();
    fake.script(fault.truncated());
    // The body dies while the SDK reads it (undici: "terminated"), after the retry decision was made.
    await expect(clientFor(fake).messages.create(ask('x'))).rejects.toThrow(/terminated/);
    expect(fake.count()).toBe(1);
  });

  it('a connection cut mid-stream rejects finalMessage', async () => {
    fake = await startFakeAnthropic();
    fake.script(fault.drop('mid-body', 'export const half'));
    await expect(clientFor(fake).messages.stream(ask('x')).finalMessage()).rejects.toThrow(/terminated/);
    expect(fake.requests.map((r) => r.outcome)).toEqual(['drop mid-body']);
  });
});

/**
 * One model call against the loopback fake with the real SDK: the reply, the request on the wire,
 * and every fault the API or the network can produce, each ending in success after retries or in
 * a typed error. The fake counts the requests, so the retry layers are observable.
 */
import { APIUserAbortError } from '@anthropic-ai/sdk';
import { fault, reply, startFakeAnthropic, type FakeAnthropic } from '../../../../../tools/fake-anthropic/src';
import { clientFor } from '../../../../../tools/fake-anthropic/src/test-client';
import { SpecwrightError } from '../../errors';
import { callModel, type CallModelOptions } from './call-model';
import { ModelReplyError } from './parse-reply';
import { buildPrompt, type PromptParams } from './prompt';
import { implementRequest } from './__fixtures__/implement-request';

const MODEL = 'claude-sonnet-5-5';
const QUICK = { 'retry-after-ms': '20' };
const FAST: CallModelOptions = { retryDelayMs: 10, timeoutMs: 5_000 };
const HANDLER = { code: 'import type { GetPetHandler } from "../handlers.js";\nconst handler: GetPetHandler = async () => ({ status: 404 });\nexport default handler;\n', notes: 'No data source: always 404.' };

let fake: FakeAnthropic;
afterEach(async () => {
  await fake?.close();
});

function params(maxTokens = 4096): PromptParams {
  return buildPrompt(implementRequest(), MODEL, { maxTokens }).params;
}

async function failure(promise: Promise<unknown>): Promise<SpecwrightError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SpecwrightError);
  return error as SpecwrightError;
}

describe('a reply', () => {
  it('becomes code, notes, usage, request id, API version and stop reason', async () => {
    fake = await startFakeAnthropic();
    fake.script(reply.json(HANDLER, { deltas: 7 }));
    const result = await callModel(clientFor(fake), params(), FAST);
    expect(result).toMatchObject({ ...HANDLER, requestId: 'req_fake_000001', apiVersion: '2026-10-21', stopReason: 'end_turn', model: MODEL, attempts: 1 });
    expect(result.usage.input + result.usage.cacheWrite).toBeGreaterThan(0);
    expect(result.usage.output).toBeGreaterThan(0);
    expect(fake.count()).toBe(1);
  });

  it('is requested as a stream with the model, structured output and a cached shared block, without sampling parameters', async () => {
    fake = await startFakeAnthropic();
    fake.script(reply.json(HANDLER));
    await callModel(clientFor(fake), params(), FAST);
    const body = fake.requests[0]?.body as Record<string, any>;
    expect(body).toMatchObject({ model: MODEL, stream: true, max_tokens: 4096, output_config: { format: { type: 'json_schema' } } });
    expect(body.system[1].cache_control).toEqual({ type: 'ephemeral' });
    for (const name of ['temperature', 'top_p', 'top_k', 'tool_choice', 'tools']) expect(body).not.toHaveProperty(name);
  });

  it('reports prompt caching through usage: the second call reads what the first wrote', async () => {
    fake = await startFakeAnthropic({ respond: () => reply.json(HANDLER) });
    const first = await callModel(clientFor(fake), params(), FAST);
    const second = await callModel(clientFor(fake), buildPrompt(implementRequest('listPets'), MODEL, { maxTokens: 4096 }).params, FAST);
    expect(first.usage.cacheWrite).toBeGreaterThan(1024);
    expect(second.usage.cacheRead).toBe(first.usage.cacheWrite);
  });

  it('strips a markdown fence the model put around the code', async () => {
    fake = await startFakeAnthropic();
    fake.script(reply.json({ code: '```ts\nexport default 1;\n```', notes: '' }));
    await expect(callModel(clientFor(fake), params(), FAST)).resolves.toMatchObject({ code: 'export default 1;\n', notes: '' });
  });
});

describe('faults the SDK retries (before the response headers)', () => {
  it('429 with retry-after: retried after the delay, then success', async () => {
    fake = await startFakeAnthropic();
    fake.script(fault.rateLimited(0.3), reply.json(HANDLER));
    const started = Date.now();
    await expect(callModel(clientFor(fake), params(), FAST)).resolves.toMatchObject({ code: HANDLER.code, attempts: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(fake.requests.map((r) => r.outcome)).toEqual(['http 429', 'message']);
  });

  it.each([
    ['529 overloaded', fault.overloaded(QUICK), 'http 529'],
    ['500 server error', fault.serverError(QUICK), 'http 500'],
    ['a connection dropped before the headers', fault.drop('before-headers'), 'drop before-headers'],
  ])('%s: retried, then success', async (_name, first, outcome) => {
    fake = await startFakeAnthropic();
    fake.script(first, reply.json(HANDLER));
    await expect(callModel(clientFor(fake), params(), FAST)).resolves.toMatchObject({ code: HANDLER.code, requestId: 'req_fake_000002' });
    expect(fake.requests.map((r) => r.outcome)).toEqual([outcome, 'message']);
  });

  it('529 that never ends: a typed MODEL_API_ERROR once the SDK retries run out', async () => {
    fake = await startFakeAnthropic({ respond: () => fault.overloaded(QUICK) });
    const error = await failure(callModel(clientFor(fake, { maxRetries: 2 }), params(), FAST));
    expect(error.code).toBe('MODEL_API_ERROR');
    expect(error.message).toBe('the Anthropic API answered 529 overloaded_error: Overloaded (request id req_fake_000003)');
    expect(fake.count()).toBe(3);
  });

  it('400 is not retried: one line with the API message', async () => {
    fake = await startFakeAnthropic();
    fake.script(fault.badRequest('prompt is too long:\n300000 tokens > 200000 maximum'));
    const error = await failure(callModel(clientFor(fake), params(), FAST));
    expect(error.code).toBe('MODEL_API_ERROR');
    expect(error.message).toBe('the Anthropic API answered 400 invalid_request_error: prompt is too long: 300000 tokens > 200000 maximum (request id req_fake_000001)');
    expect(fake.count()).toBe(1);
  });
});

describe('faults after the response headers (the outer retry)', () => {
  it.each([
    ['an error event mid-stream', fault.streamError('{"code": "imp'), 'stream-error overloaded_error'],
    ['a truncated stream', fault.truncated('{"code": "imp'), 'truncated'],
    ['a connection cut mid-stream', fault.drop('mid-body', '{"code": "imp'), 'drop mid-body'],
  ])('%s: tried again, then success', async (_name, first, outcome) => {
    fake = await startFakeAnthropic();
    fake.script(first, reply.json(HANDLER));
    const result = await callModel(clientFor(fake), params(), FAST);
    expect(result).toMatchObject({ code: HANDLER.code, attempts: 2, requestId: 'req_fake_000002' });
    expect(fake.requests.map((r) => r.outcome)).toEqual([outcome, 'message']);
  });

  it('gives up after the bounded outer retries with a typed error', async () => {
    fake = await startFakeAnthropic({ respond: () => fault.streamError('{"code"', 'overloaded_error', 'Overloaded') });
    const error = await failure(callModel(clientFor(fake), params(), { ...FAST, outerRetries: 2 }));
    expect(error.code).toBe('MODEL_API_ERROR');
    expect(error.message).toBe('the Anthropic API answered overloaded_error: Overloaded (request id req_fake_000003)');
    expect(fake.count()).toBe(3);
  });

  it('does not retry a mid-stream error that asking again cannot fix', async () => {
    fake = await startFakeAnthropic();
    fake.script(fault.streamError('', 'invalid_request_error', 'bad request'), reply.json(HANDLER));
    const error = await failure(callModel(clientFor(fake), params(), FAST));
    expect(error.message).toContain('invalid_request_error: bad request');
    expect(fake.count()).toBe(1);
  });

  it('a body slower than the per-call timeout: MODEL_TIMEOUT, not retried', async () => {
    fake = await startFakeAnthropic();
    fake.script({ ...reply.json(HANDLER), delayMs: 600 });
    const error = await failure(callModel(clientFor(fake), params(), { ...FAST, timeoutMs: 200 }));
    expect(error.code).toBe('MODEL_TIMEOUT');
    expect(error.message).toBe('no complete reply from the Anthropic API within 0.2 s');
    expect(fake.count()).toBe(1);
  });
});

describe('replies without usable code (ModelReplyError, not retried)', () => {
  it.each([
    ['malformed JSON', reply.malformedJson(), 'malformed_json', /^Your reply was not valid JSON \(.+\)\. Reply with exactly one JSON object/],
    ['a reply cut at max_tokens', reply.maxTokens(), 'max_tokens', /^Your reply was cut off at the output limit \(\d+ tokens\)/],
    ['JSON without code', reply.json({ notes: 'I cannot.' }), 'missing_code', /^Your reply had no "code" string/],
    ['empty code', reply.json({ code: '  ', notes: '' }), 'missing_code', /^Your reply had no "code" string/],
  ])('%s', async (_name, scripted, problem, message) => {
    fake = await startFakeAnthropic();
    fake.script(scripted, reply.json(HANDLER));
    const error = await failure(callModel(clientFor(fake), params(), FAST));
    expect(error).toBeInstanceOf(ModelReplyError);
    const replyError = error as ModelReplyError;
    expect(replyError).toMatchObject({ code: 'MODEL_REPLY_INVALID', problem, requestId: 'req_fake_000001' });
    expect(replyError.message).toMatch(message);
    expect(replyError.usage.output).toBeGreaterThan(0);
    expect(replyError.replyText.length).toBeGreaterThan(0);
    expect(fake.count()).toBe(1);
  });
});

describe('stopping', () => {
  it('an aborted run stops the call: the abort error, no retry', async () => {
    fake = await startFakeAnthropic();
    fake.script({ ...reply.json(HANDLER), delayMs: 600 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await callModel(clientFor(fake), params(), { ...FAST, signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(fake.count()).toBe(1);
  });
});

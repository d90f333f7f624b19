/**
 * The anthropic provider as the implement stage sees it, against the loopback fake with the real
 * SDK: implementations with provenance, repair turns, and the failures a user meets (no key, no
 * API, a wrong key) as one-line typed errors that never show the key.
 */
import { createServer } from 'node:net';
import { fault, reply, startFakeAnthropic, type FakeAnthropic } from '../../../../../tools/fake-anthropic/src';
import { TEST_KEY } from '../../../../../tools/fake-anthropic/src/test-client';
import { formatError, SpecwrightError } from '../../errors';
import { checkPromptCaching, createAnthropicProvider, type AnthropicProviderOptions } from './anthropic-provider';
import { buildPrompt, PROMPT_VERSION } from './prompt';
import { implementRequest } from './__fixtures__/implement-request';

const MODEL = 'claude-sonnet-5-5';
const HANDLER = { code: 'import type { GetPetHandler } from "../handlers.js";\nconst handler: GetPetHandler = async () => ({ status: 404 });\nexport default handler;\n', notes: 'Always 404.' };

let fake: FakeAnthropic | undefined;
const savedKey = process.env.ANTHROPIC_API_KEY;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  if (savedKey === undefined) delete process.env.ANTHROPIC_API_KEY;
  else process.env.ANTHROPIC_API_KEY = savedKey;
});

function provider(extra: Partial<AnthropicProviderOptions> = {}) {
  return createAnthropicProvider({ model: MODEL, apiKey: TEST_KEY, baseURL: fake?.url, maxRetries: 2, retryDelayMs: 10, ...extra });
}

async function failure(promise: Promise<unknown>): Promise<SpecwrightError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SpecwrightError);
  return error as SpecwrightError;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('createAnthropicProvider', () => {
  it('turns a scripted reply into an Implementation with usage, request id and provenance', async () => {
    fake = await startFakeAnthropic({ apiKey: TEST_KEY });
    fake.script(reply.json(HANDLER));
    const anthropic = provider({ maxTokens: 8000 });
    expect(anthropic).toMatchObject({ id: 'anthropic', modelId: MODEL, promptVersion: PROMPT_VERSION });
    const request = implementRequest();
    const implementation = await anthropic.implement(request);
    expect(implementation.code).toBe(HANDLER.code);
    expect(implementation.notes).toBe(HANDLER.notes);
    expect(implementation.usage?.output).toBeGreaterThan(0);
    expect(implementation.provenance).toEqual({
      provider: 'anthropic',
      model: MODEL,
      promptVersion: PROMPT_VERSION,
      apiVersion: '2026-10-21',
      requestId: 'req_fake_000001',
      promptHash: buildPrompt(request, MODEL, { maxTokens: 8000 }).promptHash,
    });
    expect(fake.requests[0]?.headers['anthropic-version']).toBe('2026-10-21');
    expect(fake.requests[0]?.auth).not.toBe('none');
  });

  it('sends the earlier rejected attempts as repair turns with their code and exact errors', async () => {
    fake = await startFakeAnthropic();
    fake.script(reply.json(HANDLER));
    const rejected = [{ code: 'export default 42;', errors: ["implementations/getPet.ts(1,16): error TS2322: Type 'number' is not assignable to type 'GetPetHandler'."] }];
    await provider().implement(implementRequest('getPet', { rejected }));
    const body = fake.requests[0]?.body as { messages: Array<{ role: string; content: string }> };
    expect(body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(body.messages[1]?.content).toContain('export default 42;');
    expect(body.messages[2]?.content).toContain(rejected[0]?.errors[0]);
  });

  it('sends max_tokens capped at the model budget, and the options it was given', async () => {
    fake = await startFakeAnthropic({ respond: () => reply.json(HANDLER) });
    await provider({ model: 'claude-opus-4-1-20250805' }).implement(implementRequest());
    await provider({ maxTokens: 1234 }).implement(implementRequest());
    expect(fake.requests.map((r) => (r.body as { max_tokens: number }).max_tokens)).toEqual([32_000, 1234]);
  });

  it('survives faults on the way (SDK retries and the outer retry), counted by the fake', async () => {
    fake = await startFakeAnthropic();
    fake.script(fault.rateLimited(0.05), fault.streamError(), fault.overloaded({ 'retry-after-ms': '20' }), reply.json(HANDLER));
    const implementation = await provider().implement(implementRequest());
    expect(implementation.provenance.requestId).toBe('req_fake_000004');
    expect(fake.requests.map((r) => r.outcome)).toEqual(['http 429', 'stream-error overloaded_error', 'http 529', 'message']);
  });

  it('refuses a floating model alias up front, naming the pinned id', () => {
    expect(() => createAnthropicProvider({ model: 'claude-haiku-4-5' })).toThrow(/use "claude-haiku-4-5-20251001"/);
  });

  it('estimates the cost of usage on its model, or says it does not know the price', () => {
    const usage = { input: 1_000_000, output: 0, cacheRead: 0, cacheWrite: 0 };
    expect(provider().estimateCost(usage)).toBe(3);
    expect(provider().estimateCost(usage, { batch: true })).toBe(1.5);
    expect(provider({ model: 'claude-sonnet-5-9' }).estimateCost(usage)).toBeUndefined();
  });
});

describe('the API key', () => {
  it('is read from ANTHROPIC_API_KEY when the call is made, not when the provider is created', async () => {
    fake = await startFakeAnthropic({ apiKey: TEST_KEY });
    fake.script(reply.json(HANDLER));
    delete process.env.ANTHROPIC_API_KEY;
    const anthropic = provider({ apiKey: undefined });
    process.env.ANTHROPIC_API_KEY = TEST_KEY;
    await expect(anthropic.implement(implementRequest())).resolves.toMatchObject({ code: HANDLER.code });
  });

  it('missing: MISSING_API_KEY in one line naming ANTHROPIC_API_KEY and the offline provider, with no network call', async () => {
    fake = await startFakeAnthropic();
    delete process.env.ANTHROPIC_API_KEY;
    const error = await failure(provider({ apiKey: undefined }).implement(implementRequest()));
    expect(error.code).toBe('MISSING_API_KEY');
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain('ANTHROPIC_API_KEY');
    expect(error.message).toContain('"offline"');
    expect(fake.requests).toHaveLength(0);
  });

  it('rejected by the API (401): MODEL_AUTH_FAILED, and the key appears nowhere', async () => {
    fake = await startFakeAnthropic({ apiKey: 'the-only-accepted-test-credential' });
    fake.script(reply.json(HANDLER));
    process.env.ANTHROPIC_API_KEY = TEST_KEY;
    const error = await failure(provider({ apiKey: undefined }).implement(implementRequest()));
    expect(error.code).toBe('MODEL_AUTH_FAILED');
    expect(error.message).toBe(`the Anthropic API at ${new URL(fake.url).host} rejected the API key from ANTHROPIC_API_KEY (401 authentication_error) (request id req_fake_000001)`);
    expect(fake.count()).toBe(1);
    for (const text of [error.message, error.fix, formatError(error), formatError(error, { verbose: true }), JSON.stringify(fake.requests)]) {
      expect(text).not.toContain(TEST_KEY);
    }
  });
});

describe('an unreachable API', () => {
  it('is one line naming the host: MODEL_UNREACHABLE, no stack, no key', async () => {
    const port = await closedPort();
    const error = await failure(provider({ baseURL: `http://127.0.0.1:${port}`, maxRetries: 1 }).implement(implementRequest()));
    expect(error.code).toBe('MODEL_UNREACHABLE');
    expect(error.message).toBe(`cannot reach the Anthropic API at 127.0.0.1:${port} (ECONNREFUSED)`);
    const printed = formatError(error);
    expect(printed.split('\n')).toHaveLength(2); // the message, then the fix
    expect(printed).not.toMatch(/\bat .+:\d+:\d+\)/); // no stack frames
    expect(printed).not.toContain(TEST_KEY);
  });
});

describe('checkPromptCaching', () => {
  it('sees the shared context read from cache after the first call of a run', async () => {
    fake = await startFakeAnthropic({ respond: () => reply.json(HANDLER) });
    const anthropic = provider();
    const usages = [];
    for (const id of ['getPet', 'listPets']) usages.push((await anthropic.implement(implementRequest(id))).usage!);
    const report = checkPromptCaching(usages);
    expect(report).toMatchObject({ status: 'effective', calls: 2 });
    expect(report.cacheReadTokens).toBeGreaterThan(1024);
    expect(report.summary).toMatch(/^prompt caching: effective \(\d+ tokens read from cache over 2 calls\)$/);
  });

  it('says when caching never took effect, and why it may not have', () => {
    const none = { input: 500, output: 100, cacheRead: 0, cacheWrite: 0 };
    expect(checkPromptCaching([none, none])).toMatchObject({ status: 'ineffective', summary: expect.stringContaining('below the model\'s minimum cacheable length') });
    const written = { ...none, cacheWrite: 2000 };
    expect(checkPromptCaching([written, written]).summary).toContain('written but never read');
    // A read on the first call is a prefix cached by an earlier run, not evidence about this one.
    expect(checkPromptCaching([{ ...none, cacheRead: 2000 }, none]).status).toBe('ineffective');
    expect(checkPromptCaching([none]).status).toBe('unknown');
    expect(checkPromptCaching([]).status).toBe('unknown');
  });
});

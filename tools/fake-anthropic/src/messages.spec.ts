/**
 * The happy paths and request handling of the fake, proven with the real @anthropic-ai/sdk: if these
 * pass, the wire format the fake speaks is the one the SDK we ship parses.
 */
import Anthropic from '@anthropic-ai/sdk';
import { jsonSchemaOutputFormat } from '@anthropic-ai/sdk/helpers/json-schema';
import { fault, reply, startFakeAnthropic, type FakeAnthropic } from './index';
import { ask, clientFor, MODEL, TEST_KEY } from './test-client';

let fake: FakeAnthropic;
afterEach(async () => {
  await fake?.close();
});

const schema = {
  type: 'object',
  properties: { code: { type: 'string' }, notes: { type: 'string' } },
  required: ['code', 'notes'],
  additionalProperties: false,
} as const;

describe('messages', () => {
  it('streams a reply that messages.stream().finalMessage() assembles, with request id and usage', async () => {
    fake = await startFakeAnthropic();
    fake.script(reply.text('export const listPets = () => [];', { deltas: 5 }));
    const stream = clientFor(fake).messages.stream(ask('Implement listPets'));
    const deltas: string[] = [];
    stream.on('text', (delta) => deltas.push(delta));
    const message = await stream.finalMessage();

    expect(message.content).toEqual([{ type: 'text', text: 'export const listPets = () => [];', citations: null }]);
    expect(deltas.length).toBe(5);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.model).toBe(MODEL);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(1);
    expect(stream.request_id).toBe('req_fake_000001');
    expect(fake.count()).toBe(1);
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/messages', auth: 'bearer', outcome: 'message' });
    expect(request.body).toMatchObject({ model: MODEL, stream: true, messages: [{ role: 'user', content: 'Implement listPets' }] });
    expect(request.headers['anthropic-version']).toBe('2026-10-21');
    // The key is never stored: not as a header, not anywhere in the record.
    expect(JSON.stringify(fake.requests)).not.toContain(TEST_KEY);
  });

  it('answers a non-streaming messages.create with a complete Message', async () => {
    fake = await startFakeAnthropic();
    fake.script(reply.text('hello'));
    const message = await clientFor(fake).messages.create(ask('hi'));
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: MODEL,
      content: [{ type: 'text', text: 'hello' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { cache_creation_input_tokens: 0, cache_read_input_tokens: 0, service_tier: 'standard' },
    });
    expect(message.id).toMatch(/^msg_fake_/);
    expect(message._request_id).toBe('req_fake_000001');
    expect(fake.requests[0].body).not.toHaveProperty('stream');
  });

  it('shows a max_tokens stop in the streamed message', async () => {
    fake = await startFakeAnthropic();
    fake.script(reply.maxTokens('{"code": "export'));
    const message = await clientFor(fake).messages.stream(ask('long one')).finalMessage();
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.content[0]).toMatchObject({ text: '{"code": "export' });
  });

  it('serves structured output that the SDK json-schema helper parses, and malformed JSON it rejects', async () => {
    fake = await startFakeAnthropic();
    const client = clientFor(fake);
    const params = ask('Implement getPet', { output_config: { format: jsonSchemaOutputFormat(schema) } });
    fake.script(reply.json({ code: 'export const getPet = 1;', notes: 'none' }), reply.malformedJson(), reply.malformedJson());

    const parsed = await client.messages.parse(params);
    expect(parsed.parsed_output).toEqual({ code: 'export const getPet = 1;', notes: 'none' });
    expect(fake.requests[0].body).toMatchObject({ output_config: { format: { type: 'json_schema', schema: { type: 'object', required: ['code', 'notes'] } } } });

    await expect(client.messages.parse(params)).rejects.toThrow(/Failed to parse structured output/);
    await expect(client.messages.stream(params).finalMessage()).rejects.toThrow(/Failed to parse structured output/);
    expect(fake.count()).toBe(3); // a parse failure is not a transport failure: the SDK does not retry it
  });

  it('is reached through ANTHROPIC_BASE_URL as well as the baseURL option', async () => {
    fake = await startFakeAnthropic({ respond: () => reply.text('via env') });
    const saved = process.env.ANTHROPIC_BASE_URL;
    process.env.ANTHROPIC_BASE_URL = fake.url;
    try {
      const client = new Anthropic({ apiKey: TEST_KEY, maxRetries: 0, logLevel: 'off' });
      await expect(client.messages.create(ask('x'))).resolves.toMatchObject({ content: [{ text: 'via env' }] });
    } finally {
      if (saved === undefined) delete process.env.ANTHROPIC_BASE_URL;
      else process.env.ANTHROPIC_BASE_URL = saved;
    }
    expect(fake.count()).toBe(1);
  });

  it('counts tokens', async () => {
    fake = await startFakeAnthropic();
    const { input_tokens } = await clientFor(fake).messages.countTokens({ model: MODEL, messages: [{ role: 'user', content: 'x'.repeat(400) }] });
    expect(input_tokens).toBe(100);
    expect(fake.count('/v1/messages/count_tokens')).toBe(1);
    expect(fake.count()).toBe(0);
  });

  it('replies by a function of the request: the operation named in the prompt, and which attempt it is', async () => {
    fake = await startFakeAnthropic({
      respond: ({ prompt, attempt }) => {
        const operation = /Implement (\w+)/.exec(prompt)?.[1] ?? 'unknown';
        return operation === 'flaky' && attempt === 1 ? fault.overloaded({ 'retry-after-ms': '10' }) : reply.text(`// ${operation}`);
      },
    });
    const client = clientFor(fake);
    const texts = await Promise.all(['listPets', 'getPet', 'flaky'].map(async (op) => {
      const message = await client.messages.create(ask(`Implement ${op}`));
      return message.content[0].type === 'text' ? message.content[0].text : '';
    }));
    expect(texts).toEqual(['// listPets', '// getPet', '// flaky']);
    expect(fake.count()).toBe(4);
    expect(fake.requests.map((r) => r.outcome).sort()).toEqual(['http 529', 'message', 'message', 'message']);
  });

  it('simulates prompt caching: a long cache_control prefix is written once, then read', async () => {
    fake = await startFakeAnthropic();
    fake.respond(() => reply.text('ok'));
    const client = clientFor(fake);
    const system = [{ type: 'text' as const, text: 'interface Context {}\n'.repeat(300), cache_control: { type: 'ephemeral' as const } }];
    const first = await client.messages.create(ask('Implement a', { system }));
    const second = await client.messages.create(ask('Implement b', { system }));
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1024);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    // Below the minimum length nothing is cached, and nothing says why.
    const short = await client.messages.create(ask('Implement c', { system: [{ ...system[0], text: 'tiny' }] }));
    expect(short.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
  });

  it('rejects what API version 2026-10-21 rejects: sampling parameters, forced tool use', async () => {
    fake = await startFakeAnthropic();
    const client = clientFor(fake);
    await expect(client.messages.create({ ...ask('x'), temperature: 0 } as never)).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    await expect(
      client.messages.create(ask('x', { tools: [{ name: 'emit', input_schema: { type: 'object' } }], tool_choice: { type: 'tool', name: 'emit' } })),
    ).rejects.toThrow(/tool_choice/);
    expect(fake.count()).toBe(2);
  });

  it('fails an unscripted request at once (500, x-should-retry: false)', async () => {
    fake = await startFakeAnthropic();
    await expect(clientFor(fake).messages.create(ask('x'))).rejects.toThrow(/no reply scripted/);
    expect(fake.count()).toBe(1);
  });

  it('adds a fixed latency to every reply', async () => {
    fake = await startFakeAnthropic({ latencyMs: 150, respond: () => reply.text('slow') });
    const started = Date.now();
    await clientFor(fake).messages.create(ask('x'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('reset() forgets requests and queued replies; the requests array stays the same object', async () => {
    fake = await startFakeAnthropic();
    const requests = fake.requests;
    fake.script(reply.text('a'), reply.text('b'));
    await clientFor(fake).messages.create(ask('x'));
    fake.reset();
    expect(requests).toHaveLength(0);
    await expect(clientFor(fake).messages.create(ask('x'))).rejects.toThrow(/no reply scripted/);
    expect(fake.requests).toBe(requests);
    expect(requests).toHaveLength(1);
  });
});

describe('authentication', () => {
  it('answers a request without a key with 401, which the SDK raises as AuthenticationError', async () => {
    fake = await startFakeAnthropic();
    fake.script(reply.text('never sent'));
    // The SDK refuses to send without a credential unless Authorization is explicitly omitted.
    const keyless = new Anthropic({ baseURL: fake.url, apiKey: TEST_KEY, defaultHeaders: { Authorization: null }, maxRetries: 2, logLevel: 'off' });
    const error = await keyless.messages.create(ask('x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(error).toMatchObject({ status: 401, type: 'authentication_error', requestID: 'req_fake_000001' });
    expect(fake.count()).toBe(1); // 401 is not retried
    expect(fake.requests[0].auth).toBe('none');

    const raw = await fetch(`${fake.url}/v1/messages`, { method: 'POST', body: '{}' });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'x-api-key header is required' }, request_id: 'req_fake_000002' });
  });

  it('accepts x-api-key as well as the Bearer token SDK 1.x sends, and only the configured key when one is set', async () => {
    fake = await startFakeAnthropic({ apiKey: 'sk-right' });
    fake.respond(() => reply.text('ok'));
    const wrong = await clientFor(fake, { apiKey: 'sk-wrong' }).messages.create(ask('x')).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(Anthropic.AuthenticationError);
    await expect(clientFor(fake, { apiKey: 'sk-right' }).messages.create(ask('x'))).resolves.toMatchObject({ type: 'message' });
    const viaHeader = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'sk-right', 'anthropic-version': '2026-10-21', 'content-type': 'application/json' },
      body: JSON.stringify(ask('x')),
    });
    expect(viaHeader.status).toBe(200);
    expect(fake.requests.map((r) => [r.auth, r.outcome])).toEqual([['bearer', 'http 401'], ['bearer', 'message'], ['x-api-key', 'message']]);
    expect(JSON.stringify(fake.requests)).not.toMatch(/sk-right|sk-wrong/);
  });
});

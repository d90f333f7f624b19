'use strict';
// The loopback fake Messages API (tools/fake-anthropic) answering as a model that gets every
// operation right the first time: each request names its operation ("Implement the handler of
// operation "<id>""), and the reply is the offline provider's handler for that operation as the
// `{ code, notes }` structured output the anthropic provider asks for. The offline handlers pass
// verification (typecheck, policy, conformance), so a run makes exactly one call per operation;
// anything else (a repair turn, an operation the fake has no code for) is counted and reported.
const { registerTypeScript } = require('@specwright/core');

/** The fake's TypeScript sources, loaded through core's transpile-on-require hook (no build step, no ts-node). */
function loadFakeAnthropic() {
  const restore = registerTypeScript();
  try {
    return require('../../fake-anthropic/src/index.ts');
  } finally {
    // The fake requires nothing lazily; the generate run under measurement must not see the hook.
    restore();
  }
}

/** The operation id a request is for, from its first user turn; undefined when it names none. */
function operationIdOf(body) {
  const first = Array.isArray(body?.messages) ? body.messages[0] : undefined;
  const text = typeof first?.content === 'string' ? first.content : Array.isArray(first?.content) ? first.content.map((b) => b?.text ?? '').join('') : '';
  const match = /^Implement the handler of operation ("(?:[^"\\]|\\.)*")/.exec(text);
  return match ? JSON.parse(match[1]) : undefined;
}

/**
 * @param {{ handlers: Map<string, string>, latencyMs: number, apiKey: string }} options
 * @returns {Promise<{ url: string, count(): number, repairs(): number, unknown(): string[], close(): Promise<void> }>}
 */
async function startFakeModel({ handlers, latencyMs, apiKey }) {
  const { startFakeAnthropic, reply, fault } = loadFakeAnthropic();
  let repairs = 0;
  const unknown = [];
  const fake = await startFakeAnthropic({
    apiKey,
    latencyMs,
    respond: ({ body }) => {
      if (Array.isArray(body?.messages) && body.messages.length > 1) repairs++;
      const id = operationIdOf(body);
      const code = id === undefined ? undefined : handlers.get(id);
      if (code === undefined) {
        unknown.push(String(id));
        // Not retryable: the run fails at once with this text instead of backing off.
        return fault.http(500, 'api_error', `bench fake: no handler for operation ${JSON.stringify(id)}`, { 'x-should-retry': 'false' });
      }
      return reply.json({ code, notes: '' });
    },
  });
  return {
    url: fake.url,
    count: () => fake.count('/v1/messages'),
    repairs: () => repairs,
    unknown: () => [...unknown],
    close: () => fake.close(),
  };
}

module.exports = { startFakeModel };

/**
 * The real SDK client the specs drive against the fake: an explicit key (so no environment or
 * profile is consulted), small timeouts and retries so fault tests stay fast, logging off.
 */
import Anthropic, { type ClientOptions } from '@anthropic-ai/sdk';
import type { FakeAnthropic } from './server';

// Not shaped like a real key, so secret scanners and readers never mistake it for one.
export const TEST_KEY = 'fake-anthropic-test-credential';
export const MODEL = 'claude-sonnet-5-5';

export function clientFor(fake: FakeAnthropic, options: ClientOptions = {}): Anthropic {
  return new Anthropic({ apiKey: TEST_KEY, baseURL: fake.url, maxRetries: 2, timeout: 5_000, logLevel: 'off', ...options });
}

/** A minimal valid Messages request. */
export function ask(prompt: string, extra: Record<string, unknown> = {}) {
  return { model: MODEL, max_tokens: 1024, messages: [{ role: 'user' as const, content: prompt }], ...extra };
}

/**
 * A test double of the Anthropic API for Specwright's tests and benchmarks. Point the real SDK at
 * it: `new Anthropic({ apiKey: 'test', baseURL: fake.url })` or `ANTHROPIC_BASE_URL=fake.url`.
 */
export { startFakeAnthropic, type FakeAnthropic } from './server';
export { reply, fault } from './replies';
export { promptText, estimateTokens } from './tokens';
export type * from './types';

/** Lock entries and updates for the lock's tests. */
import { SpecwrightError, type SpecwrightErrorCode } from '../../errors';
import type { LockEntry } from '../lock-types';
import type { LockUpdate, NewLockPin } from '../plan-lock-write';

export const SPEC = 'api/openapi.yaml';
export const DISPLAY = 'api/specwright.lock';

/** A pin for `id` whose file is `<id>.ts`, with a key that names `keyTag`. */
export function pin(id: string, code: string, keyTag = 'k1', overrides: Partial<Omit<LockEntry, 'codeSha256'>> = {}): NewLockPin {
  return {
    entry: {
      key: `${id}-${keyTag}`,
      contractHash: `contract-${id}`,
      method: 'get',
      path: `/${id}`,
      file: `${id}.ts`,
      provider: 'anthropic',
      model: 'claude-test',
      promptVersion: 'p1',
      apiVersion: '2026-10-21',
      requestId: `req_${id}`,
      promptHash: 'abc',
      usage: { input: 10, output: 20, cacheRead: 0, cacheWrite: 5 },
      attempts: 1,
      verdict: 'verified',
      ...overrides,
    },
    code,
  };
}

/** An update that sets the given pins (null prototype, as callers build it). */
export function setPins(pins: Record<string, NewLockPin>, extra: Partial<LockUpdate> = {}): LockUpdate {
  const set = Object.create(null) as Record<string, NewLockPin>;
  for (const [id, p] of Object.entries(pins)) set[id] = p;
  return { spec: SPEC, set, remove: [], ...extra };
}

/** An index.json text with one entry whose fields are overridden by `entry` (for hostile-lock tests). */
export function indexJson(entry: Record<string, unknown>, top: Record<string, unknown> = {}): string {
  const base = { ...pin('getPet', 'export default 1;\n').entry, codeSha256: '0'.repeat(64) };
  return JSON.stringify({ lockVersion: 1, spec: SPEC, entries: { getPet: { ...base, ...entry } }, ...top });
}

/** The SpecwrightError `run` throws, checked to have `code`. */
export function thrown(code: SpecwrightErrorCode, run: () => unknown): SpecwrightError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SpecwrightError);
    expect((error as SpecwrightError).code).toBe(code);
    return error as SpecwrightError;
  }
  throw new Error(`expected ${code}`);
}

import type { PinStatus } from './lock-types';
import type { LockState } from './read-lock';
import { codeSha256 } from './code-sha';

/**
 * Where an operation stands against the lock, given its key for this run:
 * - `edited`: the pinned file's bytes no longer hash to the entry's `codeSha256`, whatever the
 *   key: a person changed it, so it is used as is and never overwritten;
 * - `current`: same key, untouched file: reuse it, no provider call;
 * - `stale`: another key (contract, model or prompt changed): regenerate;
 * - `missing`: no entry, or its file is gone.
 */
export function pinStatus(state: LockState, operationId: string, key: string): PinStatus {
  const entries = state.index?.entries;
  const entry = entries && Object.hasOwn(entries, operationId) ? entries[operationId] : undefined;
  if (!entry) return { kind: 'missing' };
  const bytes = state.readCodeBytes(entry);
  if (bytes === undefined) return { kind: 'missing' };
  const code = bytes.toString('utf8');
  if (codeSha256(bytes) !== entry.codeSha256) return { kind: 'edited', entry, code };
  return { kind: entry.key === key ? 'current' : 'stale', entry, code };
}

import { writeLock, type NewLockPin } from '../lock';
import type { LockChange } from '../generate';

/**
 * Writes a run's new pins and removals into the lock folder (atomically, see writeLock); a run
 * that changed nothing writes nothing, so the lock's bytes (an Nx input) stay as they were.
 */
export function writeLockChange(change: LockChange, spec: string): void {
  if (change.pins.size === 0 && change.remove.length === 0 && !change.clearPendingBatch) return;
  // Null prototype: an operation id `__proto__` is a key like any other.
  const set = Object.create(null) as { [operationId: string]: NewLockPin };
  for (const [operationId, pin] of change.pins) set[operationId] = pin;
  writeLock(change.dir, { spec, set, remove: [...change.remove], ...(change.clearPendingBatch ? { pendingBatch: null } : {}) }, change.display);
}

export { readLock, type LockState } from './read-lock';
export { pinStatus } from './pin-status';
export { writeLock, type WriteLockResult } from './write-lock';
export type { LockUpdate, NewLockPin } from './plan-lock-write';
export {
  LOCK_DIR_NAME,
  LOCK_FORMAT_VERSION,
  LOCK_INDEX,
  LOCK_VERDICTS,
  PENDING_BATCH_FILE,
  type LockEntry,
  type LockIndex,
  type LockVerdict,
  type PendingBatch,
  type PinStatus,
} from './lock-types';

import type { TokenUsage } from '../providers/provider';

/**
 * The generation lock: `specwright.lock/` beside the spec, committed. It pins what a provider
 * wrote for each operation, like package-lock pins dependencies, so `src/generated/` is a pure
 * function of (spec closure, lock, options, plugin version).
 *
 *   specwright.lock/index.json        LockIndex (sorted keys, no timestamps, no absolute paths)
 *   specwright.lock/<file>.ts         the pinned code of each entry (`LockEntry.file`)
 *   specwright.lock/pending-batch.json  a submitted Message Batch not yet collected (PendingBatch)
 */
export const LOCK_DIR_NAME = 'specwright.lock';
export const LOCK_INDEX = 'index.json';
export const PENDING_BATCH_FILE = 'pending-batch.json';
export const LOCK_FORMAT_VERSION = 1;

/**
 * How an entry was accepted: `verified` (a model's code that passed typecheck, policy and
 * conformance) or `deterministic` (the offline provider's output, a pure function of the
 * contract, tested in Specwright itself rather than per run). Nothing else is ever pinned.
 */
export type LockVerdict = 'verified' | 'deterministic';
export const LOCK_VERDICTS: readonly LockVerdict[] = ['verified', 'deterministic'];

export interface LockEntry {
  /** Operation key: sha256(contractHash, model, prompt version, interface version). A pin is current when it equals the operation's key. */
  readonly key: string;
  readonly contractHash: string;
  readonly method: string;
  readonly path: string;
  /** The pinned code, relative to the lock folder (POSIX, `.ts`); the operation's file name. */
  readonly file: string;
  /** sha256 (hex) of the pinned file's bytes when pinned: a mismatch means a person edited it. */
  readonly codeSha256: string;
  readonly provider: string;
  readonly model: string;
  readonly promptVersion: string;
  /** Model providers only. */
  readonly apiVersion?: string;
  readonly requestId?: string;
  readonly promptHash?: string;
  /** Summed over every attempt of the run that pinned it; zero for offline. */
  readonly usage: TokenUsage;
  /** Provider calls it took (1 + repairs). */
  readonly attempts: number;
  readonly verdict: LockVerdict;
  /** The model's notes, if any. */
  readonly notes?: string;
}

export interface LockIndex {
  readonly lockVersion: typeof LOCK_FORMAT_VERSION;
  /** Workspace-relative root spec file the lock belongs to. */
  readonly spec: string;
  /** Keyed by operation id; null-prototype when read. */
  readonly entries: { readonly [operationId: string]: LockEntry };
}

/** A Message Batch that was submitted and not yet collected: resuming polls it instead of paying again. */
export interface PendingBatch {
  readonly batchId: string;
  readonly model: string;
  /** custom_id → operation id and key it was submitted for (a stale key is not pinned). */
  readonly requests: { readonly [customId: string]: { readonly operationId: string; readonly key: string } };
}

/** Where an operation stands against the lock. */
export type PinStatus =
  /** Entry with the operation's key and the file's sha matches: reuse, no call. */
  | { readonly kind: 'current'; readonly entry: LockEntry; readonly code: string }
  /** Entry whose file a person edited (sha mismatch): kept, used as is, reported, never overwritten. */
  | { readonly kind: 'edited'; readonly entry: LockEntry; readonly code: string }
  /** Entry for another key (contract, model or prompt changed): regenerate; the old pin stays until a new one passes. */
  | { readonly kind: 'stale'; readonly entry: LockEntry; readonly code: string }
  /** No entry (or its file is missing). */
  | { readonly kind: 'missing' };

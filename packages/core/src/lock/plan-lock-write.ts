import { readFileSync } from 'node:fs';
import { stableStringify } from '../contract/canonical-json';
import { SpecwrightError } from '../errors';
import { setOwn } from '../util/own-property';
import { codeSha256 } from './code-sha';
import { lockFilePath, lockPathKind } from './lock-file-path';
import { LOCK_FORMAT_VERSION, LOCK_INDEX, PENDING_BATCH_FILE, type LockEntry, type LockIndex, type PendingBatch } from './lock-types';
import type { LockFileRef } from './lock-invalid';
import { readInsideLock, type LockState } from './read-lock';
import { validateLockIndex, validatePendingBatch } from './validate-lock';

/** A new pin: the entry without the code's sha (computed from `code` when written), and the code. */
export interface NewLockPin {
  readonly entry: Omit<LockEntry, 'codeSha256'>;
  readonly code: string;
}

/** What a write changes in the lock. Everything it does not name is kept as it is. */
export interface LockUpdate {
  /** Workspace-relative root spec file the lock belongs to. */
  readonly spec: string;
  /** New pins by operation id. */
  readonly set: { readonly [operationId: string]: NewLockPin };
  /** Operation ids no longer in the spec: their entries go, and their files unless edited. */
  readonly remove: readonly string[];
  /** A batch to record; null deletes the recorded one; absent keeps it. */
  readonly pendingBatch?: PendingBatch | null;
}

/** The new lock, as the writer puts it down. Paths are lock-relative POSIX. */
export interface LockWritePlan {
  /** False when the lock already is exactly this: nothing is written. */
  readonly changed: boolean;
  /** The new index.json (sorted keys, trailing newline). */
  readonly indexText: string;
  /** The new pending-batch.json; null: none; undefined: the existing one, if any, is kept. */
  readonly pendingText: string | null | undefined;
  /** Files to write, with their code. */
  readonly write: ReadonlyMap<string, string>;
  /** Existing files not to carry over: index.json, and pins that are removed or rewritten. */
  readonly skip: ReadonlySet<string>;
  /** Files of removed or moved entries that a person edited: kept (as files the user owns). */
  readonly keptEdited: readonly string[];
}

/**
 * Works out the new lock from the current one and an update. Only files the current index
 * lists, with the bytes it recorded, are ever dropped or overwritten: an edited pin or a file
 * Specwright did not write is never lost. Overwriting one is refused (LOCK_CONFLICT); dropping
 * one keeps it. The update's own entries are checked like a lock that was read, so an
 * unsafe file name never reaches the disk.
 */
export function planLockWrite(lockDir: string, display: string, state: LockState, update: LockUpdate): LockWritePlan {
  const indexRef: LockFileRef = { file: `${display}/${LOCK_INDEX}`, lockDisplay: display };
  const old = state.index;
  const entries: Record<string, LockEntry> = Object.create(null) as Record<string, LockEntry>;
  if (old) for (const id of Object.keys(old.entries)) entries[id] = old.entries[id];
  for (const id of update.remove) {
    if (Object.hasOwn(update.set, id)) throw new Error(`writeLock: operation ${id} is both set and removed`);
    delete entries[id];
  }
  for (const id of Object.keys(update.set)) {
    const pin = update.set[id];
    setOwn(entries, id, { ...pin.entry, codeSha256: codeSha256(pin.code) });
  }
  const next: LockIndex = validateLockIndex({ lockVersion: LOCK_FORMAT_VERSION, spec: update.spec, entries }, indexRef);
  const indexText = `${stableStringify(next)}\n`;

  const oldBytes = (file: string): Buffer | undefined => (lockPathKind(lockDir, file) === 'file' ? readFileSync(lockFilePath(lockDir, file)) : undefined);
  // Old files by path, with the sha the old index recorded for them.
  const recorded = new Map<string, string>();
  if (old) for (const id of Object.keys(old.entries)) recorded.set(old.entries[id].file, old.entries[id].codeSha256);
  const newFiles = new Set(Object.keys(next.entries).map((id) => next.entries[id].file));

  const skip = new Set<string>([LOCK_INDEX]);
  const keptEdited: string[] = [];
  let changed = false;
  for (const [file, sha] of recorded) {
    if (newFiles.has(file)) continue;
    const bytes = oldBytes(file);
    if (bytes === undefined) continue;
    if (codeSha256(bytes) === sha) {
      skip.add(file);
      changed = true;
    } else {
      keptEdited.push(file);
    }
  }

  const write = new Map<string, string>();
  for (const id of Object.keys(update.set)) {
    const { file } = next.entries[id];
    const code = update.set[id].code;
    const kind = lockPathKind(lockDir, file);
    if (kind === 'blocked') throw conflict(display, file, id, 'is a symbolic link, a folder, or lies under one that is not a plain folder');
    if (kind === 'file') {
      const bytes = readFileSync(lockFilePath(lockDir, file));
      if (bytes.equals(Buffer.from(code))) continue;
      if (recorded.get(file) !== codeSha256(bytes)) {
        throw conflict(display, file, id, recorded.has(file) ? 'was edited by hand since it was pinned' : 'is a file Specwright did not write');
      }
      skip.add(file);
    }
    write.set(file, code);
    changed = true;
  }

  let pendingText: string | null | undefined;
  if (update.pendingBatch !== undefined) {
    const pendingRef: LockFileRef = { file: `${display}/${PENDING_BATCH_FILE}`, lockDisplay: display };
    const current = state.index ? readInsideLock(lockDir, PENDING_BATCH_FILE, pendingRef, '') : undefined;
    pendingText = update.pendingBatch === null ? null : `${stableStringify(validatePendingBatch(update.pendingBatch, pendingRef))}\n`;
    if (pendingText === null ? current !== undefined : current?.toString('utf8') !== pendingText) changed = true;
    skip.add(PENDING_BATCH_FILE);
  }

  if (old) {
    if (readInsideLock(lockDir, LOCK_INDEX, indexRef, '')?.toString('utf8') !== indexText) changed = true;
  } else if (Object.keys(next.entries).length > 0 || typeof pendingText === 'string') {
    changed = true;
  }
  return { changed, indexText, pendingText, write, skip, keptEdited: keptEdited.sort() };
}

function conflict(display: string, file: string, operationId: string, why: string): SpecwrightError {
  return new SpecwrightError('LOCK_CONFLICT', `Refusing to overwrite ${display}/${file} with the new pin of ${operationId}: it ${why}`, {
    location: { file: `${display}/${file}` },
    fix: `Specwright never overwrites what it did not write. Move the file away (or delete it) to let Specwright pin ${operationId}, or keep it: an edited pin is used as is.`,
  });
}

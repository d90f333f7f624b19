import { lstatSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { jsonSyntaxError } from '../spec/json-syntax';
import { escapePointerToken } from '../spec/pointer';
import { userEntries } from '../write/output-safety';
import { isSameOrInside } from '../write/real-path';
import { restoreInterruptedSwap } from '../write/stale-siblings';
import { LOCK_INDEX, PENDING_BATCH_FILE, type LockEntry, type LockIndex, type PendingBatch } from './lock-types';
import { lockFilePath, lockFileProblem } from './lock-file-path';
import { lockInvalid, quote, type LockFileRef } from './lock-invalid';
import { validateLockIndex, validatePendingBatch } from './validate-lock';

/** The generation lock as read from disk, checked. */
export interface LockState {
  /** The index; undefined when the lock folder does not exist (or is empty). */
  readonly index: LockIndex | undefined;
  /** A submitted Message Batch not yet collected, if any. */
  readonly pendingBatch: PendingBatch | undefined;
  /** An entry's pinned code (UTF-8); undefined when its file is missing. */
  readCode(entry: LockEntry): string | undefined;
  /** The same as bytes, what `codeSha256` is computed over. */
  readCodeBytes(entry: LockEntry): Buffer | undefined;
}

const NO_LOCK: LockState = { index: undefined, pendingBatch: undefined, readCode: () => undefined, readCodeBytes: () => undefined };

/**
 * Reads and checks the lock folder `lockDir` (`display`: its workspace-relative path, for
 * messages). Throws LOCK_INVALID naming the file and JSON pointer of anything Specwright would
 * not have written, including a path or link that leads out of the folder.
 *
 * If a write was killed between the two renames of its swap (the folder is gone, its previous
 * version beside it), the previous version is first renamed back: the lock is then exactly as
 * it was before that write.
 */
export function readLock(lockDir: string, display: string): LockState {
  const dir = resolve(lockDir);
  restoreInterruptedSwap(dir);
  const indexRef: LockFileRef = { file: `${display}/${LOCK_INDEX}`, lockDisplay: display };
  const kind = folderKind(dir);
  if (kind !== 'folder') {
    if (kind === 'missing') return NO_LOCK;
    throw lockInvalid({ file: display, lockDisplay: display }, '', kind === 'link' ? 'is a symbolic link; the lock must be a folder of its own' : 'is not a folder');
  }
  const indexBytes = readInsideLock(dir, LOCK_INDEX, indexRef, '');
  if (indexBytes === undefined) {
    // Pins without their index were deleted by hand: refuse now, before a run pays for work it
    // could not pin (their files are not Specwright's without an index that lists them).
    const pins = userEntries(dir).filter((name) => name.endsWith('.ts') || name === PENDING_BATCH_FILE);
    if (pins.length === 0) return NO_LOCK;
    throw lockInvalid(indexRef, '', `is missing, but the lock folder holds ${pins.slice(0, 3).join(', ')}${pins.length > 3 ? ', ...' : ''}`);
  }
  const index = validateLockIndex(parseJson(indexBytes, indexRef), indexRef);
  const pendingRef: LockFileRef = { file: `${display}/${PENDING_BATCH_FILE}`, lockDisplay: display };
  const pendingBytes = readInsideLock(dir, PENDING_BATCH_FILE, pendingRef, '');
  const pendingBatch = pendingBytes === undefined ? undefined : validatePendingBatch(parseJson(pendingBytes, pendingRef), pendingRef);

  const operationOf = new Map<LockEntry, string>(Object.keys(index.entries).map((id) => [index.entries[id], id]));
  const readCodeBytes = (entry: LockEntry): Buffer | undefined => {
    const id = operationOf.get(entry);
    const pointer = id === undefined ? '/entries' : `/entries/${escapePointerToken(id)}/file`;
    const problem = lockFileProblem(entry.file);
    if (problem) throw lockInvalid(indexRef, pointer, `${problem}: ${quote(entry.file)}`);
    return readInsideLock(dir, entry.file, indexRef, pointer);
  };
  return {
    index,
    pendingBatch,
    readCodeBytes,
    readCode: (entry) => readCodeBytes(entry)?.toString('utf8'),
  };
}

/**
 * The bytes of a lock-relative file, or undefined when it does not exist. Refuses a file that
 * a symbolic link takes out of the lock folder (compared by real path), so a hostile lock
 * cannot make Specwright read, and then use as code, a file elsewhere on the machine.
 * `ref`/`pointer` name what is reported when it is refused.
 */
export function readInsideLock(lockDir: string, file: string, ref: LockFileRef, pointer: string): Buffer | undefined {
  const path = lockFilePath(lockDir, file);
  const shown = pointer === '' ? '' : `names ${quote(file)}, which `;
  if (!isSameOrInside(path, lockDir)) throw lockInvalid(ref, pointer, `${shown}is a symbolic link that leads out of the lock folder`);
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
  if (!isFile) throw lockInvalid(ref, pointer, `${shown}is not a file`);
  return readFileSync(path);
}

function parseJson(bytes: Buffer, ref: LockFileRef): unknown {
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (cause) {
    // jsonSyntaxError finds the line and column; the error is the lock's own.
    const syntax = jsonSyntaxError(text, cause, ref.file);
    throw lockInvalid(ref, '', `is not valid JSON: ${syntax.message.replace(/^JSON syntax error: /, '')}`, {
      line: syntax.location?.line,
      column: syntax.location?.column,
      cause,
    });
  }
}

function folderKind(path: string): 'folder' | 'missing' | 'link' | 'other' {
  try {
    const stats = lstatSync(path);
    return stats.isSymbolicLink() ? 'link' : stats.isDirectory() ? 'folder' : 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
}

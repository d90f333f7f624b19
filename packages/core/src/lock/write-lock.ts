import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SpecwrightError } from '../errors';
import { removeOutputDir, removeStaleSiblings, type FolderMarker } from '../write/stale-siblings';
import { makeStagingFolder, swapInStaging, type StagingFolder } from '../write/swap-folder';
import { copyTreeExcept } from './copy-tree';
import { lockFilePath } from './lock-file-path';
import { LOCK_INDEX, PENDING_BATCH_FILE } from './lock-types';
import { planLockWrite, type LockUpdate, type LockWritePlan } from './plan-lock-write';
import { readLock } from './read-lock';

export interface WriteLockResult {
  /** False when the lock already was exactly this, and nothing was written. */
  readonly changed: boolean;
  /** Files of removed entries that a person had edited: kept in the folder, no longer in the index. */
  readonly keptEdited: readonly string[];
}

/**
 * What marks a folder beside the lock as a killed write's: its index.json, written first into
 * the staging folder and removed last from a previous version.
 */
const LOCK_MARKER: FolderMarker = { file: LOCK_INDEX, isOurs: isLockFolder };

/**
 * Applies `update` to the lock folder `lockDir` as a whole, or not at all. A complete new
 * version is built beside it (index.json first, then a copy of every other file — files that
 * are not Specwright's and edited pins included — then the new pins), and swapped in with two
 * renames; a process killed at any instant leaves the old version or the new one (a kill
 * between the renames is undone by the next read). The next write removes what killed writes
 * left beside the folder. Writes nothing when the lock already is exactly the result, so a
 * content hash of the folder (Nx's) stays the same. Output is byte-identical for the same
 * input: sorted keys, no timestamps.
 *
 * Synchronous on purpose, like writeOutputAtomically: no callback runs between the steps. The
 * caller holds the project lock: two writers of one lock must not run at once.
 */
export function writeLock(lockDir: string, update: LockUpdate, display: string = lockDir): WriteLockResult {
  const target = resolve(lockDir);
  const state = readLock(target, display);
  removeStaleSiblings(target, LOCK_MARKER);
  const plan = planLockWrite(target, display, state, update);
  if (plan.changed) {
    const staging = buildStaging(target, plan, display);
    try {
      swapInStaging(staging, target, LOCK_INDEX);
    } catch (cause) {
      throw writeFailed(display, `Could not replace the lock folder (${(cause as Error).message})`, cause);
    }
  }
  return { changed: plan.changed, keptEdited: plan.keptEdited };
}

function buildStaging(target: string, plan: LockWritePlan, display: string): StagingFolder {
  let staging: StagingFolder | undefined;
  try {
    staging = makeStagingFolder(target);
    // The index first: it marks the folder as a lock write's should this process be killed.
    writeFileSync(join(staging.path, LOCK_INDEX), plan.indexText);
    if (existsSync(target)) copyTreeExcept(target, staging.path, plan.skip);
    for (const [file, code] of plan.write) {
      const path = lockFilePath(staging.path, file);
      mkdirSync(dirname(path), { recursive: true });
      // wx: the plan left this path out of the copy; never write through anything found there.
      writeFileSync(path, code, { flag: 'wx' });
    }
    if (typeof plan.pendingText === 'string') writeFileSync(join(staging.path, PENDING_BATCH_FILE), plan.pendingText);
    return staging;
  } catch (cause) {
    if (staging) removeOutputDir(staging.path, LOCK_INDEX);
    throw writeFailed(display, `Could not write the generation lock (${(cause as Error).message})`, cause);
  }
}

function writeFailed(display: string, message: string, cause: unknown): SpecwrightError {
  return new SpecwrightError('WRITE_FAILED', message, {
    location: { file: display },
    fix: 'Check free disk space and permissions of the folder that holds the lock; the previous lock was left intact.',
    cause,
  });
}

function isLockFolder(dir: string): boolean {
  try {
    const index: unknown = JSON.parse(readFileSync(join(dir, LOCK_INDEX), 'utf8'));
    return typeof index === 'object' && index !== null && typeof (index as { lockVersion?: unknown }).lockVersion === 'number';
  } catch {
    return false;
  }
}

import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { previousName, removeOutputDir, stagingName } from './stale-siblings';

/** A folder beside the target, `.<name>.tmp-<suffix>`, where the new version is built. */
export interface StagingFolder {
  readonly path: string;
  /** 12 hex digits; the previous version is moved to `.<name>.old-<suffix>` during the swap. */
  readonly suffix: string;
}

/**
 * A new, empty staging folder beside `target` (its parent is created if needed). mkdir rather
 * than mkdtemp: mkdtemp creates mode 0700, and the staging folder becomes the target, which
 * must get the umask's modes like its files.
 */
export function makeStagingFolder(target: string): StagingFolder {
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    const suffix = randomBytes(6).toString('hex');
    const path = join(parent, stagingName(basename(target), suffix));
    try {
      mkdirSync(path);
      return { path, suffix };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw error;
    }
  }
}

/**
 * Replaces `target` with the staging folder by two renames (atomic each on one filesystem):
 * the previous version to `.<name>.old-<suffix>`, then the staging folder into place; then
 * removes the previous version, `markerFile` last. A process killed between the renames leaves
 * the pair that `restoreInterruptedSwap` recognises by the shared suffix. On failure the
 * previous version is put back, the staging folder removed, and the error rethrown.
 */
export function swapInStaging(staging: StagingFolder, target: string, markerFile: string): void {
  const previous = existsSync(target) ? join(dirname(target), previousName(basename(target), staging.suffix)) : undefined;
  try {
    if (previous) renameSync(target, previous);
    renameSync(staging.path, target);
  } catch (cause) {
    if (previous && !existsSync(target)) renameSync(previous, target);
    removeOutputDir(staging.path, markerFile);
    throw cause;
  }
  if (previous) removeOutputDir(previous, markerFile);
}

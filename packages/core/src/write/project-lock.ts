import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { SpecwrightError } from '../errors';

/**
 * Lock files this process holds. A lock file with our own pid is ours only if it is in here;
 * otherwise it was left by an earlier process that had the same pid (common in containers).
 */
const held = new Set<string>();

/**
 * A lock file that stops two generate runs on one project from interleaving their writes. It
 * holds the owner's pid, so a lock left by a crashed run is detected and taken over.
 */
export function acquireProjectLock(lockPath: string, displayPath = lockPath): () => void {
  const key = resolve(lockPath);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(key);
      return () => {
        held.delete(key);
        try {
          unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readSafe(lockPath));
      const live = owner === process.pid ? held.has(key) : Number.isInteger(owner) && owner > 0 && isAlive(owner);
      if (live) {
        throw new SpecwrightError('OUTPUT_LOCKED', `Another generate run (pid ${owner}) is writing this project's output`, {
          location: { file: displayPath },
          fix: 'Wait for it to finish. If no such run exists, delete the lock file.',
        });
      }
      try {
        unlinkSync(lockPath); // stale: its owner is gone
      } catch {
        // someone else removed it first; retry
      }
    }
  }
  throw new SpecwrightError('OUTPUT_LOCKED', 'Could not take the project lock', {
    location: { file: displayPath },
    fix: 'Run again; if it persists, delete the lock file.',
  });
}

function readSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { SpecwrightError } from '../errors';
import { commandLineOf } from './process-command';
import { processStartedAt } from './process-start';

/**
 * Lock files this process holds, by resolved path, with their release. A lock file with our
 * own pid is ours only if it is in here; otherwise it was left by an earlier process that had
 * the same pid (common in containers).
 */
const held = new Map<string, () => void>();

/**
 * A lock file that stops two generate runs on one output from interleaving their writes. It
 * holds the owner's pid, so a lock left by a crashed or killed run is detected and taken over.
 */
export function acquireProjectLock(lockPath: string, displayPath = lockPath): () => void {
  const key = resolve(lockPath);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = (): void => {
        if (held.get(key) !== release) return;
        held.delete(key);
        try {
          unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      held.set(key, release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readSafe(lockPath));
      const live = owner === process.pid ? held.has(key) : Number.isInteger(owner) && owner > 0 && isAlive(owner) && !startedAfter(owner, lockPath);
      if (live) {
        const command = owner === process.pid ? 'this process' : commandLineOf(owner);
        throw new SpecwrightError(
          'OUTPUT_LOCKED',
          `Another generate run is writing this output: pid ${owner}${command ? ` (${command})` : ''} holds the lock`,
          {
            location: { file: displayPath },
            fix: `Wait for it to finish, or stop it (kill ${owner}). A lock whose process has exited is taken over automatically.`,
          },
        );
      }
      try {
        unlinkSync(lockPath); // stale: its owner is gone
      } catch {
        // someone else removed it first; retry
      }
    }
  }
  throw new SpecwrightError('OUTPUT_LOCKED', 'Could not take the output lock', {
    location: { file: displayPath },
    fix: 'Run again; if it persists, delete the lock file.',
  });
}

/**
 * Releases every lock this process holds: for a process that is about to exit on a signal, so
 * the next run does not have to wait for the pid check.
 */
export function releaseHeldLocks(): void {
  for (const release of [...held.values()]) release();
}

/** Slack for the start time's one-second resolution (the boot time in /proc/stat is in seconds). */
const START_TIME_SLACK_MS = 2000;

/**
 * Whether the process with the lock's pid started after the lock was written: then it is not
 * the run that wrote it but an unrelated process that got the same pid later (a restarted
 * container numbers its processes from 1 again), and the lock is stale.
 */
function startedAfter(pid: number, lockPath: string): boolean {
  const started = processStartedAt(pid);
  if (started === undefined) return false;
  try {
    return started > statSync(lockPath).mtimeMs + START_TIME_SLACK_MS;
  } catch {
    return false;
  }
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

/**
 * Like acquireProjectLock, but waits while another live run holds it (polling), up to
 * `timeoutMs`: for the generation lock folder, which several outputs generated from one spec
 * share. Serialising them is what the second run wants anyway: it then reuses the first's pins.
 */
export async function acquireProjectLockWaiting(lockPath: string, displayPath: string, timeoutMs: number, pollMs = 200): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return acquireProjectLock(lockPath, displayPath);
    } catch (error) {
      if (!(error instanceof SpecwrightError) || error.code !== 'OUTPUT_LOCKED' || Date.now() + pollMs > deadline) throw error;
      await new Promise((done) => setTimeout(done, pollMs));
    }
  }
}

import { constants } from 'node:os';
import { Worker } from 'node:worker_threads';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** How often the parent is checked: a stopped wrapper (npx, a shell, `timeout`) ends us within this. */
export const PARENT_POLL_MS = 250;

export interface StopHandlers {
  /** Removes the handlers and the parent check, when the command has finished by itself. */
  dispose(): void;
}

/**
 * Makes the CLI stop cleanly on SIGINT, SIGTERM and SIGHUP (exit 128 + the signal's number,
 * as a shell reports a process killed by it) and when its parent process dies: wrappers such
 * as npx do not pass a `timeout` or a closed terminal on to their child, which would otherwise
 * run on, holding the output's lock. `cleanup` runs first (release locks; the atomic writer is
 * synchronous, so no temp folder can exist while a handler runs).
 *
 * Signal handlers run on the event loop, so a stretch of synchronous work delays them until it
 * ends (every stage of generate is bounded, so it does end). The parent check does not depend
 * on the event loop: it runs on a worker thread, which asks this thread to stop and, if this
 * thread does not within PARENT_GRACE_MS (busy, or hung by a bug), kills the process itself.
 * The lock a killed process leaves is taken over by the next run (its pid is dead).
 */
export function installStopHandlers(cleanup: () => void, io: { stderr: { write(text: string): unknown } }): StopHandlers {
  let stopping = false;
  const stop = (reason: string, code: number): void => {
    if (stopping) return;
    stopping = true;
    try {
      cleanup();
    } finally {
      try {
        io.stderr.write(`specwright: stopped (${reason}); the previous output is unchanged\n`);
      } catch {
        // stderr may be gone with the parent
      }
      process.exit(code);
    }
  };
  const listeners = SIGNALS.map((signal) => {
    const listener = (): void => stop(signal, 128 + constants.signals[signal]);
    process.on(signal, listener);
    return [signal, listener] as const;
  });

  const parent = process.ppid;
  // ppid 0 or 1: started by init or as a container's first process; there is no wrapper to outlive.
  const watchdog = parent > 1 ? startParentWatchdog(parent) : undefined;
  watchdog?.on('message', () => stop(`parent process ${parent} exited`, 128 + constants.signals.SIGHUP));

  return {
    dispose() {
      for (const [signal, listener] of listeners) process.off(signal, listener);
      void watchdog?.terminate();
    },
  };
}

/** How long the main thread gets to stop cleanly after the parent is gone. */
export const PARENT_GRACE_MS = 1500;

/*
 * Evaluated in a worker thread (a string, so no second compiled file has to be found next to
 * this one). Polls the parent; on its death tells the main thread once, then waits out the grace
 * period and SIGKILLs the whole process if it is still there.
 */
const WATCHDOG_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { parent, pollMs, graceMs } = workerData;
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const timer = setInterval(() => {
  if (process.ppid === parent && alive(parent)) return;
  clearInterval(timer);
  parentPort.postMessage('parent-exited');
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), graceMs);
}, pollMs);
`;

function startParentWatchdog(parent: number): Worker {
  const worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { parent, pollMs: PARENT_POLL_MS, graceMs: PARENT_GRACE_MS } });
  // Never what keeps the process alive: a finished command exits as usual.
  worker.unref();
  return worker;
}

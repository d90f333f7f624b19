import { constants } from 'node:os';

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
 * Handlers and the check run on the event loop: a stretch of synchronous work delays them
 * until it ends (every stage of generate is bounded, so it does end).
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
  const timer =
    parent > 1
      ? setInterval(() => {
          if (process.ppid !== parent || !isAlive(parent)) stop(`parent process ${parent} exited`, 128 + constants.signals.SIGHUP);
        }, PARENT_POLL_MS)
      : undefined;
  timer?.unref();

  return {
    dispose() {
      for (const [signal, listener] of listeners) process.off(signal, listener);
      if (timer) clearInterval(timer);
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

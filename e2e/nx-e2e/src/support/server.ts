import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { childEnv } from './env';
import { stripAnsi } from './run';

/** A port nothing listens on right now (the OS picks it; we release it at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True when 127.0.0.1:port can be bound, i.e. no server holds it any more. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export interface ContinuousTask {
  readonly pid: number;
  /** Everything printed so far. */
  output(): string;
  /** Ends the whole process group (nx and the executor it forked) and waits until it is gone. */
  stop(): Promise<void>;
}

const running = new Set<ContinuousTask>();

/**
 * Starts a continuous nx target (`nx run <project>:serve --port=N`) as the leader of its own
 * process group and resolves once its output matches `ready`. Every task started here is
 * stopped by `stopAllContinuousTasks`, whatever happened to the test.
 */
export function startContinuousTask(
  workspaceRoot: string,
  args: readonly string[],
  ready: RegExp,
  timeoutMs = 120_000,
): Promise<ContinuousTask> {
  const child: ChildProcess = spawn(join(workspaceRoot, 'node_modules', '.bin', 'nx'), args, {
    cwd: workspaceRoot,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const task: ContinuousTask = {
    pid: child.pid!,
    output: () => stripAnsi(output),
    stop: async () => {
      running.delete(task);
      await killGroup(child.pid!, exit, () => exited);
    },
  };
  running.add(task);

  return new Promise((resolve, reject) => {
    const fail = (reason: string): void => {
      clearTimeout(timer);
      void task.stop().then(() => reject(new Error(`${reason}: nx ${args.join(' ')}\n${task.output()}`)));
    };
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (ready.test(stripAnsi(output))) {
        clearTimeout(timer);
        resolve(task);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (error) => fail(`Could not start (${error.message})`));
    void exit.then(() => {
      if (!ready.test(stripAnsi(output))) fail('Exited before it was ready');
    });
    const timer = setTimeout(() => fail(`Not ready after ${timeoutMs} ms`), timeoutMs);
  });
}

export async function stopAllContinuousTasks(): Promise<void> {
  await Promise.all([...running].map((task) => task.stop()));
}

/** SIGTERM to the group, SIGKILL if it lingers, then wait until no member is left. */
async function killGroup(pgid: number, exit: Promise<void>, exited: () => boolean): Promise<void> {
  const signal = (name: NodeJS.Signals): boolean => {
    try {
      process.kill(-pgid, name);
      return true;
    } catch {
      return false; // ESRCH: the group is empty
    }
  };
  if (!signal('SIGTERM') && exited()) return;
  const deadline = Date.now() + 10_000;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pgid)) signal('SIGKILL');
  // Bounded: an unreaped zombie still counts as a member where PID 1 does not reap orphans.
  const killDeadline = Date.now() + 5_000;
  while (groupAlive(pgid) && Date.now() < killDeadline) await sleep(50);
  // The timer is cleared: left pending, it would keep Jest alive when a stop is the last step.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exit, new Promise<void>((resolve) => (timer = setTimeout(resolve, 5_000)))]);
  clearTimeout(timer);
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

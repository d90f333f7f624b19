import { spawn } from 'node:child_process';

/** What a finished command did: its exit, and what it printed (ANSI colours removed). */
export interface RunResult {
  readonly command: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved in the order they arrived. */
  readonly output: string;
  readonly durationMs: number;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/**
 * Runs a command to completion without blocking the event loop (the local registry is served
 * from this process). The child leads its own process group, so a timeout ends everything it
 * started, not just the first process.
 */
export function run(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const command = [file, ...args].join(' ');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      output += chunk;
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      reject(new Error(`Timed out after ${options.timeoutMs} ms: ${command}\n${stripAnsi(output)}`));
    }, options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        command,
        code,
        signal,
        stdout: stripAnsi(stdout),
        stderr: stripAnsi(stderr),
        output: stripAnsi(output),
        durationMs: Date.now() - started,
      });
    });
  });
}

/** Fails with the command's whole output, which is what one needs to see when it fails. */
export function assertSucceeded(result: RunResult): RunResult {
  if (result.code !== 0) {
    throw new Error(`\`${result.command}\` exited with ${result.code ?? result.signal}:\n${result.output}`);
  }
  return result;
}

export function assertFailed(result: RunResult): RunResult {
  if (result.code === 0) {
    throw new Error(`\`${result.command}\` was expected to fail but exited 0:\n${result.output}`);
  }
  return result;
}

import { join } from 'node:path';
import { childEnv } from './env';
import { run, type RunResult } from './run';

/**
 * Runs the workspace's own nx CLI (`node_modules/.bin/nx`, what `npx nx` runs) in the workspace;
 * `env` is added to the children's environment (see childEnv).
 */
export function nx(workspaceRoot: string, args: readonly string[], timeoutMs = 180_000, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return run(join(workspaceRoot, 'node_modules', '.bin', 'nx'), args, { cwd: workspaceRoot, env: childEnv(env), timeoutMs });
}

/** `npx <args>` in the workspace, resolving the workspace's installed binaries. */
export function npx(workspaceRoot: string, args: readonly string[], timeoutMs = 120_000): Promise<RunResult> {
  return run('npx', ['--no-install', ...args], { cwd: workspaceRoot, env: childEnv(), timeoutMs });
}

export type TaskOutcome = 'local cache' | 'remote cache' | 'existing outputs match the cache' | 'ran';

/**
 * How Nx says it ran one task: its header line is `> nx run <project>:<target>` followed by
 * `[local cache]`, `[remote cache]` or `[existing outputs match the cache, left as is]` on a
 * cache hit.
 */
export function taskOutcome(output: string, task: string): TaskOutcome {
  const escaped = task.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const header = new RegExp(`^> nx run ${escaped}(?:\\s.*)?$`, 'm').exec(output);
  if (!header) throw new Error(`Nx printed no header for ${task}:\n${output}`);
  if (header[0].includes('[local cache]')) return 'local cache';
  if (header[0].includes('[remote cache]')) return 'remote cache';
  if (header[0].includes('[existing outputs match the cache')) return 'existing outputs match the cache';
  return 'ran';
}

export function isCacheHit(output: string, task: string): boolean {
  return taskOutcome(output, task) !== 'ran';
}

export const READ_FROM_CACHE = 'Nx read the output from the cache';

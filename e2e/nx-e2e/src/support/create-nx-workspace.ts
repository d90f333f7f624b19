import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv } from './env';
import { startLocalRegistry } from './local-registry';
import { nx } from './nx';
import { ensureBuilt, packPackages } from './packages';
import { assertSucceeded, run, type RunResult } from './run';
import { NX_VERSION, Workspace } from './workspace';

/** Git identity for the commits the suite makes (CI machines often have none configured). */
export const GIT_ENV: NodeJS.ProcessEnv = {
  GIT_AUTHOR_NAME: 'Specwright e2e',
  GIT_AUTHOR_EMAIL: 'e2e@specwright.invalid',
  GIT_COMMITTER_NAME: 'Specwright e2e',
  GIT_COMMITTER_EMAIL: 'e2e@specwright.invalid',
};

/**
 * A workspace made the way a user makes one: `npx create-nx-workspace@23.2.1 <name> <flags>`
 * from the public registry (no prompts, no Nx Cloud), then `.npmrc` mapping the @specwright
 * scope to a local registry serving the packed packages, then `nx add @specwright/nx`.
 */
export async function createNxWorkspace(name: string, flags: readonly string[]): Promise<Workspace> {
  const base = mkdtempSync(join(tmpdir(), 'specwright-cnw-'));
  const scratch = join(base, 'scratch');
  mkdirSync(scratch);
  await ensureBuilt();
  const packages = await packPackages(join(base, 'packages'));
  const registry = await startLocalRegistry(packages);
  try {
    const created = await run(
      'npx',
      ['-y', `create-nx-workspace@${NX_VERSION}`, name, ...flags, '--nxCloud=skip', '--no-interactive', '--packageManager=npm', '--aiAgents=none'],
      { cwd: base, env: childEnv(GIT_ENV), timeoutMs: 600_000 },
    );
    if (created.code !== 0) throw new Error(`create-nx-workspace failed:\n${created.output}`);
    const root = join(base, name);
    writeFileSync(join(root, '.npmrc'), `@specwright:registry=${registry.url}\n`);
    const addResult = await nx(root, ['add', '@specwright/nx'], 600_000);
    if (addResult.code !== 0) throw new Error(`nx add @specwright/nx failed:\n${addResult.output}`);
    return new Workspace(base, root, scratch, registry, packages, addResult);
  } catch (error) {
    await registry.close();
    if (process.env.SPECWRIGHT_E2E_KEEP !== '1') rmSync(base, { recursive: true, force: true });
    throw error;
  }
}

/** `git <args>` in the workspace, with the suite's identity. */
export async function git(workspace: Workspace, ...args: string[]): Promise<RunResult> {
  return assertSucceeded(await run('git', args, { cwd: workspace.root, env: childEnv(GIT_ENV), timeoutMs: 60_000 }));
}

/** `npm install` in the workspace (links new workspace packages a consumer depends on). */
export async function npmInstall(workspace: Workspace): Promise<RunResult> {
  return assertSucceeded(await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: workspace.root, env: childEnv(), timeoutMs: 600_000 }));
}

/** The projects whose `target` task an nx run executed (from its `> nx run <project>:<target>` headers). */
export function projectsThatRan(output: string, target: string): string[] {
  const escaped = target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = [...output.matchAll(new RegExp(`^> nx run (\\S+):${escaped}(?:\\s|$)`, 'gm'))].map((m) => m[1]);
  return [...new Set(found)].sort();
}

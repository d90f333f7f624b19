import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { childEnv } from './env';
import { startLocalRegistry, type LocalRegistry } from './local-registry';
import { nx } from './nx';
import { ensureBuilt, packPackages, type PackedPackage } from './packages';
import { assertSucceeded, run, type RunResult } from './run';

export const NX_VERSION = '23.2.1';

/** A fresh Nx workspace outside the repo, with @specwright/nx added the way a user adds it. */
export class Workspace {
  constructor(
    /** Temp folder holding the workspace, the tarballs and scratch files; removed at the end. */
    readonly base: string,
    /** The workspace root (base/workspace). */
    readonly root: string,
    /** Scratch space outside the workspace (base/scratch), for files no project may see. */
    readonly scratch: string,
    readonly registry: LocalRegistry,
    readonly packages: readonly PackedPackage[],
    /** What `nx add @specwright/nx` printed. */
    readonly addResult: RunResult,
  ) {}

  path(file: string): string {
    return join(this.root, file);
  }

  read(file: string): string {
    return readFileSync(this.path(file), 'utf8');
  }

  readJson<T = any>(file: string): T {
    return JSON.parse(this.read(file)) as T;
  }

  write(file: string, contents: string): void {
    mkdirSync(dirname(this.path(file)), { recursive: true });
    writeFileSync(this.path(file), contents);
  }

  exists(file: string): boolean {
    return existsSync(this.path(file));
  }

  remove(file: string): void {
    rmSync(this.path(file), { recursive: true, force: true });
  }

  nx(...args: string[]): Promise<RunResult> {
    return nx(this.root, args);
  }
}

/**
 * Builds (if needed) and packs the three packages, serves them from a local registry, creates
 * an empty Nx workspace (package.json with nx pinned, nx.json, .gitignore, .npmrc mapping the
 * @specwright scope to the registry), installs it, then runs `nx add @specwright/nx`: npm
 * installs the plugin from the registry and Nx runs its init generator.
 */
export async function createWorkspace(): Promise<Workspace> {
  const base = mkdtempSync(join(tmpdir(), 'specwright-e2e-'));
  const root = join(base, 'workspace');
  const scratch = join(base, 'scratch');
  mkdirSync(root);
  mkdirSync(scratch);

  await ensureBuilt();
  const packages = await packPackages(join(base, 'packages'));
  const registry = await startLocalRegistry(packages);
  try {
    const json = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';
    writeFileSync(
      join(root, 'package.json'),
      json({
        name: 'e2e-workspace',
        version: '0.0.0',
        private: true,
        devDependencies: { nx: NX_VERSION },
        // npm 11 runs no dependency install script unless approved; nx's fetches its native binary.
        allowScripts: { nx: true },
      }),
    );
    writeFileSync(
      join(root, 'nx.json'),
      json({
        $schema: './node_modules/nx/schemas/nx-schema.json',
        namedInputs: { default: ['{projectRoot}/**/*'], production: ['default'] },
      }),
    );
    writeFileSync(join(root, '.gitignore'), 'node_modules\n/.nx/cache\n/.nx/workspace-data\n');
    writeFileSync(join(root, '.npmrc'), `@specwright:registry=${registry.url}\n`);

    assertSucceeded(await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, env: childEnv(), timeoutMs: 480_000 }));
    const addResult = await nx(root, ['add', '@specwright/nx'], 480_000);
    if (addResult.code !== 0) {
      throw new Error(`nx add @specwright/nx failed:\n${addResult.output}\nregistry requests:\n${registry.requests.join('\n')}`);
    }
    return new Workspace(base, root, scratch, registry, packages, addResult);
  } catch (error) {
    await registry.close();
    removeBase(base);
    throw error;
  }
}

/** Stops the registry and deletes the temp folder (kept when SPECWRIGHT_E2E_KEEP=1, for debugging). */
export async function disposeWorkspace(workspace: Workspace | undefined): Promise<void> {
  if (!workspace) return;
  await workspace.registry.close();
  if (process.env.SPECWRIGHT_E2E_KEEP === '1') {
    process.stdout.write(`e2e workspace kept at ${workspace.root}\n`);
    return;
  }
  removeBase(workspace.base);
}

function removeBase(base: string): void {
  if (process.env.SPECWRIGHT_E2E_KEEP !== '1') rmSync(base, { recursive: true, force: true });
}

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { childEnv } from './env';
import { assertSucceeded, run } from './run';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');

/** The packages a user installs, in dependency order. */
const PACKAGE_DIRS = ['packages/runtime', 'packages/core', 'packages/conformance', 'packages/nx'];

export interface PackedPackage {
  readonly name: string;
  readonly version: string;
  /** package.json as published (the registry serves it as the version's manifest). */
  readonly manifest: Record<string, unknown> & { name: string; version: string };
  readonly tarball: string;
}

/**
 * `npm test` and `npm run e2e` build first; running jest alone after a clean clone builds here,
 * so the suite never packs a missing dist/.
 */
export async function ensureBuilt(): Promise<void> {
  if (PACKAGE_DIRS.every((dir) => existsSync(join(REPO_ROOT, dir, 'dist', 'index.js')))) return;
  assertSucceeded(await run('npm', ['run', 'build'], { cwd: REPO_ROOT, env: childEnv(), timeoutMs: 300_000 }));
}

/** `npm pack` of each package: exactly the files a registry would serve. */
export async function packPackages(destination: string): Promise<PackedPackage[]> {
  mkdirSync(destination, { recursive: true });
  const packed: PackedPackage[] = [];
  for (const dir of PACKAGE_DIRS) {
    const cwd = join(REPO_ROOT, dir);
    const result = assertSucceeded(
      await run('npm', ['pack', '--json', '--pack-destination', destination], { cwd, env: childEnv(), timeoutMs: 120_000 }),
    );
    const [info] = JSON.parse(result.stdout) as Array<{ filename: string }>;
    const manifest = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as PackedPackage['manifest'];
    packed.push({ name: manifest.name, version: manifest.version, manifest, tarball: join(destination, info.filename) });
  }
  return packed;
}

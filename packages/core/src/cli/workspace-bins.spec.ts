import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every command a workspace package declares must work in a fresh clone after `npm ci` and
 * `npm run build`: npm links a bin only if its file exists at install time, so each must be a
 * committed, executable file (not one under dist/), and it must be in the published tarball.
 */
const REPO = join(__dirname, '../../../..');

interface PackageJson {
  readonly name: string;
  readonly bin?: Record<string, string>;
  readonly workspaces?: string[];
}

const readJson = (file: string): PackageJson => JSON.parse(readFileSync(file, 'utf8')) as PackageJson;

/** [package folder, package.json] of each workspace (the `dir/*` patterns this repo uses). */
function workspacePackages(): Array<[string, PackageJson]> {
  const found: Array<[string, PackageJson]> = [];
  for (const pattern of readJson(join(REPO, 'package.json')).workspaces ?? []) {
    const parent = pattern.replace(/\/\*$/, '');
    for (const name of readdirSync(join(REPO, parent)).sort()) {
      try {
        found.push([`${parent}/${name}`, readJson(join(REPO, parent, name, 'package.json'))]);
      } catch {
        // a folder without a package.json is not a workspace package
      }
    }
  }
  return found;
}

const bins = workspacePackages().flatMap(([dir, pkg]) => Object.entries(pkg.bin ?? {}).map(([command, file]) => ({ dir, pkg: pkg.name, command, file: `${dir}/${file.replace(/^\.\//, '')}` })));

describe('the commands of the workspace packages', () => {
  it('are the two this repo documents', () => {
    expect(bins.map((b) => b.command).sort()).toEqual(['specwright', 'specwright-conformance']);
  });

  it.each(bins)('$command is a committed, executable node script', ({ file }) => {
    // Mode 100755 in the index is what a clone checks out as executable.
    const staged = execFileSync('git', ['ls-files', '--stage', '--', file], { cwd: REPO, encoding: 'utf8' });
    expect(staged).toMatch(/^100755 /);
    expect(readFileSync(join(REPO, file), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it.each(bins)('$command --help exits 0 and prints the usage', ({ file, command }) => {
    const run = spawnSync(process.execPath, [join(REPO, file), '--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(command);
  });

  it.each(bins)('$command is in the published tarball', ({ dir, file }) => {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: join(REPO, dir), encoding: 'utf8' })) as Array<{ files: Array<{ path: string; mode: number }> }>;
    const entry = packed.files.find((f) => `${dir}/${f.path}` === file);
    expect(entry).toBeDefined();
    expect(entry!.mode & 0o111).not.toBe(0);
  });

  it.each(bins)('$command says in one line how to build when dist/ is missing', ({ file }) => {
    // The launcher alone in a workspace that was never built.
    const repo = mkdtempSync(join(tmpdir(), 'sw-unbuilt-'));
    try {
      writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'x', private: true, workspaces: ['packages/*'] }));
      mkdirSync(join(repo, 'packages/pkg/bin'), { recursive: true });
      const launcher = join(repo, 'packages/pkg/bin/launcher.js');
      copyFileSync(join(REPO, file), launcher);
      const run = spawnSync(process.execPath, [launcher, '--help'], { encoding: 'utf8' });
      expect(run.stderr).toBe(`Specwright is not built: run \`npm run build\` in ${repo}\n`);
      expect(run.stdout).toBe('');
      expect(run.status).toBe(1);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

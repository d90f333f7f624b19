import '../../__fixtures__/nx-env';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJson, readNxJson, updateNxJson, writeJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { FsTree, flushChanges } from 'nx/src/generators/tree';
import { resetWorkspaceContext } from 'nx/src/utils/workspace-context';
import { initGenerator } from './generator';
import { createWorkspace, nxWorkspaceFiles, type TempWorkspace } from '../../__fixtures__/workspace';

const runtimePackage = require('@specwright/runtime/package.json') as { version: string; dependencies: Record<string, string> };
const nxPackage = require('../../../package.json') as { version: string };

/** Every file of a tree with its contents (the tree's recorded changes, which for a virtual tree is everything). */
function snapshot(tree: Tree): Record<string, string> {
  return Object.fromEntries(
    tree
      .listChanges()
      .filter((c) => c.type !== 'DELETE')
      .map((c) => [c.path, c.content?.toString('utf8') ?? ''] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

function pluginEntries(tree: Tree): unknown[] {
  return (readNxJson(tree)?.plugins ?? []).filter((p) => (typeof p === 'string' ? p : p.plugin) === '@specwright/nx');
}

describe('init generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
  });

  describe('nx.json', () => {
    it('registers the plugin once', async () => {
      await initGenerator(tree, {});
      expect(pluginEntries(tree)).toEqual([expect.objectContaining({ plugin: '@specwright/nx' })]);
      await initGenerator(tree, {});
      expect(pluginEntries(tree)).toHaveLength(1);
    });

    it('keeps the other plugins and their order', async () => {
      const nxJson = readNxJson(tree)!;
      updateNxJson(tree, { ...nxJson, plugins: ['@nx/js/typescript', { plugin: '@nx/vite/plugin', options: { buildTargetName: 'build' } }] });
      await initGenerator(tree, {});
      expect(readNxJson(tree)?.plugins).toEqual([
        '@nx/js/typescript',
        { plugin: '@nx/vite/plugin', options: { buildTargetName: 'build' } },
        expect.objectContaining({ plugin: '@specwright/nx' }),
      ]);
    });

    it('does not add a second entry when the plugin is already registered as a string', async () => {
      updateNxJson(tree, { ...readNxJson(tree)!, plugins: ['@specwright/nx'] });
      await initGenerator(tree, {});
      expect(readNxJson(tree)?.plugins).toEqual(['@specwright/nx']);
      const before = tree.read('nx.json', 'utf-8');
      await initGenerator(tree, {});
      expect(tree.read('nx.json', 'utf-8')).toBe(before);
    });
  });

  describe('target defaults: build, typecheck and test run generate first', () => {
    const wired = ['...', 'generate', '^generate'];
    const targetDefaults = (): Record<string, { dependsOn?: unknown[]; cache?: boolean; inputs?: unknown[] }> =>
      (readNxJson(tree)?.targetDefaults ?? {}) as Record<string, { dependsOn?: unknown[] }>;

    it('adds dependsOn ["...", "generate", "^generate"] to build, typecheck and test, keeping what plugins infer ("...")', async () => {
      updateNxJson(tree, { ...readNxJson(tree)!, targetDefaults: {} });
      await initGenerator(tree, {});
      expect(targetDefaults()).toEqual({ build: { dependsOn: wired }, typecheck: { dependsOn: wired }, test: { dependsOn: wired } });
    });

    it("extends the user's entries instead of replacing them", async () => {
      updateNxJson(tree, {
        ...readNxJson(tree)!,
        targetDefaults: { build: { cache: true, dependsOn: ['^build'], inputs: ['production', '^production'] }, test: { cache: true } },
      });
      await initGenerator(tree, {});
      expect(targetDefaults()['build']).toEqual({ cache: true, dependsOn: ['^build', 'generate', '^generate'], inputs: ['production', '^production'] });
      expect(targetDefaults()['test']).toEqual({ cache: true, dependsOn: wired });
    });

    it('wires executor keys the workspace has (they hide the target-name key), and adds none it lacks', async () => {
      updateNxJson(tree, {
        ...readNxJson(tree)!,
        targetDefaults: { '@nx/js:tsc': { cache: true, dependsOn: ['^build'], inputs: ['production', '^production'] } },
      });
      await initGenerator(tree, {});
      expect(targetDefaults()['@nx/js:tsc']?.dependsOn).toEqual(['^build', 'generate', '^generate']);
      expect(Object.keys(targetDefaults()).sort()).toEqual(['@nx/js:tsc', 'build', 'test', 'typecheck']);
    });

    it("uses the plugin's generateTargetName", async () => {
      updateNxJson(tree, { ...readNxJson(tree)!, targetDefaults: {}, plugins: [{ plugin: '@specwright/nx', options: { generateTargetName: 'codegen' } }] });
      await initGenerator(tree, {});
      expect(targetDefaults()['build']?.dependsOn).toEqual(['...', 'codegen', '^codegen']);
    });

    it('does not add a dependency the entry already has (string or object form)', async () => {
      updateNxJson(tree, {
        ...readNxJson(tree)!,
        targetDefaults: { build: { dependsOn: ['^build', { target: 'generate', dependencies: true }, 'generate'] } },
      });
      await initGenerator(tree, {});
      expect(targetDefaults()['build']?.dependsOn).toEqual(['^build', { target: 'generate', dependencies: true }, 'generate']);
    });

    it('keeps the options of an existing entry', async () => {
      updateNxJson(tree, { ...readNxJson(tree)!, plugins: [{ plugin: '@specwright/nx', options: { outDir: 'gen' }, include: ['apps/**'] }] });
      await initGenerator(tree, {});
      expect(readNxJson(tree)?.plugins).toEqual([{ plugin: '@specwright/nx', options: { outDir: 'gen' }, include: ['apps/**'] }]);
    });
  });

  describe('.gitignore', () => {
    const ignored = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));

    it('creates .gitignore with the generated output, the lock and the conformance reports when there is none', async () => {
      expect(tree.exists('.gitignore')).toBe(false);
      await initGenerator(tree, {});
      const text = tree.read('.gitignore', 'utf-8')!;
      expect(ignored(text)).toEqual(['**/src/generated/', '.*.specwright.lock', '/reports/']);
      expect(text.endsWith('\n')).toBe(true);
      await initGenerator(tree, {});
      expect(tree.read('.gitignore', 'utf-8')).toBe(text);
    });

    it('appends once to an existing .gitignore, keeping its lines', async () => {
      tree.write('.gitignore', 'node_modules\ndist\n');
      await initGenerator(tree, {});
      const text = tree.read('.gitignore', 'utf-8')!;
      expect(text.startsWith('node_modules\ndist\n')).toBe(true);
      expect(ignored(text)).toEqual(['node_modules', 'dist', '**/src/generated/', '.*.specwright.lock', '/reports/']);
      await initGenerator(tree, {});
      expect(tree.read('.gitignore', 'utf-8')).toBe(text);
    });

    it('does not glue its lines onto a last line that has no newline', async () => {
      tree.write('.gitignore', 'node_modules\n/tmp');
      await initGenerator(tree, {});
      const text = tree.read('.gitignore', 'utf-8')!;
      expect(ignored(text)).toEqual(['node_modules', '/tmp', '**/src/generated/', '.*.specwright.lock', '/reports/']);
      await initGenerator(tree, {});
      expect(tree.read('.gitignore', 'utf-8')).toBe(text);
    });

    it('adds only what is missing', async () => {
      tree.write('.gitignore', '**/src/generated/\n');
      await initGenerator(tree, {});
      const text = tree.read('.gitignore', 'utf-8')!;
      expect(ignored(text)).toEqual(['**/src/generated/', '.*.specwright.lock', '/reports/']);
      await initGenerator(tree, {});
      expect(tree.read('.gitignore', 'utf-8')).toBe(text);
    });

    it('changes nothing when every line is there already (also with CRLF line ends)', async () => {
      tree.write('.gitignore', 'dist\r\n**/src/generated/\r\n.*.specwright.lock\r\n/reports/\r\n');
      await initGenerator(tree, {});
      expect(tree.read('.gitignore', 'utf-8')).toBe('dist\r\n**/src/generated/\r\n.*.specwright.lock\r\n/reports/\r\n');
    });

    it("adds what a workspace that an earlier init set up lacks: generated folders below the root (its src/generated/ matched only the root's), the per-output lock and the reports", async () => {
      const earlier = 'node_modules\n\n# Specwright: generated code is a build artifact (nx run <project>:generate restores it)\nsrc/generated/\n.specwright-generate.lock\n';
      tree.write('.gitignore', earlier);
      await initGenerator(tree, {});
      const text = tree.read('.gitignore', 'utf-8')!;
      expect(text.startsWith(earlier)).toBe(true);
      expect(text.slice(earlier.length)).toBe(
        '\n# Specwright: generated code is a build artifact (nx run <project>:generate restores it)\n**/src/generated/\n.*.specwright.lock\n' +
          '# Specwright: conformance reports (nx run <project>:conformance writes JUnit XML there)\n/reports/\n',
      );
      await initGenerator(tree, {});
      expect(tree.read('.gitignore', 'utf-8')).toBe(text);
    });

    it.each(['reports/', '/reports', 'reports'])('takes an existing %s as ignoring the reports', async (line) => {
      tree.write('.gitignore', `**/src/generated/\n.*.specwright.lock\n${line}\n`);
      await initGenerator(tree, {});
      expect(tree.read('.gitignore', 'utf-8')).toBe(`**/src/generated/\n.*.specwright.lock\n${line}\n`);
    });

    it('makes git ignore the generated code of projects at any depth, and nothing else of theirs', async () => {
      await initGenerator(tree, {});
      const repo = mkdtempSync(join(tmpdir(), 'specwright-gitignore-'));
      try {
        writeFileSync(join(repo, '.gitignore'), tree.read('.gitignore', 'utf-8')!);
        execFileSync('git', ['init', '-q'], { cwd: repo });
        const ignoredByGit = (path: string): boolean => spawnSync('git', ['check-ignore', '-q', path], { cwd: repo }).status === 0;
        for (const path of ['src/generated/index.ts', 'apps/orders-api/src/generated/types.ts', 'packages/a/b/src/generated/app.ts', 'reports/conformance/x.xml']) {
          expect({ path, ignored: ignoredByGit(path) }).toEqual({ path, ignored: true });
        }
        for (const path of ['apps/orders-api/src/index.ts', 'apps/orders-api/openapi.yaml', 'apps/reports/x.ts', 'apps/orders-api/specwright.lock/index.json']) {
          expect({ path, ignored: ignoredByGit(path) }).toEqual({ path, ignored: false });
        }
      } finally {
        rmSync(repo, { recursive: true, force: true });
      }
    });

    it('ignores the reports folder at the workspace root only, so a project folder named reports stays tracked', async () => {
      await initGenerator(tree, {});
      expect(ignored(tree.read('.gitignore', 'utf-8')!)).toContain('/reports/');
      expect(ignored(tree.read('.gitignore', 'utf-8')!)).not.toContain('reports/');
    });
  });

  describe('package.json', () => {
    it('adds what generated code imports as dependencies, and the Specwright tools and Jest as devDependencies', async () => {
      await initGenerator(tree, {});
      const pkg = readJson(tree, 'package.json');
      expect(pkg.dependencies).toEqual({
        '@specwright/runtime': nxPackage.version,
        hono: runtimePackage.dependencies['hono'],
        'openapi-fetch': expect.stringMatching(/^\^?\d+\.\d+\.\d+/),
      });
      expect(pkg.devDependencies).toEqual({
        '@specwright/nx': nxPackage.version,
        '@specwright/core': nxPackage.version,
        '@specwright/conformance': nxPackage.version,
        jest: '^30.0.0',
      });
    });

    it('keeps versions the workspace already has', async () => {
      writeJson(tree, 'package.json', { name: 'x', dependencies: { hono: '4.0.1' }, devDependencies: { '@specwright/nx': '0.0.9', jest: '^29.7.0' } });
      await initGenerator(tree, {});
      const pkg = readJson(tree, 'package.json');
      expect(pkg.dependencies.hono).toBe('4.0.1');
      expect(pkg.devDependencies['@specwright/nx']).toBe('0.0.9');
      expect(pkg.devDependencies.jest).toBe('^29.7.0');
      expect(pkg.dependencies['@specwright/runtime']).toBe(nxPackage.version);
    });

    it('leaves package.json alone with skipPackageJson', async () => {
      const before = tree.read('package.json', 'utf-8');
      await initGenerator(tree, { skipPackageJson: true });
      expect(tree.read('package.json', 'utf-8')).toBe(before);
      expect(pluginEntries(tree)).toHaveLength(1);
    });
  });

  describe('idempotence', () => {
    it('a second run leaves every file of the (virtual) tree byte-identical', async () => {
      tree.write('.gitignore', 'node_modules');
      await initGenerator(tree, {});
      const first = snapshot(tree);
      await initGenerator(tree, {});
      expect(snapshot(tree)).toEqual(first);
    });

    describe('on disk', () => {
      let ws: TempWorkspace;
      beforeEach(() => {
        ws = createWorkspace({ ...nxWorkspaceFiles(), 'nx.json': { affected: { defaultBase: 'main' } }, '.gitignore': 'node_modules' });
      });
      afterEach(() => ws.dispose());

      it('records no change at all on a second run over the written workspace', async () => {
        const firstRun = new FsTree(ws.root, false);
        await initGenerator(firstRun, {});
        expect(firstRun.listChanges().map((c) => c.path).sort()).toEqual(['.gitignore', 'nx.json', 'package.json']);
        flushChanges(ws.root, firstRun.listChanges());
        resetWorkspaceContext(); // a new `nx` process indexes the workspace afresh

        const secondRun = new FsTree(ws.root, false);
        await initGenerator(secondRun, {});
        expect(secondRun.listChanges()).toEqual([]);
      });
    });
  });
});

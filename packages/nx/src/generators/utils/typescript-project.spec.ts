import '../../__fixtures__/nx-env';
import { logger, readJson, readNxJson, writeJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { apiGenerator } from '../api/generator';
import { clientGenerator } from '../client/generator';

/** A tree laid out like `create-nx-workspace --preset=ts`: npm workspaces, TS project references. */
function tsSolutionTree(): Tree {
  const tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
  writeJson(tree, 'package.json', { name: '@acme/source', private: true, workspaces: ['packages/*'], devDependencies: { typescript: '~5.9.0' } });
  writeJson(tree, 'tsconfig.base.json', {
    compilerOptions: { composite: true, module: 'nodenext', moduleResolution: 'nodenext', strict: true, customConditions: ['@acme/source'] },
  });
  writeJson(tree, 'tsconfig.json', { extends: './tsconfig.base.json', files: [], references: [] });
  const nxJson = readNxJson(tree)!;
  nxJson.plugins = [{ plugin: '@nx/js/typescript', options: { typecheck: { targetName: 'typecheck' }, build: { targetName: 'build', configName: 'tsconfig.lib.json' } } }];
  delete nxJson.targetDefaults;
  writeJson(tree, 'nx.json', nxJson);
  return tree;
}

describe('api and client generators in a TS-solution workspace (npm workspaces, project references)', () => {
  let tree: Tree;
  beforeEach(async () => {
    jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    tree = tsSolutionTree();
    await apiGenerator(tree, { name: 'orders-api', directory: 'packages/orders-api' });
    await clientGenerator(tree, { name: 'orders-client', directory: 'packages/orders-client', api: 'orders-api' });
  });
  afterEach(() => jest.restoreAllMocks());

  it('makes each a package (exports, its name for Nx) with no project.json, wired into the root references', () => {
    for (const name of ['orders-api', 'orders-client']) {
      const pkg = readJson(tree, `packages/${name}/package.json`);
      expect(pkg).toMatchObject({
        name: `@acme/${name}`,
        nx: { name },
        exports: { '.': { '@acme/source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' } },
      });
      expect(tree.exists(`packages/${name}/project.json`)).toBe(false);
      expect(tree.read(`packages/${name}/src/index.ts`, 'utf-8')).toContain("export * from './generated/index.js';");
    }
    expect(readJson(tree, 'tsconfig.json').references).toEqual([{ path: './packages/orders-api' }, { path: './packages/orders-client' }]);
  });

  it('lists what the generated code imports in each package.json', () => {
    expect(readJson(tree, 'packages/orders-api/package.json').dependencies).toMatchObject({ '@specwright/runtime': expect.any(String), 'openapi-fetch': expect.any(String) });
    expect(readJson(tree, 'packages/orders-client/package.json').dependencies).toMatchObject({ 'openapi-fetch': expect.any(String) });
    expect(readJson(tree, 'packages/orders-client/package.json').dependencies).not.toHaveProperty('@specwright/runtime');
  });

  it('keeps the plugin after @nx/js/typescript and makes build, typecheck and test run generate first', () => {
    const nxJson = readNxJson(tree)!;
    expect(nxJson.plugins?.map((p) => (typeof p === 'string' ? p : p.plugin))).toEqual(['@nx/js/typescript', '@specwright/nx']);
    for (const target of ['build', 'typecheck', 'test']) {
      expect((nxJson.targetDefaults?.[target] as { dependsOn?: unknown[] } | undefined)?.dependsOn).toEqual(['...', 'generate', '^generate']);
    }
  });

  it('changes nothing when run again', async () => {
    const before = tree.listChanges().map((c) => [c.path, c.content?.toString('utf8')]);
    await apiGenerator(tree, { name: 'orders-api', directory: 'packages/orders-api' });
    await clientGenerator(tree, { name: 'orders-client', directory: 'packages/orders-client', api: 'orders-api' });
    expect(tree.listChanges().map((c) => [c.path, c.content?.toString('utf8')])).toEqual(before);
  });
});

// With --unitTestRunner, @nx/js:library installs @nx/vitest or @nx/jest (a network install), so the
// smoke test that replaces its sample test is covered by the create-nx-workspace e2e instead.
describe('without a unit test runner', () => {
  beforeEach(() => jest.spyOn(logger, 'info').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('writes no test file and leaves no sample code', async () => {
    const tree = tsSolutionTree();
    await apiGenerator(tree, { name: 'orders-api', directory: 'packages/orders-api' });
    expect(tree.exists('packages/orders-api/src/index.spec.ts')).toBe(false);
    expect(tree.children('packages/orders-api/src').sort()).toEqual(['handlers', 'index.ts']);
  });
});

import '../../__fixtures__/nx-env';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { logger, readJson, readNxJson, readProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { FsTree, flushChanges } from 'nx/src/generators/tree';
import { resetWorkspaceContext } from 'nx/src/utils/workspace-context';
import { parse } from 'yaml';
import { collectRefClosure } from '@specwright/core';
import { apiGenerator, type ApiGeneratorSchema } from './generator';
import { readSpecProject } from '../../plugin/project-config';
import { createWorkspace, dedent, nxWorkspaceFiles, petstoreYaml, type TempWorkspace } from '../../__fixtures__/workspace';

/** Runs the generator on a tree and returns the error it threw (or fails the test). */
async function generatorError(tree: Tree, options: ApiGeneratorSchema): Promise<Error> {
  const outcome = await apiGenerator(tree, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the generator to fail');
  return outcome;
}

/** What @nx/js:library adds to a project in a paths workspace, besides project.json. */
const TYPESCRIPT_PROJECT_FILES = ['README.md', 'package.json', 'src/index.ts', 'tsconfig.json', 'tsconfig.lib.json'];

/** Every $ref string in a parsed document. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refsIn(v)));
}

beforeEach(() => {
  jest.spyOn(logger, 'info').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

describe('api generator from the template', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
  });

  it('adds an @nx/js TypeScript library whose index re-exports the generated code, with the petstore spec and a handlers README', async () => {
    await apiGenerator(tree, { name: 'orders-api' });
    expect(readProjectConfiguration(tree, 'orders-api')).toMatchObject({
      name: 'orders-api',
      root: 'orders-api',
      projectType: 'library',
      sourceRoot: 'orders-api/src',
    });
    // This tree is a paths workspace: @nx/js:library writes an @nx/js:tsc build and a tsconfig path.
    expect(readProjectConfiguration(tree, 'orders-api').targets?.['build']?.executor).toBe('@nx/js:tsc');
    expect(readJson(tree, 'tsconfig.base.json').compilerOptions.paths).toEqual({ '@proj/orders-api': ['./orders-api/src/index.ts'] });
    expect(tree.read('orders-api/src/index.ts', 'utf-8')).toContain("export * from './generated/index.js';");
    expect(tree.exists('orders-api/src/lib/orders-api.ts')).toBe(false);
    expect(readJson(tree, 'orders-api/tsconfig.lib.json').exclude).toContain('src/generated/conformance.suite.ts');
    // @nx/js:library's @nx/js:tsc target default hides the build key: it runs generate first too.
    expect((readNxJson(tree)?.targetDefaults?.['@nx/js:tsc'] as { dependsOn?: unknown[] } | undefined)?.dependsOn).toEqual(['^build', 'generate', '^generate']);
    expect(tree.read('orders-api/openapi.yaml', 'utf-8')).toBe(petstoreYaml());
    expect(tree.read('orders-api/src/handlers/README.md', 'utf-8')).toContain('Hand-owned handlers');
  });

  it('with --bare adds only the spec project (no package.json, tsconfig or build target)', async () => {
    await apiGenerator(tree, { name: 'orders-api', bare: true });
    expect(readProjectConfiguration(tree, 'orders-api')).toMatchObject({ projectType: 'application', targets: {} });
    expect(tree.exists('orders-api/tsconfig.json')).toBe(false);
    expect(tree.exists('orders-api/package.json')).toBe(false);
    expect(tree.read('orders-api/openapi.yaml', 'utf-8')).toBe(petstoreYaml());
  });

  it('adds a spec to an existing project at the directory instead of creating another one', async () => {
    await apiGenerator(tree, { name: 'shop', directory: 'libs/shop', bare: true });
    tree.delete('libs/shop/openapi.yaml');
    await apiGenerator(tree, { name: 'shop-api', directory: 'libs/shop' });
    expect(tree.exists('libs/shop/openapi.yaml')).toBe(true);
    expect(() => readProjectConfiguration(tree, 'shop-api')).toThrow();
  });

  it('registers the plugin and gitignores the output, like init', async () => {
    await apiGenerator(tree, { name: 'orders-api' });
    expect(readNxJson(tree)?.plugins).toEqual([expect.objectContaining({ plugin: '@specwright/nx' })]);
    expect(tree.read('.gitignore', 'utf-8')).toContain('src/generated/');
  });

  it('honours --directory and --tags', async () => {
    await apiGenerator(tree, { name: 'orders-api', directory: 'apps/orders-api', tags: 'scope:orders, type:api' });
    expect(readProjectConfiguration(tree, 'orders-api')).toMatchObject({
      root: 'apps/orders-api',
      sourceRoot: 'apps/orders-api/src',
      tags: ['scope:orders', 'type:api'],
    });
    expect(tree.exists('apps/orders-api/openapi.yaml')).toBe(true);
    expect(tree.exists('apps/orders-api/src/handlers/README.md')).toBe(true);
    expect(tree.exists('orders-api')).toBe(false);
  });

  it('does not overwrite an existing spec or README when run again', async () => {
    await apiGenerator(tree, { name: 'orders-api', directory: 'apps/orders-api' });
    tree.write('apps/orders-api/openapi.yaml', 'openapi: 3.1.0\ninfo: { title: Mine, version: "2" }\npaths: {}\n');
    tree.write('apps/orders-api/src/handlers/README.md', 'my notes\n');
    await apiGenerator(tree, { name: 'orders-api', directory: 'apps/orders-api/' });
    expect(tree.read('apps/orders-api/openapi.yaml', 'utf-8')).toContain('title: Mine');
    expect(tree.read('apps/orders-api/src/handlers/README.md', 'utf-8')).toBe('my notes\n');
  });

  it('keeps a hand-written openapi.json instead of adding openapi.yaml', async () => {
    tree.write('apps/orders-api/openapi.json', '{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{}}');
    await apiGenerator(tree, { name: 'orders-api', directory: 'apps/orders-api' });
    expect(tree.exists('apps/orders-api/openapi.yaml')).toBe(false);
  });

  it('refuses a name already used by a project at another root, naming both', async () => {
    await apiGenerator(tree, { name: 'orders-api', directory: 'apps/orders-api' });
    const error = await generatorError(tree, { name: 'orders-api', directory: 'apps/orders-v2' });
    expect(error.message).toContain('"orders-api"');
    expect(error.message).toContain('apps/orders-api');
    expect(tree.exists('apps/orders-v2/openapi.yaml')).toBe(false);
  });

  it('skips package.json with skipPackageJson', async () => {
    const before = tree.read('package.json', 'utf-8');
    await apiGenerator(tree, { name: 'orders-api', skipPackageJson: true });
    expect(tree.read('package.json', 'utf-8')).toBe(before);
  });
});

describe('api generator adopting a spec (--spec), on a real workspace', () => {
  let ws: TempWorkspace;
  let tree: FsTree;
  beforeEach(() => {
    ws = createWorkspace(nxWorkspaceFiles());
    tree = new FsTree(ws.root, false);
  });
  afterEach(() => ws.dispose());

  /**
   * Writes the tree to disk, as `nx g` does at the end, and forgets Nx's in-process index of the
   * workspace's files (getProjects globs through it), as the next `nx g` process would start
   * without one.
   */
  const flush = (): void => {
    flushChanges(ws.root, tree.listChanges());
    resetWorkspaceContext();
  };

  const ordersSpec = dedent(`
    openapi: 3.1.0
    info: { title: Orders, version: 1.0.0 }
    paths:
      /orders:
        $ref: './paths/orders.yaml'
    components:
      schemas:
        Order:
          $ref: './schemas/order.yaml'
  `);
  const ordersPath = dedent(`
    get:
      operationId: listOrders
      responses:
        '200':
          description: Orders.
          content:
            application/json:
              schema:
                type: array
                items: { $ref: '../schemas/order.yaml' }
  `);
  const orderSchema = dedent(`
    type: object
    required: [id]
    properties:
      id: { type: string }
      total: { $ref: './common/money.yaml' }
  `);
  const moneySchema = 'type: number\nminimum: 0\n';

  function writeOrdersSpec(dir: string, rootName = 'openapi.yaml'): void {
    ws.write(`${dir}/${rootName}`, ordersSpec);
    ws.write(`${dir}/paths/orders.yaml`, ordersPath);
    ws.write(`${dir}/schemas/order.yaml`, orderSchema);
    ws.write(`${dir}/schemas/common/money.yaml`, moneySchema);
  }

  it('copies the spec and every file it $refs, keeping their layout and bytes', async () => {
    writeOrdersSpec('specs/orders');
    await apiGenerator(tree, { name: 'orders-api', directory: 'apps/orders-api', spec: 'specs/orders/openapi.yaml' });
    flush();
    expect(ws.list('apps/orders-api')).toEqual([
      'README.md',
      'openapi.yaml',
      'package.json',
      'paths/orders.yaml',
      'project.json',
      'schemas/common/money.yaml',
      'schemas/order.yaml',
      'src/handlers/README.md',
      'src/index.ts',
      'tsconfig.json',
      'tsconfig.lib.json',
    ]);
    for (const file of ['openapi.yaml', 'paths/orders.yaml', 'schemas/order.yaml', 'schemas/common/money.yaml']) {
      expect(ws.read(`apps/orders-api/${file}`)).toBe(ws.read(`specs/orders/${file}`));
    }
    expect(collectRefClosure('apps/orders-api/openapi.yaml', { workspaceRoot: ws.root }).files).toEqual([
      'apps/orders-api/openapi.yaml',
      'apps/orders-api/paths/orders.yaml',
      'apps/orders-api/schemas/common/money.yaml',
      'apps/orders-api/schemas/order.yaml',
    ]);
  });

  it('accepts an absolute --spec, also from outside the workspace', async () => {
    const elsewhere = createWorkspace({}, 'specwright-nx-outside-');
    try {
      elsewhere.write('orders/openapi.yaml', ordersSpec);
      elsewhere.write('orders/paths/orders.yaml', ordersPath);
      elsewhere.write('orders/schemas/order.yaml', orderSchema);
      elsewhere.write('orders/schemas/common/money.yaml', moneySchema);
      await apiGenerator(tree, { name: 'orders-api', directory: 'apps/orders-api', spec: join(elsewhere.root, 'orders', 'openapi.yaml') });
      flush();
      expect(ws.read('apps/orders-api/schemas/common/money.yaml')).toBe(moneySchema);
      expect(collectRefClosure('apps/orders-api/openapi.yaml', { workspaceRoot: ws.root }).files).toHaveLength(4);
    } finally {
      elsewhere.dispose();
    }
  });

  it('keeps the copied root spec\'s name (other files may $ref it by name) and points specwright.json at it', async () => {
    writeOrdersSpec('specs/orders', 'orders.yaml');
    ws.write('specs/json/api.json', JSON.stringify({ openapi: '3.1.0', info: { title: 'j', version: '1' }, paths: {} }));
    writeOrdersSpec('specs/plain', 'openapi.yaml');
    await apiGenerator(tree, { name: 'orders-api', directory: 'apps/orders-api', spec: 'specs/orders/orders.yaml' });
    await apiGenerator(tree, { name: 'json-api', directory: 'apps/json-api', spec: 'specs/json/api.json' });
    await apiGenerator(tree, { name: 'plain-api', directory: 'apps/plain-api', spec: 'specs/plain/openapi.yaml' });
    flush();
    expect(ws.read('apps/orders-api/orders.yaml')).toBe(ordersSpec);
    expect(JSON.parse(ws.read('apps/orders-api/specwright.json'))).toEqual({ spec: 'orders.yaml' });
    expect(ws.read('apps/json-api/api.json')).toBe(ws.read('specs/json/api.json'));
    expect(JSON.parse(ws.read('apps/json-api/specwright.json'))).toEqual({ spec: 'api.json' });
    // A root already named openapi.* is found without a specwright.json.
    expect(ws.read('apps/plain-api/openapi.yaml')).toBe(ordersSpec);
    expect(ws.exists('apps/plain-api/specwright.json')).toBe(false);
  });

  it('keeps a copied spec valid when a referenced file points back into a root spec that is not named openapi.yaml', async () => {
    // A common layout: split files reach shared components through the root document.
    ws.write('specs/orders/orders.yaml', dedent(`
      openapi: 3.1.0
      info: { title: Orders, version: 1.0.0 }
      paths:
        /orders/{id}:
          $ref: './paths/order-by-id.yaml'
      components:
        parameters:
          OrderId: { name: id, in: path, required: true, schema: { type: string } }
    `));
    ws.write('specs/orders/paths/order-by-id.yaml', dedent(`
      parameters:
        - $ref: '../orders.yaml#/components/parameters/OrderId'
      get:
        operationId: getOrder
        responses:
          '204': { description: Found. }
    `));
    expect(() => collectRefClosure('specs/orders/orders.yaml', { workspaceRoot: ws.root })).not.toThrow();

    await apiGenerator(tree, { name: 'orders-api', directory: 'apps/orders-api', spec: 'specs/orders/orders.yaml' });
    flush();
    const project = readSpecProject(ws.root, ws.exists('apps/orders-api/specwright.json') ? 'apps/orders-api/specwright.json' : 'apps/orders-api/openapi.yaml');
    expect(project).toBeDefined();
    expect(() => collectRefClosure(project!.specFile, { workspaceRoot: ws.root })).not.toThrow();
  });

  it('writes one bundled openapi.yaml when the $refs reach outside the spec folder', async () => {
    ws.write('specs/orders/openapi.yaml', ordersSpec.replace("'./schemas/order.yaml'", "'../shared/order.yaml'"));
    ws.write('specs/orders/paths/orders.yaml', ordersPath.replace("'../schemas/order.yaml'", "'../../shared/order.yaml'"));
    ws.write('specs/shared/order.yaml', orderSchema);
    ws.write('specs/shared/common/money.yaml', moneySchema);
    await apiGenerator(tree, { name: 'orders-api', directory: 'apps/orders-api', spec: 'specs/orders/openapi.yaml' });
    flush();
    expect(ws.list('apps/orders-api').filter((f) => !TYPESCRIPT_PROJECT_FILES.includes(f))).toEqual(['openapi.yaml', 'project.json', 'src/handlers/README.md']);
    const bundled = parse(ws.read('apps/orders-api/openapi.yaml')) as { paths: Record<string, unknown> };
    expect(refsIn(bundled).every((ref) => ref.startsWith('#/'))).toBe(true);
    expect(Object.keys(bundled.paths)).toEqual(['/orders']);
    expect(JSON.stringify(bundled)).toContain('"minimum":0'); // money.yaml made it in
    expect(collectRefClosure('apps/orders-api/openapi.yaml', { workspaceRoot: ws.root }).files).toEqual(['apps/orders-api/openapi.yaml']);
  });

  it('fails with a message that names the missing spec (Nx prints only the error message)', async () => {
    const error = await generatorError(tree, { name: 'orders-api', directory: 'apps/orders-api', spec: 'specs/nope.yaml' });
    expect(error.message).toContain('nope.yaml');
  });

  it('with --no-copy writes specwright.json pointing at the spec where it is', async () => {
    writeOrdersSpec('specs/orders');
    await apiGenerator(tree, { name: 'orders-api', directory: 'apps/orders-api', spec: 'specs/orders/openapi.yaml', copy: false });
    flush();
    expect(JSON.parse(ws.read('apps/orders-api/specwright.json'))).toEqual({ spec: '../../specs/orders/openapi.yaml' });
    expect(ws.exists('apps/orders-api/openapi.yaml')).toBe(false);
    expect(readSpecProject(ws.root, 'apps/orders-api/specwright.json')?.specFile).toBe('specs/orders/openapi.yaml');
  });

  it('with --no-copy accepts an absolute path inside the workspace', async () => {
    writeOrdersSpec('specs/orders');
    await apiGenerator(tree, { name: 'orders-api', directory: 'apps/orders-api', spec: ws.path('specs/orders/openapi.yaml'), copy: false });
    flush();
    expect(JSON.parse(ws.read('apps/orders-api/specwright.json'))).toEqual({ spec: '../../specs/orders/openapi.yaml' });
  });

  it('with --no-copy refuses a spec outside the workspace, saying how to fix it', async () => {
    const elsewhere = createWorkspace({ 'openapi.yaml': petstoreYaml() }, 'specwright-nx-outside-');
    try {
      const error = await generatorError(tree, { name: 'orders-api', spec: elsewhere.path('openapi.yaml'), copy: false });
      expect(error.message).toContain('--no-copy');
      expect(error.message).toContain('inside the workspace');
      expect(tree.exists('orders-api/specwright.json')).toBe(false);
    } finally {
      elsewhere.dispose();
    }
  });

  it('with --no-copy fails on a broken spec, naming the missing reference', async () => {
    ws.write('specs/orders/openapi.yaml', ordersSpec);
    const error = await generatorError(tree, { name: 'orders-api', spec: 'specs/orders/openapi.yaml', copy: false });
    expect(error.message).toContain('paths/orders.yaml');
  });

  it('does not overwrite an adopted spec when run again with another --spec', async () => {
    writeOrdersSpec('specs/orders');
    ws.write('specs/other.yaml', petstoreYaml());
    await apiGenerator(tree, { name: 'orders-api', directory: 'apps/orders-api', spec: 'specs/orders/openapi.yaml' });
    await apiGenerator(tree, { name: 'orders-api', directory: 'apps/orders-api', spec: 'specs/other.yaml' });
    flush();
    expect(ws.read('apps/orders-api/openapi.yaml')).toBe(ordersSpec);
  });

  it('run again without --spec, adds no template spec to a project that references its spec through specwright.json', async () => {
    writeOrdersSpec('specs/orders');
    await apiGenerator(tree, { name: 'orders-api', directory: 'apps/orders-api', spec: 'specs/orders/openapi.yaml', copy: false });
    flush();
    const second = new FsTree(ws.root, false);
    await apiGenerator(second, { name: 'orders-api', directory: 'apps/orders-api' });
    expect(second.listChanges().map((c) => c.path)).toEqual([]);
  });

  it.each([
    ['the template', {}],
    ['a copied spec', { spec: 'specs/orders/openapi.yaml' }],
    ['a referenced spec', { spec: 'specs/orders/openapi.yaml', copy: false }],
  ])('is idempotent with %s: a second run records no change on disk', async (_label, extra: Partial<ApiGeneratorSchema>) => {
    writeOrdersSpec('specs/orders');
    await apiGenerator(tree, { name: 'orders-api', directory: 'apps/orders-api', ...extra });
    flush();
    const second = new FsTree(ws.root, false);
    await apiGenerator(second, { name: 'orders-api', directory: 'apps/orders-api', ...extra });
    expect(second.listChanges()).toEqual([]);
  });
});

describe('template file', () => {
  it('is the one shipped in packages/core/templates/petstore', () => {
    const shipped = readFileSync(require.resolve('@specwright/core/templates/petstore/openapi.yaml'), 'utf8');
    expect(shipped).toBe(petstoreYaml());
  });
});

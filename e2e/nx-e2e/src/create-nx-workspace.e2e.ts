/**
 * Specwright in workspaces made by `create-nx-workspace` from the registry, as teams build them:
 * - `--preset=ts`: npm workspaces, TypeScript project references, the `@nx/js/typescript` plugin
 *   inferring typecheck and build (TypeScript 6 at Nx 23.2.1);
 * - `--preset=ts --workspaces=false`: the older integrated layout, `tsconfig.base.json` paths and
 *   project.json `@nx/js:tsc` builds.
 * In each: `nx add @specwright/nx`, the api and client generators, a consumer made with
 * `@nx/js:library` importing the client by its package name; then a fresh-clone run with every
 * `src/generated/` deleted, `nx affected` after a schema change, and what `nx show project` says.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNxWorkspace, git, npmInstall, projectsThatRan } from './support/create-nx-workspace';
import { assertSucceeded } from './support/run';
import { disposeWorkspace, type Workspace } from './support/workspace';

jest.setTimeout(600_000);

/** The consumer's code: it imports the client library by its package name and calls it. */
function consumerSource(clientPackage: string): string {
  return `import { createApiClient } from '${clientPackage}';\n\nexport function shop(baseUrl: string) {\n  return createApiClient({ baseUrl });\n}\n\nexport async function petNames(baseUrl: string): Promise<string[]> {\n  const { data } = await shop(baseUrl).GET('/pets', {});\n  return (data ?? []).map((pet) => pet.name);\n}\n`;
}

function consumerTest(importPath: string): string {
  return `import { shop } from '${importPath}';\n\ndescribe('shop', () => {\n  it('builds a client typed by the spec', () => {\n    expect(typeof shop('http://127.0.0.1:9').GET).toBe('function');\n  });\n});\n`;
}

/** Adds a property to the petstore template's Pet schema (a contract change in one schema). */
function changePetSchema(ws: Workspace, specFile: string): void {
  const spec = ws.read(specFile);
  const changed = spec.replace(/(\n {4}Pet:\n(?: {6}.*\n)*? {6}properties:\n)/, '$1        nickname:\n          type: string\n');
  if (changed === spec) throw new Error(`could not find the Pet schema's properties in ${specFile}`);
  ws.write(specFile, changed);
}

function generatedFolders(ws: Workspace, roots: readonly string[]): string[] {
  return roots.map((root) => `${root}/src/generated`).filter((dir) => ws.exists(dir));
}

describe('create-nx-workspace --preset=ts (npm workspaces, TS project references)', () => {
  let ws: Workspace | undefined;
  const w = (): Workspace => {
    if (!ws) throw new Error('The workspace was not created (see the beforeAll error).');
    return ws;
  };
  const roots = ['packages/orders-api', 'packages/orders-client', 'packages/shop', 'packages/other'];

  beforeAll(async () => {
    ws = await createNxWorkspace('acme', ['--preset=ts']);
  }, 1_200_000);
  afterAll(() => disposeWorkspace(ws), 60_000);

  it('nx g @specwright/nx:api and :client create @nx/js packages wired into the TS references', async () => {
    assertSucceeded(await w().nx('g', '@specwright/nx:api', 'orders-api', '--directory=packages/orders-api', '--unitTestRunner=vitest'));
    assertSucceeded(await w().nx('g', '@specwright/nx:client', 'orders-client', '--directory=packages/orders-client', '--api=orders-api'));
    // @nx/js:library's sample test gave way to a smoke test of the generated index.
    expect(w().read('packages/orders-api/src/index.spec.ts')).toContain("from './index.js'");
    expect(w().exists('packages/orders-api/src/lib')).toBe(false);
    for (const name of ['orders-api', 'orders-client']) {
      const pkg = w().readJson(`packages/${name}/package.json`);
      expect(pkg).toMatchObject({ name: `@acme/${name}`, nx: { name }, exports: { '.': { '@acme/source': './src/index.ts' } } });
      expect(w().exists(`packages/${name}/project.json`)).toBe(false);
    }
    expect(w().readJson('tsconfig.json').references).toEqual(
      expect.arrayContaining([{ path: './packages/orders-api' }, { path: './packages/orders-client' }]),
    );
  });

  it('a consumer made with @nx/js:library that imports the client by its package name is in sync (nx sync:check)', async () => {
    assertSucceeded(await w().nx('g', '@nx/js:library', 'packages/shop', '--unitTestRunner=vitest', '--linter=none'));
    assertSucceeded(await w().nx('g', '@nx/js:library', 'packages/other', '--unitTestRunner=none', '--linter=none'));
    const pkg = w().readJson('packages/shop/package.json');
    pkg.dependencies = { ...(pkg.dependencies ?? {}), '@acme/orders-client': '*' };
    w().write('packages/shop/package.json', `${JSON.stringify(pkg, null, 2)}\n`);
    w().write('packages/shop/src/lib/shop.ts', consumerSource('@acme/orders-client'));
    w().write('packages/shop/src/lib/shop.spec.ts', consumerTest('./shop.js'));
    await npmInstall(w());
    // What Nx tells a user to run after adding a dependency: project references follow the graph.
    assertSucceeded(await w().nx('sync'));
    const check = assertSucceeded(await w().nx('sync:check'));
    expect(check.output).not.toContain('out of sync');
    await git(w(), 'add', '-A');
    await git(w(), 'commit', '-q', '-m', 'orders api, client and shop');
  });

  it('from a fresh clone (every src/generated/ deleted), nx run-many -t typecheck build test succeeds with no manual step', async () => {
    for (const dir of generatedFolders(w(), roots)) w().remove(dir);
    expect(generatedFolders(w(), roots)).toEqual([]);
    const result = assertSucceeded(await w().nx('run-many', '-t', 'typecheck', 'build', 'test', '--output-style=static', '--skip-nx-cache'));
    expect(projectsThatRan(result.output, 'generate')).toEqual(['orders-api', 'orders-client']);
    expect(projectsThatRan(result.output, 'typecheck')).toEqual(expect.arrayContaining(['@acme/shop', 'orders-api', 'orders-client']));
    expect(projectsThatRan(result.output, 'test')).toEqual(['@acme/shop', 'orders-api']);
    // Generate came before the TypeScript that needs it.
    const order = (task: string): number => result.output.indexOf(`> nx run ${task}`);
    expect(order('orders-client:generate')).toBeLessThan(order('orders-client:typecheck'));
    expect(order('orders-client:generate')).toBeLessThan(order('@acme/shop:test'));
    expect(order('orders-api:generate')).toBeLessThan(order('orders-api:test'));
    expect(order('orders-api:generate')).toBeLessThan(order('orders-api:build'));
    expect(w().exists('packages/shop/dist/index.d.ts')).toBe(true);
    // The generated code is a build artifact: git ignores it at any depth.
    expect((await git(w(), 'status', '--porcelain')).stdout).not.toContain('src/generated');
  });

  it('the api package (an ES module package) passes its conformance target', async () => {
    const result = assertSucceeded(await w().nx('run', 'orders-api:conformance', '--output-style=static'));
    expect(result.output).toMatch(/conformance: \d+ checks passed, 0 failed/);
  });

  it('changing one schema in the spec: nx affected -t typecheck runs orders-api, orders-client and shop, nothing else; the graph shows the edges', async () => {
    changePetSchema(w(), 'packages/orders-api/openapi.yaml');
    const affected = assertSucceeded(await w().nx('affected', '-t', 'typecheck', '--base=HEAD', '--output-style=static'));
    expect(projectsThatRan(affected.output, 'typecheck')).toEqual(['@acme/shop', 'orders-api', 'orders-client']);
    const listed = assertSucceeded(await w().nx('show', 'projects', '--affected', '--base=HEAD', '--json'));
    expect((JSON.parse(listed.stdout) as string[]).sort()).toEqual(['@acme/shop', 'orders-api', 'orders-client']);

    const graphFile = join(w().scratch, 'graph.json');
    assertSucceeded(await w().nx('graph', `--file=${graphFile}`));
    const graph = JSON.parse(readFileSync(graphFile, 'utf8')) as { graph: { dependencies: Record<string, Array<{ target: string }>> } };
    expect(graph.graph.dependencies['orders-client'].map((d) => d.target)).toContain('orders-api');
    expect(graph.graph.dependencies['@acme/shop'].map((d) => d.target)).toContain('orders-client');
    await git(w(), 'checkout', '--', 'packages/orders-api/openapi.yaml');
  });

  it('nx show project explains every Specwright target and the TypeScript targets it wires (description, help)', async () => {
    const project = JSON.parse(assertSucceeded(await w().nx('show', 'project', 'orders-api', '--json')).stdout) as {
      targets: Record<string, { dependsOn?: unknown[]; inputs?: unknown[]; metadata?: { description?: string; help?: { command?: string } } }>;
    };
    for (const name of ['spec-lint', 'generate', 'conformance', 'serve', 'api-diff', 'typecheck', 'build']) {
      expect({ name, description: project.targets[name]?.metadata?.description }).toEqual({ name, description: expect.stringMatching(/\w{4,}/) });
    }
    for (const name of ['spec-lint', 'generate', 'conformance', 'api-diff']) {
      expect(project.targets[name]?.metadata?.help?.command).toMatch(/^npx specwright(-conformance| diff)? --help$/);
    }
    expect(project.targets['typecheck']?.dependsOn).toEqual(expect.arrayContaining(['generate', '^generate']));
    expect(project.targets['build']?.dependsOn).toEqual(expect.arrayContaining(['^build', 'generate', '^generate']));
    expect(project.targets['typecheck']?.inputs).toEqual(expect.arrayContaining([{ dependentTasksOutputFiles: '**/*.ts', transitive: true }]));
  });

  it('nx affected -t api-diff: a non-breaking commit passes with a changelog; a breaking one fails naming the rule and the consumers', async () => {
    const spec = 'packages/orders-api/openapi.yaml';
    changePetSchema(w(), spec); // a new optional response property: a changelog entry
    await git(w(), 'commit', '-q', '-am', 'pets get a nickname');
    const fine = assertSucceeded(await w().nx('affected', '-t', 'api-diff', '--base=HEAD~1', '--output-style=static'));
    expect(projectsThatRan(fine.output, 'api-diff')).toEqual(['orders-api']);
    expect(fine.output).toContain('nickname');

    // Breaking: listPets' optional `limit` query parameter becomes required.
    const before = w().read(spec);
    w().write(spec, before.replace('        - name: limit\n          in: query\n', '        - name: limit\n          in: query\n          required: true\n'));
    expect(w().read(spec)).not.toBe(before);
    await git(w(), 'commit', '-q', '-am', 'limit becomes required');
    const broken = await w().nx('affected', '-t', 'api-diff', '--base=HEAD~1', '--output-style=static');
    expect(broken.code).not.toBe(0);
    expect(broken.output).toContain('against HEAD~1 (nx command;'); // nx affected's --base reached the task
    expect(broken.output).toContain('request-parameter-became-required');
    expect(broken.output).toMatch(/packages\/orders-api\/openapi\.yaml:\d+/);
    expect(broken.output).toContain('Consumers affected (projects that depend on orders-api): @acme/shop, orders-client');

    // Accepting it on purpose: reported, no longer failing.
    w().write(
      'packages/orders-api/specwright.breaking.yaml',
      'accept:\n  - operation: listPets\n    rule: request-parameter-became-required\n    reason: every client already sends limit (checked in the access logs)\n',
    );
    const accepted = await w().nx('affected', '-t', 'api-diff', '--base=HEAD~1', '--output-style=static');
    expect({ code: accepted.code, output: accepted.output }).toEqual({ code: 0, output: expect.stringContaining('accepted') });
  });
});

describe('create-nx-workspace --preset=ts --workspaces=false (tsconfig.base.json paths, project.json)', () => {
  let ws: Workspace | undefined;
  const w = (): Workspace => {
    if (!ws) throw new Error('The workspace was not created (see the beforeAll error).');
    return ws;
  };
  const roots = ['libs/orders-api', 'libs/orders-client', 'libs/shop', 'libs/other'];

  beforeAll(async () => {
    ws = await createNxWorkspace('legacy', ['--preset=ts', '--workspaces=false']);
  }, 1_200_000);
  afterAll(() => disposeWorkspace(ws), 60_000);

  it('the generators create project.json libraries with an @nx/js:tsc build and tsconfig paths', async () => {
    assertSucceeded(await w().nx('g', '@specwright/nx:api', 'orders-api', '--directory=libs/orders-api'));
    assertSucceeded(await w().nx('g', '@specwright/nx:client', 'orders-client', '--directory=libs/orders-client', '--api=orders-api'));
    expect(w().readJson('libs/orders-client/project.json').targets.build.executor).toBe('@nx/js:tsc');
    expect(w().readJson('tsconfig.base.json').compilerOptions.paths).toMatchObject({
      '@legacy/orders-api': ['./libs/orders-api/src/index.ts'],
      '@legacy/orders-client': ['./libs/orders-client/src/index.ts'],
    });
    // The @nx/js:tsc target default (it hides the build key) runs generate first too.
    expect(w().readJson('nx.json').targetDefaults['@nx/js:tsc'].dependsOn).toEqual(['^build', 'generate', '^generate']);
  });

  it('from a fresh clone, a consumer importing the client through its path builds and tests with no manual step; affected follows the spec', async () => {
    assertSucceeded(await w().nx('g', '@nx/js:library', 'libs/shop', '--bundler=tsc', '--unitTestRunner=vitest', '--linter=none'));
    assertSucceeded(await w().nx('g', '@nx/js:library', 'libs/other', '--bundler=tsc', '--unitTestRunner=none', '--linter=none'));
    w().write('libs/shop/src/lib/shop.ts', consumerSource('@legacy/orders-client'));
    w().write('libs/shop/src/lib/shop.spec.ts', consumerTest('./shop'));
    assertSucceeded(await w().nx('sync:check'));
    await git(w(), 'add', '-A');
    await git(w(), 'commit', '-q', '-m', 'orders api, client and shop');

    for (const dir of generatedFolders(w(), roots)) w().remove(dir);
    const result = assertSucceeded(await w().nx('run-many', '-t', 'build', 'test', '--output-style=static', '--skip-nx-cache'));
    expect(projectsThatRan(result.output, 'generate')).toEqual(['orders-api', 'orders-client']);
    expect(projectsThatRan(result.output, 'build')).toEqual(['orders-api', 'orders-client', 'other', 'shop']);
    expect(projectsThatRan(result.output, 'test')).toEqual(['shop']);

    changePetSchema(w(), 'libs/orders-api/openapi.yaml');
    const listed = assertSucceeded(await w().nx('show', 'projects', '--affected', '--base=HEAD', '--json'));
    expect((JSON.parse(listed.stdout) as string[]).sort()).toEqual(['orders-api', 'orders-client', 'shop']);
  });
});

import '../__fixtures__/nx-env';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CreateDependenciesContext, CreateNodesResult, FileData, ProjectConfiguration, RawProjectGraphDependency, TargetConfiguration } from '@nx/devkit';
import { globWithWorkspaceContext, resetWorkspaceContext, updateFilesInContext } from 'nx/src/utils/workspace-context';
import { validateDependency } from 'nx/src/project-graph/project-graph-builder';
import { resolveNxTokensInOptions } from 'nx/src/project-graph/utils/project-configuration/target-merging';
import { getOutputsForTargetAndConfiguration } from 'nx/src/tasks-runner/utils';
import { createDependencies, createNodes, createNodesV2, name } from '../index';
import type { SpecwrightPluginOptions } from './options';
import { conformanceToolInputs, toolInputs } from './tool-inputs';
import { PLUGIN_DATA_DIRECTORY } from '../__fixtures__/nx-env';
import {
  CATEGORY_SCHEMA,
  PET_SCHEMA,
  PET_SCHEMA_WITH_CATEGORY,
  REPO_ROOT,
  SHOP_API_SPEC,
  dedent,
  nxWorkspaceFiles,
  useTempWorkspaces,
  type Files,
  type TempWorkspace,
} from '../__fixtures__/workspace';

/** The shop workspace: an API whose spec $refs a shared library, and a client of that API. */
function shopFiles(): Files {
  return {
    ...nxWorkspaceFiles(),
    'apps/shop-api/project.json': { name: 'shop-api' },
    'apps/shop-api/openapi.yaml': SHOP_API_SPEC,
    'libs/shared/project.json': { name: 'shared' },
    'libs/shared/pet.yaml': PET_SCHEMA,
    'libs/catalog/project.json': { name: 'catalog' },
    'libs/shop-client/project.json': { name: 'shop-client' },
    'libs/shop-client/specwright.json': { spec: '../../apps/shop-api/openapi.yaml', emit: ['types', 'client'] },
  };
}

const [pluginGlob, createNodesFn] = createNodes;

/** The files Nx would hand createNodes: the plugin's glob over Nx's index of the workspace. */
async function configFiles(ws: TempWorkspace): Promise<string[]> {
  return (await globWithWorkspaceContext(ws.root, [pluginGlob])).sort();
}

type Projects = Record<string, { targets: Record<string, TargetConfiguration>; metadata?: unknown }>;

/** Runs createNodes over the workspace as Nx would and returns the inferred projects by root. */
async function inferProjects(ws: TempWorkspace, options: SpecwrightPluginOptions = {}): Promise<Projects> {
  const results = await createNodesFn(await configFiles(ws), options, { nxJsonConfiguration: {}, workspaceRoot: ws.root });
  const projects: Projects = {};
  for (const [, result] of results as Array<readonly [string, CreateNodesResult]>) {
    for (const [root, project] of Object.entries(result.projects ?? {})) {
      expect(projects[root]).toBeUndefined(); // one inference per project
      projects[root] = project as Projects[string];
    }
  }
  return projects;
}

function fileInputs(target: TargetConfiguration | undefined): string[] {
  return (target?.inputs ?? []).filter((i): i is string => typeof i === 'string');
}

/** What Nx would pass to createDependencies: every project (project.json + inferred targets) and the file map. */
function dependenciesContext(ws: TempWorkspace, inferred: Projects): CreateDependenciesContext {
  const projects: Record<string, ProjectConfiguration> = {};
  for (const file of ws.list().filter((f) => f.endsWith('/project.json'))) {
    const root = file.slice(0, -'/project.json'.length);
    const projectName = (JSON.parse(ws.read(file)) as { name: string }).name;
    projects[projectName] = { name: projectName, root, targets: inferred[root]?.targets ?? {} };
  }
  const projectFileMap: Record<string, FileData[]> = {};
  const nonProjectFiles: FileData[] = [];
  for (const file of ws.list()) {
    const owner = Object.values(projects)
      .filter((p) => file.startsWith(p.root + '/'))
      .sort((a, b) => b.root.length - a.root.length)[0];
    const data = { file, hash: '0' };
    if (owner) (projectFileMap[owner.name!] ??= []).push(data);
    else nonProjectFiles.push(data);
  }
  const fileMap = { projectFileMap, nonProjectFiles };
  return { projects, externalNodes: {}, nxJsonConfiguration: {}, workspaceRoot: ws.root, fileMap, filesToProcess: fileMap };
}

async function dependenciesOf(ws: TempWorkspace, inferred: Projects): Promise<RawProjectGraphDependency[]> {
  const context = dependenciesContext(ws, inferred);
  const dependencies = await createDependencies({}, context);
  for (const dependency of dependencies) expect(() => validateDependency(dependency, context)).not.toThrow();
  return dependencies;
}

describe('plugin entry point', () => {
  it('exports the Nx 23 createNodes (also as createNodesV2), createDependencies and the name', () => {
    expect(name).toBe('@specwright/nx');
    expect(createNodesV2).toBe(createNodes);
    expect(typeof createDependencies).toBe('function');
    expect(pluginGlob).toBe('**/{openapi.yaml,openapi.yml,openapi.json,specwright.json}');
  });
});

describe('createNodes and createDependencies on a real workspace', () => {
  const workspace = useTempWorkspaces();

  it('matches spec files and specwright.json, not the files they reference', async () => {
    const ws = workspace(shopFiles());
    expect(await configFiles(ws)).toEqual(['apps/shop-api/openapi.yaml', 'libs/shop-client/specwright.json']);
  });

  it("names every file of a multi-file spec's $ref closure as an input, shared files by {workspaceRoot}", async () => {
    const ws = workspace(shopFiles());
    const projects = await inferProjects(ws);
    expect(Object.keys(projects).sort()).toEqual(['apps/shop-api', 'libs/shop-client']);

    const api = projects['apps/shop-api'];
    expect(Object.keys(api.targets)).toEqual(['spec-lint', 'generate', 'serve', 'conformance', 'api-diff']);
    expect(fileInputs(api.targets['generate'])).toEqual([
      '{projectRoot}/openapi.yaml',
      '{workspaceRoot}/libs/shared/pet.yaml',
      '{projectRoot}/src/handlers/**/*',
      '{projectRoot}/src/context.ts',
      '{projectRoot}/specwright.lock/**/*',
    ]);
    expect(api.targets['generate'].inputs).toContainEqual({ externalDependencies: ['@specwright/core', '@specwright/nx'] });
    expect(api.targets['generate'].outputs).toEqual(['{projectRoot}/src/generated', '{projectRoot}/specwright.lock']);
    expect(api.targets['generate'].metadata?.description).toContain('2 spec files');
    expect(api.metadata).toEqual({ technologies: ['openapi'] });

    const client = projects['libs/shop-client'];
    expect(Object.keys(client.targets)).toEqual(['spec-lint', 'generate']);
    expect(fileInputs(client.targets['generate'])).toEqual([
      '{workspaceRoot}/apps/shop-api/openapi.yaml',
      '{workspaceRoot}/libs/shared/pet.yaml',
      '{projectRoot}/specwright.json',
    ]);
    // No server, so hand-owned handlers are not an input (a stray file there must not cause misses).
    expect(client.targets['generate'].metadata?.description).not.toContain('hand-owned');
    expect(client.targets['generate'].options).toMatchObject({ spec: 'apps/shop-api/openapi.yaml', outDir: 'libs/shop-client/src/generated' });

    expect(JSON.stringify(projects)).not.toContain(ws.root);
  });

  it('infers the same targets for the same workspace at another path (no absolute path leaks in)', async () => {
    const a = await inferProjects(workspace(shopFiles()));
    const b = await inferProjects(workspace(shopFiles()));
    expect(b).toEqual(a);
  });

  it("keeps its closure cache in Nx's workspace-data directory", async () => {
    const ws = workspace(shopFiles());
    await inferProjects(ws);
    const cacheFile = join(PLUGIN_DATA_DIRECTORY, 'specwright-closures.hash');
    expect(existsSync(cacheFile)).toBe(true);
    expect(readFileSync(cacheFile, 'utf8')).toContain('libs/shared/pet.yaml');
  });

  it("reuses a cached closure while Nx's hashes of its files are unchanged, without re-reading the spec", async () => {
    const ws = workspace(shopFiles());
    await inferProjects(ws);
    // Changed on disk behind Nx's back: its index (and so the hash) still has the old contents.
    ws.write('libs/shared/pet.yaml', PET_SCHEMA_WITH_CATEGORY);
    ws.write('libs/shared/category.yaml', CATEGORY_SCHEMA);
    const projects = await inferProjects(ws);
    expect(fileInputs(projects['apps/shop-api'].targets['generate'])).not.toContain('{workspaceRoot}/libs/shared/category.yaml');
  });

  it.each([
    ['the daemon updates its index of changed files', (ws: TempWorkspace) => updateFilesInContext(ws.root, ['libs/shared/pet.yaml', 'libs/catalog/category.yaml'], [])],
    ['a new nx process indexes the workspace afresh', () => resetWorkspaceContext()],
  ])('recomputes the closure after an edit adds a $ref to a new file (%s)', async (_how, refresh) => {
    const ws = workspace(shopFiles());
    const before = await inferProjects(ws);
    expect(await dependenciesOf(ws, before)).not.toContainEqual(expect.objectContaining({ target: 'catalog' }));

    ws.write('libs/shared/pet.yaml', PET_SCHEMA_WITH_CATEGORY.replace('./category.yaml', '../catalog/category.yaml'));
    ws.write('libs/catalog/category.yaml', CATEGORY_SCHEMA);
    refresh(ws);

    const after = await inferProjects(ws);
    for (const root of ['apps/shop-api', 'libs/shop-client']) {
      expect(fileInputs(after[root].targets['generate'])).toContain('{workspaceRoot}/libs/catalog/category.yaml');
      expect(fileInputs(after[root].targets['spec-lint'])).toContain('{workspaceRoot}/libs/catalog/category.yaml');
    }
    expect(after['apps/shop-api'].targets['generate'].metadata?.description).toContain('3 spec files');
    expect(await dependenciesOf(ws, after)).toContainEqual({ source: 'shop-api', target: 'catalog', type: 'implicit' });
  });

  it('does not throw on a broken spec: targets are still inferred and their descriptions name the problem', async () => {
    const ws = workspace({ ...shopFiles(), 'libs/shared/pet.yaml': PET_SCHEMA_WITH_CATEGORY.replace('./category.yaml', './missing.yaml') });
    const projects = await inferProjects(ws);
    const api = projects['apps/shop-api'];
    expect(Object.keys(api.targets)).toEqual(['spec-lint', 'generate', 'serve', 'conformance', 'api-diff']);
    expect(fileInputs(api.targets['generate'])).toContain('{projectRoot}/openapi.yaml');
    expect(api.targets['generate'].metadata?.description).toContain('missing.yaml');
    expect(api.targets['spec-lint'].metadata?.description).toContain('missing.yaml');
    await expect(dependenciesOf(ws, projects)).resolves.toEqual(expect.any(Array));
  });

  it('does not throw on a spec that is not even valid YAML', async () => {
    const ws = workspace({ ...shopFiles(), 'apps/shop-api/openapi.yaml': 'openapi: 3.1.0\npaths: {\n  /a: [\n' });
    const projects = await inferProjects(ws);
    expect(projects['apps/shop-api'].targets['generate'].metadata?.description).toMatch(/could not be read/);
  });

  it('picks the closure up once a broken spec is fixed', async () => {
    const ws = workspace({ ...shopFiles(), 'libs/shared/pet.yaml': PET_SCHEMA_WITH_CATEGORY });
    const broken = await inferProjects(ws);
    expect(broken['apps/shop-api'].targets['generate'].metadata?.description).toContain('category.yaml');
    ws.write('libs/shared/category.yaml', CATEGORY_SCHEMA);
    updateFilesInContext(ws.root, ['libs/shared/category.yaml'], []);
    const fixed = await inferProjects(ws);
    expect(fileInputs(fixed['apps/shop-api'].targets['generate'])).toContain('{workspaceRoot}/libs/shared/category.yaml');
    expect(fixed['apps/shop-api'].targets['generate'].metadata?.description).not.toMatch(/could not be read/);
  });

  it('makes no project of a spec folder without project.json or package.json', async () => {
    const ws = workspace({ ...shopFiles(), 'specs/payments/openapi.yaml': SHOP_API_SPEC });
    const projects = await inferProjects(ws);
    expect(Object.keys(projects).sort()).toEqual(['apps/shop-api', 'libs/shop-client']);
  });

  it('makes one project, configured by specwright.json, of a folder holding both', async () => {
    const ws = workspace({ ...shopFiles(), 'apps/shop-api/specwright.json': { outDir: 'src/api' } });
    const projects = await inferProjects(ws);
    expect(projects['apps/shop-api'].targets['generate'].outputs).toEqual(['{projectRoot}/src/api', '{projectRoot}/specwright.lock']);
    expect(fileInputs(projects['apps/shop-api'].targets['generate'])).toContain('{projectRoot}/specwright.json');
  });

  it('reports an unparsable specwright.json instead of silently dropping its settings', async () => {
    const ws = workspace({ ...shopFiles(), 'libs/shop-client/specwright.json': '{ "spec": "../../apps/shop-api/openapi.yaml", emit: ["types"] }\n' });
    // Like a broken project.json: guessing defaults would infer the wrong targets (serve for a client library).
    await expect(inferProjects(ws)).rejects.toThrow(/libs\/shop-client\/specwright\.json: Invalid JSON/);
  });

  it('applies the plugin options from nx.json', async () => {
    const ws = workspace(shopFiles());
    const projects = await inferProjects(ws, { outDir: 'gen', lintBeforeGenerate: false, generateTargetName: 'codegen', port: 4000 });
    const api = projects['apps/shop-api'];
    expect(api.targets['codegen'].outputs).toEqual(['{projectRoot}/gen', '{projectRoot}/specwright.lock']);
    expect(api.targets['codegen'].dependsOn).toEqual([]);
    expect(api.targets['serve'].options).toMatchObject({ port: 4000, outDir: 'apps/shop-api/gen' });
  });

  it('adds an implicit edge (a $ref is no code import) to every project owning a file of the closure', async () => {
    const ws = workspace(shopFiles());
    const projects = await inferProjects(ws);
    expect(await dependenciesOf(ws, projects)).toEqual([
      { source: 'shop-api', target: 'shared', type: 'implicit' },
      { source: 'shop-client', target: 'shared', type: 'implicit' },
      { source: 'shop-client', target: 'shop-api', type: 'implicit' },
    ]);
  });

  it('finds the edges in a new process that only has the cache on disk', async () => {
    const ws = workspace(shopFiles());
    const projects = await inferProjects(ws);
    resetWorkspaceContext();
    expect(await dependenciesOf(ws, projects)).toHaveLength(3);
  });

  it('adds no edge for a spec that only references files of its own project', async () => {
    const ws = workspace({
      ...nxWorkspaceFiles(),
      'apps/solo/project.json': { name: 'solo' },
      'apps/solo/openapi.yaml': SHOP_API_SPEC.replace('../../libs/shared/pet.yaml', './schemas/pet.yaml'),
      'apps/solo/schemas/pet.yaml': PET_SCHEMA,
    });
    const projects = await inferProjects(ws);
    expect(fileInputs(projects['apps/solo'].targets['generate'])).toEqual(['{projectRoot}/openapi.yaml', '{projectRoot}/schemas/pet.yaml', '{projectRoot}/src/handlers/**/*', '{projectRoot}/src/context.ts', '{projectRoot}/specwright.lock/**/*']);
    expect(await dependenciesOf(ws, projects)).toEqual([]);
  });

  it('handles a workspace-root project with a JSON spec', async () => {
    const ws = workspace({
      'nx.json': {},
      'package.json': { name: 'root-api', private: true },
      'openapi.json': JSON.stringify({ openapi: '3.1.0', info: { title: 'r', version: '1' }, paths: {} }),
    });
    const projects = await inferProjects(ws);
    expect(fileInputs(projects['.'].targets['generate'])).toEqual(['{projectRoot}/openapi.json', '{projectRoot}/src/handlers/**/*', '{projectRoot}/src/context.ts', '{projectRoot}/specwright.lock/**/*']);
  });

  it('keeps a $ref that leaves the workspace out of the inputs and explains why', async () => {
    const ws = workspace({
      ...shopFiles(),
      'apps/shop-api/openapi.yaml': SHOP_API_SPEC.replace('../../libs/shared/pet.yaml', '../../../outside/pet.yaml'),
    });
    const projects = await inferProjects(ws);
    const generate = projects['apps/shop-api'].targets['generate'];
    expect(fileInputs(generate).some((i) => i.includes('outside'))).toBe(false);
    expect(generate.metadata?.description).toMatch(/leaves the workspace/);
  });
});

describe('closure files whose names Nx would read as globs, or which Nx does not index', () => {
  const workspace = useTempWorkspaces();

  /** A spec split the way `redocly split` lays it out: one file per path, named after the path. */
  function splitFiles(): Files {
    return {
      ...nxWorkspaceFiles(),
      'apps/split-api/project.json': { name: 'split-api' },
      'apps/split-api/openapi.yaml': dedent(`
        openapi: 3.1.0
        info: { title: Split, version: 1.0.0 }
        paths:
          /pets/{petId}:
            $ref: 'paths/pets_{petId}.yaml'
      `),
      'apps/split-api/paths/pets_{petId}.yaml': dedent(`
        get:
          operationId: getPet
          parameters:
            - { name: petId, in: path, required: true, schema: { type: integer } }
          responses:
            '200':
              description: The pet.
              content:
                application/json:
                  schema: { type: object }
      `),
    };
  }

  it('declares file inputs that match the referenced files under Nx glob semantics (paths/pets_{petId}.yaml)', async () => {
    const ws = workspace(splitFiles());
    const projects = await inferProjects(ws);
    const inputs = fileInputs(projects['apps/split-api'].targets['generate']).filter((i) => !i.includes('**') && !i.endsWith('/context.ts'));
    expect(inputs).toHaveLength(2);
    for (const input of inputs) {
      const pattern = input.replace('{projectRoot}', 'apps/split-api').replace('{workspaceRoot}/', '');
      // The same native matcher Nx hashes file-set inputs with.
      expect({ input, matches: await globWithWorkspaceContext(ws.root, [pattern]) }).toEqual({ input, matches: [expect.any(String)] });
    }
  });

  it('notices an edit to a referenced file named with braces (a new $ref appears in the inputs)', async () => {
    const ws = workspace(splitFiles());
    await inferProjects(ws);
    const edited = ws.read('apps/split-api/paths/pets_{petId}.yaml').replace('schema: { type: object }', "schema: { $ref: '../schemas/pet.yaml' }");
    ws.write('apps/split-api/paths/pets_{petId}.yaml', edited);
    ws.write('apps/split-api/schemas/pet.yaml', PET_SCHEMA);
    updateFilesInContext(ws.root, ['apps/split-api/paths/pets_{petId}.yaml', 'apps/split-api/schemas/pet.yaml'], []);
    const projects = await inferProjects(ws);
    expect(fileInputs(projects['apps/split-api'].targets['generate'])).toContain('{projectRoot}/schemas/pet.yaml');
  });

  it('notices an edit to a referenced file in a gitignored folder (a new $ref appears in the inputs)', async () => {
    const ws = workspace({
      ...shopFiles(),
      '.gitignore': 'vendor/\n',
      'apps/shop-api/openapi.yaml': SHOP_API_SPEC.replace('../../libs/shared/pet.yaml', '../../vendor/acme/pet.yaml'),
      'vendor/acme/pet.yaml': PET_SCHEMA,
    });
    const before = await inferProjects(ws);
    expect(fileInputs(before['apps/shop-api'].targets['generate'])).toContain('{workspaceRoot}/vendor/acme/pet.yaml');
    ws.write('vendor/acme/pet.yaml', PET_SCHEMA_WITH_CATEGORY);
    ws.write('vendor/acme/category.yaml', CATEGORY_SCHEMA);
    resetWorkspaceContext(); // a new nx process
    const after = await inferProjects(ws);
    expect(fileInputs(after['apps/shop-api'].targets['generate'])).toContain('{workspaceRoot}/vendor/acme/category.yaml');
  });
});

describe('toolInputs', () => {
  const workspace = useTempWorkspaces();

  it('uses externalDependencies on the Specwright packages in a user workspace', () => {
    const ws = workspace({ 'package.json': { name: 'x' } });
    expect(toolInputs(ws.root)).toEqual([{ externalDependencies: ['@specwright/core', '@specwright/nx'] }]);
  });

  it('uses the packages as projects in the workspace that develops them', () => {
    expect(toolInputs(REPO_ROOT)).toEqual([{ input: 'default', projects: ['@specwright/core', '@specwright/nx'] }]);
  });
});

describe('conformanceToolInputs', () => {
  const workspace = useTempWorkspaces();
  const installed = (...names: string[]): Files =>
    Object.fromEntries(names.map((name) => [`node_modules/${name}/package.json`, { name, version: '1.0.0' }]));

  it('adds the runtime, the engine and Jest as externalDependencies in a user workspace that has them', () => {
    const ws = workspace({ 'package.json': { name: 'x' }, ...installed('@specwright/runtime', '@specwright/conformance', 'jest') });
    expect(conformanceToolInputs(ws.root)).toEqual([
      { externalDependencies: ['@specwright/core', '@specwright/nx', '@specwright/runtime', '@specwright/conformance', 'jest'] },
    ]);
  });

  it('leaves out what is not installed (Nx fails to hash a missing external dependency; the executor says how to install it)', () => {
    const ws = workspace({ 'package.json': { name: 'x' }, ...installed('@specwright/runtime') });
    expect(conformanceToolInputs(ws.root)).toEqual([{ externalDependencies: ['@specwright/core', '@specwright/nx', '@specwright/runtime'] }]);
  });

  it('uses the Specwright packages as projects, and Jest as an external dependency, in the workspace that develops them', () => {
    expect(conformanceToolInputs(REPO_ROOT)).toEqual([
      { input: 'default', projects: ['@specwright/core', '@specwright/nx', '@specwright/runtime', '@specwright/conformance'] },
      { externalDependencies: ['jest'] },
    ]);
  });
});

describe('the conformance target on a real workspace', () => {
  const workspace = useTempWorkspaces();

  it('writes reports/conformance/<project>.xml: Nx resolves {projectName} in the junit option and {options.junit} in outputs', async () => {
    const ws = workspace(shopFiles());
    const target = (await inferProjects(ws))['apps/shop-api'].targets['conformance'];
    // What Nx does to every target's options while it builds the project graph.
    const options = resolveNxTokensInOptions(target.options, { name: 'shop-api', root: 'apps/shop-api' }, 'shop-api:conformance');
    expect(options).toEqual({ outDir: 'apps/shop-api/src/generated', junit: 'reports/conformance/shop-api.xml' });
    const node = { name: 'shop-api', type: 'app' as const, data: { root: 'apps/shop-api', targets: { conformance: { ...target, options } } } };
    const task = { project: 'shop-api', target: 'conformance' };
    expect(getOutputsForTargetAndConfiguration(task, {}, node)).toEqual(['reports/conformance/shop-api.xml']);
    // A --junit override moves the output with it.
    expect(getOutputsForTargetAndConfiguration(task, { junit: 'ci/junit/shop.xml' }, node)).toEqual(['ci/junit/shop.xml']);
  });

  it('takes its settings from specwright.json, and turns off with "conformance": false', async () => {
    const ws = workspace({
      ...shopFiles(),
      'apps/shop-api/specwright.json': { conformance: { cases: 10, checks: { ignored_auth: false }, operations: { listPets: { checks: { use_after_free: false } } } } },
    });
    const projects = await inferProjects(ws, { conformance: { seed: 1 } });
    expect(projects['apps/shop-api'].targets['conformance'].options).toEqual({
      outDir: 'apps/shop-api/src/generated',
      junit: 'reports/conformance/{projectName}.xml',
      seed: 1,
      cases: 10,
      checks: { ignored_auth: false },
      operations: { listPets: { checks: { use_after_free: false } } },
    });
    expect(fileInputs(projects['apps/shop-api'].targets['conformance'])).toContain('{projectRoot}/specwright.json');

    ws.write('apps/shop-api/specwright.json', { conformance: false });
    expect((await inferProjects(ws))['apps/shop-api'].targets['conformance']).toBeUndefined();
  });

  it('fails graph construction on a malformed conformance setting, naming specwright.json and the key', async () => {
    const ws = workspace({ ...shopFiles(), 'apps/shop-api/specwright.json': { conformance: { cases: 'many' } } });
    await expect(inferProjects(ws)).rejects.toThrow(/apps\/shop-api\/specwright\.json#\/conformance\/cases: "cases" must be a positive integer/);
  });
});

describe('the generation lock on a real workspace', () => {
  const workspace = useTempWorkspaces();
  const LOCK_FILES = { 'index.json': '{}\n', 'getPet.ts': 'export default async () => ({ status: 200, body: {} });\n' };
  const lockAt = (dir: string): Files => Object.fromEntries(Object.entries(LOCK_FILES).map(([name, text]) => [`${dir}/${name}`, text]));

  /** The files of the workspace an input of generate matches, as Nx expands it. */
  async function matched(ws: TempWorkspace, input: string, projectRoot: string): Promise<string[]> {
    const pattern = input.replace('{projectRoot}', projectRoot).replace('{workspaceRoot}/', '');
    return (await globWithWorkspaceContext(ws.root, [pattern])).sort();
  }

  it('is an input Nx expands to the pinned files, and an output Nx restores, beside the spec', async () => {
    const ws = workspace({ ...shopFiles(), ...lockAt('apps/shop-api/specwright.lock') });
    const generate = (await inferProjects(ws))['apps/shop-api'].targets['generate'];
    const lockInput = fileInputs(generate).find((input) => input.includes('specwright.lock'))!;
    expect(await matched(ws, lockInput, 'apps/shop-api')).toEqual(['apps/shop-api/specwright.lock/getPet.ts', 'apps/shop-api/specwright.lock/index.json']);
    const node = { name: 'shop-api', type: 'app' as const, data: { root: 'apps/shop-api', targets: { generate } } };
    expect(getOutputsForTargetAndConfiguration({ project: 'shop-api', target: 'generate' }, {}, node)).toEqual([
      'apps/shop-api/src/generated',
      'apps/shop-api/specwright.lock',
    ]);
  });

  it('follows a spec used in place outside the project', async () => {
    const ws = workspace({
      ...nxWorkspaceFiles(),
      'apps/orders/project.json': { name: 'orders' },
      'apps/orders/specwright.json': { spec: '../../specs/orders.yaml' },
      'specs/orders.yaml': SHOP_API_SPEC.replace('../../libs/shared/pet.yaml', './pet.yaml'),
      'specs/pet.yaml': PET_SCHEMA,
      // A spec not named openapi.*: its lock is named after it, so specs sharing a folder never share a lock.
      ...lockAt('specs/orders.specwright.lock'),
    });
    const generate = (await inferProjects(ws))['apps/orders'].targets['generate'];
    const lockInput = fileInputs(generate).find((input) => input.includes('specwright.lock'))!;
    expect(lockInput).toBe('{workspaceRoot}/specs/orders.specwright.lock/**/*');
    expect(await matched(ws, lockInput, 'apps/orders')).toEqual(['specs/orders.specwright.lock/getPet.ts', 'specs/orders.specwright.lock/index.json']);
    const node = { name: 'orders', type: 'app' as const, data: { root: 'apps/orders', targets: { generate } } };
    expect(getOutputsForTargetAndConfiguration({ project: 'orders', target: 'generate' }, {}, node)).toEqual(['apps/orders/src/generated', 'specs/orders.specwright.lock']);
    expect(generate.options).toMatchObject({ lockDir: 'specs/orders.specwright.lock' });
  });

  it('carries provider and model from nx.json to the options of generate, overridable per project', async () => {
    const ws = workspace({ ...shopFiles(), 'apps/shop-api/specwright.json': { maxAttempts: 1, allowImports: ['zod'] } });
    const projects = await inferProjects(ws, { provider: 'anthropic', model: 'claude-sonnet-5-5', concurrency: 2 });
    expect(projects['apps/shop-api'].targets['generate'].options).toEqual({
      spec: 'apps/shop-api/openapi.yaml',
      outDir: 'apps/shop-api/src/generated',
      handlersDir: 'apps/shop-api/src/handlers',
      emit: ['types', 'client', 'server'],
      allowRemoteRefs: false,
      provider: 'anthropic',
      model: 'claude-sonnet-5-5',
      concurrency: 2,
      maxAttempts: 1,
      allowImports: ['zod'],
      lockDir: 'apps/shop-api/specwright.lock',
    });
    // The client library binds no handlers: no provider settings, no lock.
    expect(projects['libs/shop-client'].targets['generate'].options).not.toHaveProperty('model');
  });
});

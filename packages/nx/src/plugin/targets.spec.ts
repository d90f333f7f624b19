import type { TargetConfiguration } from '@nx/devkit';
import { buildTargets, type ToolInputs } from './targets';
import { normalizeOptions, type SpecwrightPluginOptions } from './options';
import { readSpecProject, type SpecProject } from './project-config';
import type { SpecClosure } from './closure-cache';
import { useTempWorkspaces } from '../__fixtures__/workspace';
import { GRAPH_PROVIDER_IDS } from './generation-settings';
import { spectralInputs } from './spectral-inputs';

const TOOLS: ToolInputs = [{ externalDependencies: ['@specwright/core', '@specwright/nx'] }];

function project(root: string, overrides: Partial<SpecProject> = {}): SpecProject {
  const specFile = root === '.' ? 'openapi.yaml' : `${root}/openapi.yaml`;
  return { root, specFile, configFile: specFile, config: {}, ...overrides };
}

function targetsFor(p: SpecProject, files: string[], options: SpecwrightPluginOptions = {}, error?: string): Record<string, TargetConfiguration> {
  const closure: SpecClosure = error ? { files, error } : { files };
  return buildTargets(p, closure, normalizeOptions(options), TOOLS);
}

/** The string inputs of a target (file sets), without the tool inputs and Spectral's places (tested on their own). */
function fileInputs(target: TargetConfiguration): string[] {
  const spectral = new Set(spectralInputs('elsewhere'));
  return (target.inputs ?? []).filter((i): i is string => typeof i === 'string' && !spectral.has(i));
}

/** Every string anywhere in a value. */
function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}

describe('normalizeOptions', () => {
  it('fills every default the README documents', () => {
    expect(normalizeOptions(undefined)).toEqual({
      lintTargetName: 'spec-lint',
      generateTargetName: 'generate',
      serveTargetName: 'serve',
      conformanceTargetName: 'conformance',
      apiDiffTargetName: 'api-diff',
      outDir: 'src/generated',
      handlersDir: 'src/handlers',
      ruleset: 'minimal',
      lintConfig: undefined,
      allowRemoteRefs: false,
      emit: ['types', 'client', 'server'],
      lintBeforeGenerate: true,
      port: 3000,
      conformance: {},
      provider: 'offline',
      model: undefined,
      concurrency: 4,
      maxAttempts: 3,
      allowImports: [],
      lockDir: undefined,
    });
  });

  it('keeps what the user set, including false and 0', () => {
    const options = normalizeOptions({ lintBeforeGenerate: false, port: 0, emit: ['types'], outDir: 'gen' });
    expect(options).toMatchObject({ lintBeforeGenerate: false, port: 0, emit: ['types'], outDir: 'gen' });
  });
});

describe('buildTargets', () => {
  const files = ['apps/shop-api/schemas/pet.yaml', 'libs/shared/error.yaml', 'apps/shop-api/openapi.yaml', 'libs/shared/a-first.yaml'];

  it('names closure files inside the project with {projectRoot} and outside with {workspaceRoot}', () => {
    const targets = targetsFor(project('apps/shop-api'), files);
    expect(fileInputs(targets['generate'])).toEqual(
      expect.arrayContaining([
        '{projectRoot}/openapi.yaml',
        '{projectRoot}/schemas/pet.yaml',
        '{workspaceRoot}/libs/shared/a-first.yaml',
        '{workspaceRoot}/libs/shared/error.yaml',
      ]),
    );
    expect(fileInputs(targets['spec-lint'])).toEqual([
      '{projectRoot}/openapi.yaml',
      '{projectRoot}/schemas/pet.yaml',
      '{workspaceRoot}/libs/shared/a-first.yaml',
      '{workspaceRoot}/libs/shared/error.yaml',
    ]);
  });

  it('does not mistake a sibling folder sharing the root as a prefix for the project', () => {
    const targets = targetsFor(project('apps/shop'), ['apps/shop/openapi.yaml', 'apps/shop-api/openapi.yaml']);
    // Sorted by workspace path: 'apps/shop-api/…' < 'apps/shop/…'.
    expect(fileInputs(targets['spec-lint'])).toEqual(['{workspaceRoot}/apps/shop-api/openapi.yaml', '{projectRoot}/openapi.yaml']);
  });

  it('lists the spec inputs in sorted order whatever order the closure came in, with no absolute path anywhere', () => {
    const a = targetsFor(project('apps/shop-api'), files);
    const b = targetsFor(project('apps/shop-api'), [...files].reverse());
    expect(b).toEqual(a);
    const specInputs = fileInputs(a['spec-lint']);
    const asWorkspacePaths = specInputs.map((i) => i.replace('{projectRoot}', 'apps/shop-api').replace('{workspaceRoot}/', ''));
    expect(asWorkspacePaths).toEqual([...asWorkspacePaths].sort());
    for (const value of allStrings(a)) {
      expect(value).not.toMatch(/^\/|^[A-Za-z]:[\\/]|\.\.\//);
    }
  });

  it('adds the specwright.json that chose the spec as an input', () => {
    const client = project('libs/shop-client', {
      specFile: 'apps/shop-api/openapi.yaml',
      configFile: 'libs/shop-client/specwright.json',
      config: { spec: '../../apps/shop-api/openapi.yaml', emit: ['types', 'client'] },
    });
    const targets = targetsFor(client, ['apps/shop-api/openapi.yaml', 'libs/shared/pet.yaml']);
    expect(fileInputs(targets['generate'])).toEqual(
      expect.arrayContaining(['{workspaceRoot}/apps/shop-api/openapi.yaml', '{workspaceRoot}/libs/shared/pet.yaml', '{projectRoot}/specwright.json']),
    );
    expect(targets['generate'].options).toMatchObject({ spec: 'apps/shop-api/openapi.yaml', emit: ['types', 'client'] });
  });

  it('declares {projectRoot}/src/generated and the lock as the outputs of generate, and the hand-owned handlers, the lock and the tools as inputs', () => {
    const generate = targetsFor(project('apps/shop-api'), ['apps/shop-api/openapi.yaml'])['generate'];
    expect(generate.outputs).toEqual(['{projectRoot}/src/generated', '{projectRoot}/specwright.lock']);
    expect(generate.cache).toBe(true);
    expect(generate.inputs).toEqual(expect.arrayContaining(['{projectRoot}/src/handlers/**/*', '{projectRoot}/specwright.lock/**/*', ...TOOLS]));
    expect(generate.options).toEqual({
      spec: 'apps/shop-api/openapi.yaml',
      outDir: 'apps/shop-api/src/generated',
      handlersDir: 'apps/shop-api/src/handlers',
      emit: ['types', 'client', 'server'],
      allowRemoteRefs: false,
      provider: 'offline',
      concurrency: 4,
      maxAttempts: 3,
      allowImports: [],
      lockDir: 'apps/shop-api/specwright.lock',
    });
  });

  it('uses the configured outDir for outputs and options', () => {
    const generate = targetsFor(project('apps/shop-api'), ['apps/shop-api/openapi.yaml'], { outDir: 'src/api' })['generate'];
    expect(generate.outputs).toEqual(['{projectRoot}/src/api', '{projectRoot}/specwright.lock']);
    expect(generate.options).toMatchObject({ outDir: 'apps/shop-api/src/api' });
  });

  it('works for a project at the workspace root', () => {
    const targets = targetsFor(project('.'), ['openapi.yaml', 'schemas/pet.yaml']);
    expect(fileInputs(targets['spec-lint'])).toEqual(['{projectRoot}/openapi.yaml', '{projectRoot}/schemas/pet.yaml']);
    expect(targets['generate'].outputs).toEqual(['{projectRoot}/src/generated', '{projectRoot}/specwright.lock']);
    expect(fileInputs(targets['generate'])).toContain('{projectRoot}/specwright.lock/**/*');
    expect(targets['generate'].options).toMatchObject({ outDir: 'src/generated', handlersDir: 'src/handlers', lockDir: 'specwright.lock' });
  });

  it('hashes every place spec-lint looks for a Spectral ruleset (and its functions/), whether or not one exists', () => {
    const spectral = ['{projectRoot}/.spectral.{yaml,yml,json}', '{projectRoot}/functions/**/*', '{workspaceRoot}/.spectral.{yaml,yml,json}', '{workspaceRoot}/functions/**/*'];
    const targets = targetsFor(project('apps/shop-api'), ['apps/shop-api/openapi.yaml']);
    expect(targets['spec-lint'].inputs).toEqual(['{projectRoot}/openapi.yaml', ...spectral, ...TOOLS]);
    expect(targets['spec-lint'].options).not.toHaveProperty('spectral');
    expect(targets['spec-lint'].metadata?.description).toContain('with Spectral when the project or the workspace root has a .spectral.yaml');
    // No other target reads a ruleset.
    expect(allStrings(targets['generate'].inputs)).not.toEqual(expect.arrayContaining([expect.stringContaining('spectral')]));
    // A project at the workspace root: one place, named once.
    expect(targetsFor(project('.'), ['openapi.yaml'])['spec-lint'].inputs).toEqual([
      '{projectRoot}/openapi.yaml',
      '{workspaceRoot}/.spectral.{yaml,yml,json}',
      '{workspaceRoot}/functions/**/*',
      ...TOOLS,
    ]);
  });

  it('makes generate depend on spec-lint unless lintBeforeGenerate is false', () => {
    expect(targetsFor(project('api'), ['api/openapi.yaml'])['generate'].dependsOn).toEqual(['spec-lint']);
    expect(targetsFor(project('api'), ['api/openapi.yaml'], { lintBeforeGenerate: false })['generate'].dependsOn).toEqual([]);
    const perProject = project('api', { configFile: 'api/specwright.json', config: { lintBeforeGenerate: false } });
    expect(targetsFor(perProject, ['api/openapi.yaml'])['generate'].dependsOn).toEqual([]);
  });

  it('honours custom target names in dependsOn', () => {
    const targets = targetsFor(project('api'), ['api/openapi.yaml'], {
      lintTargetName: 'openapi-lint',
      generateTargetName: 'codegen',
      serveTargetName: 'start',
      conformanceTargetName: 'contract-test',
    });
    expect(Object.keys(targets).sort()).toEqual(['codegen', 'contract-test', 'openapi-lint', 'start']);
    expect(targets['codegen'].dependsOn).toEqual(['openapi-lint']);
    expect(targets['start'].dependsOn).toEqual(['codegen']);
    expect(targets['contract-test'].dependsOn).toEqual(['codegen']);
  });

  it('infers serve, continuous, only when the project emits a server', () => {
    const full = targetsFor(project('api'), ['api/openapi.yaml']);
    expect(full['serve']).toMatchObject({
      executor: '@specwright/nx:serve',
      continuous: true,
      dependsOn: ['generate'],
      options: { outDir: 'api/src/generated', port: 3000, host: '127.0.0.1' },
    });
    expect(full['serve'].cache).toBeFalsy();
    expect(targetsFor(project('api'), ['api/openapi.yaml'], { emit: ['types', 'client'] })['serve']).toBeUndefined();
    const clientOnly = project('api', { configFile: 'api/specwright.json', config: { emit: ['client'] } });
    expect(Object.keys(targetsFor(clientOnly, ['api/openapi.yaml']))).toEqual(['spec-lint', 'generate']);
  });

  it('gives every target a description that nx show project can display', () => {
    const targets = targetsFor(project('api'), ['api/openapi.yaml', 'libs/shared/pet.yaml']);
    for (const [name, target] of Object.entries(targets)) {
      expect({ name, description: target.metadata?.description }).toEqual({ name, description: expect.stringMatching(/\S{3,}/) });
    }
    expect(targets['spec-lint'].metadata?.description).toContain('2 spec files');
    expect(targets['spec-lint'].metadata?.description).toContain('minimal');
  });

  it('lets specwright.json override the plugin options: outDir, emit, ruleset, port', () => {
    const p = project('api', {
      configFile: 'api/specwright.json',
      config: { outDir: 'lib/gen', emit: ['types'], ruleset: 'recommended', port: 4100 },
    });
    const targets = targetsFor(p, ['api/openapi.yaml'], { outDir: 'src/other', emit: ['types', 'client', 'server'], ruleset: 'spec', port: 3001 });
    expect(targets['generate'].outputs).toEqual(['{projectRoot}/lib/gen']);
    expect(targets['generate'].options).toMatchObject({ outDir: 'api/lib/gen', emit: ['types'] });
    expect(targets['spec-lint'].options).toMatchObject({ ruleset: 'recommended' });
    expect(targets['serve']).toBeUndefined();
  });

  it('makes the lint config an input of spec-lint and passes it on', () => {
    const targets = targetsFor(project('api'), ['api/openapi.yaml'], { lintConfig: 'redocly.yaml' });
    expect(fileInputs(targets['spec-lint'])).toContain('{workspaceRoot}/redocly.yaml');
    expect(targets['spec-lint'].options).toMatchObject({ lintConfig: 'redocly.yaml' });
    expect(targets['spec-lint'].metadata?.description).toContain('redocly.yaml');

    const perProject = project('api', { configFile: 'api/specwright.json', config: { lintConfig: 'api/redocly.yaml' } });
    expect(fileInputs(targetsFor(perProject, ['api/openapi.yaml'])['spec-lint'])).toContain('{workspaceRoot}/api/redocly.yaml');
  });

  it('still infers every target when the closure could not be computed, and says why in the descriptions', () => {
    const targets = targetsFor(project('api'), ['api/openapi.yaml'], {}, 'api/openapi.yaml:9:15: $ref points to a missing file: ./pet.yaml [REF_UNRESOLVED]\n  fix: …');
    expect(Object.keys(targets)).toEqual(['spec-lint', 'generate', 'serve', 'conformance']);
    expect(fileInputs(targets['generate'])).toContain('{projectRoot}/openapi.yaml');
    expect(targets['generate'].metadata?.description).toContain('missing file: ./pet.yaml');
    expect(targets['generate'].metadata?.description).not.toContain('fix:');
  });
});

describe('the conformance target', () => {
  const CONFORMANCE_TOOLS: ToolInputs = [
    { externalDependencies: ['@specwright/core', '@specwright/nx', '@specwright/runtime', '@specwright/conformance', 'jest'] },
  ];
  const conformanceOf = (p: SpecProject, options: SpecwrightPluginOptions = {}, files = [`${p.root}/openapi.yaml`, 'libs/shared/pet.yaml']): TargetConfiguration =>
    buildTargets(p, { files }, normalizeOptions(options), TOOLS, CONFORMANCE_TOOLS)[normalizeOptions(options).conformanceTargetName];

  it('runs the executor after generate, cached', () => {
    const target = conformanceOf(project('apps/shop-api'));
    expect(target).toMatchObject({ executor: '@specwright/nx:conformance', cache: true, dependsOn: ['generate'] });
    expect(target.continuous).toBeUndefined();
  });

  it("takes every file of the project and its dependencies (what handlers import), the spec closure, generate's output files, and the conformance tools as inputs", () => {
    const target = conformanceOf(project('apps/shop-api'));
    expect(target.inputs).toEqual([
      'default',
      '^default',
      '{projectRoot}/openapi.yaml',
      '{workspaceRoot}/libs/shared/pet.yaml',
      { dependentTasksOutputFiles: '**/*' },
      ...CONFORMANCE_TOOLS,
    ]);
  });

  it('uses the generate tool inputs for conformance too when given only those', () => {
    const targets = targetsFor(project('api'), ['api/openapi.yaml']);
    expect(targets['conformance'].inputs).toEqual(expect.arrayContaining(TOOLS));
  });

  it('writes JUnit XML to reports/conformance/<project>.xml: a workspace-relative junit option that is also the output', () => {
    const target = conformanceOf(project('apps/shop-api'));
    expect(target.options).toEqual({ outDir: 'apps/shop-api/src/generated', junit: 'reports/conformance/{projectName}.xml' });
    expect(target.outputs).toEqual(['{options.junit}']);
  });

  it('follows a configured outDir and generate target name', () => {
    const target = conformanceOf(project('apps/shop-api'), { outDir: 'gen', generateTargetName: 'codegen' });
    expect(target.options).toMatchObject({ outDir: 'apps/shop-api/gen' });
    expect(target.dependsOn).toEqual(['codegen']);
  });

  it('works for a project at the workspace root', () => {
    const target = conformanceOf(project('.'), {}, ['openapi.yaml']);
    expect(target.options).toEqual({ outDir: 'src/generated', junit: 'reports/conformance/{projectName}.xml' });
    expect(fileInputs(target)).toEqual(['default', '^default', '{projectRoot}/openapi.yaml']);
  });

  it('is inferred only for projects that emit a server, like serve', () => {
    expect(targetsFor(project('api'), ['api/openapi.yaml'], { emit: ['types', 'client'] })['conformance']).toBeUndefined();
    const client = project('libs/client', { config: { emit: ['types', 'client'] } });
    expect(targetsFor(client, ['libs/client/openapi.yaml'])['conformance']).toBeUndefined();
  });

  it('can be renamed, or turned off in nx.json or per project', () => {
    expect(Object.keys(targetsFor(project('api'), ['api/openapi.yaml'], { conformanceTargetName: 'contract' }))).toContain('contract');
    expect(targetsFor(project('api'), ['api/openapi.yaml'], { conformance: false })['conformance']).toBeUndefined();
    expect(targetsFor(project('api', { config: { conformance: false } }), ['api/openapi.yaml'])['conformance']).toBeUndefined();
    // A project turns it back on where the plugin turned it off.
    const back = targetsFor(project('api', { config: { conformance: { cases: 5 } } }), ['api/openapi.yaml'], { conformance: false })['conformance'];
    expect(back?.options).toMatchObject({ cases: 5 });
  });

  it('puts the plugin-level settings into the options', () => {
    const target = conformanceOf(project('api'), { conformance: { seed: 7, cases: 10, phases: ['examples', 'coverage'], checks: { ignored_auth: false } } });
    expect(target.options).toEqual({
      outDir: 'api/src/generated',
      junit: 'reports/conformance/{projectName}.xml',
      seed: 7,
      cases: 10,
      phases: ['examples', 'coverage'],
      checks: { ignored_auth: false },
    });
  });

  it("merges specwright.json's settings over the plugin's: checks and operations key by key, the rest replaced", () => {
    const plugin: SpecwrightPluginOptions = {
      conformance: {
        cases: 10,
        phases: ['examples'],
        checks: { ignored_auth: false, use_after_free: false },
        operations: { getPet: { checks: { not_a_server_error: false } }, listPets: { skip: true } },
      },
    };
    const p = project('api', {
      config: {
        conformance: {
          cases: 3,
          checks: { use_after_free: true },
          operations: { getPet: { checks: { response_schema_conformance: false } }, createPet: { skip: true } },
        },
      },
    });
    expect(conformanceOf(p, plugin).options).toEqual({
      outDir: 'api/src/generated',
      junit: 'reports/conformance/{projectName}.xml',
      cases: 3,
      phases: ['examples'],
      checks: { ignored_auth: false, use_after_free: true },
      operations: {
        getPet: { checks: { not_a_server_error: false, response_schema_conformance: false } },
        listPets: { skip: true },
        createPet: { skip: true },
      },
    });
  });

  it('says in its description what it runs and which settings differ from the defaults', () => {
    const plain = conformanceOf(project('api'));
    expect(plain.metadata?.description).toContain('api/src/generated/conformance.suite.ts');
    expect(plain.metadata?.description).toContain('reports/conformance/');
    const p = project('api', { config: { conformance: { seed: 9, checks: { ignored_auth: false }, operations: { deletePet: { skip: true } } } } });
    const description = conformanceOf(p).metadata?.description ?? '';
    expect(description).toContain('seed 9');
    expect(description).toContain('off: ignored_auth');
    expect(description).toContain('skipped: deletePet');
  });

  it('has no absolute path, and no junit path other than the workspace-relative one', () => {
    for (const value of allStrings(conformanceOf(project('apps/shop-api')))) {
      expect(value).not.toMatch(/^\/|^[A-Za-z]:[\\/]|\.\.\//);
    }
  });
});

describe('conformance settings validation', () => {
  const workspace = useTempWorkspaces();
  const withConfig = (conformance: unknown): string => {
    const ws = workspace({ 'apps/a/project.json': { name: 'a' }, 'apps/a/openapi.yaml': 'openapi: 3.1.0\n', 'apps/a/specwright.json': { conformance } });
    try {
      readSpecProject(ws.root, 'apps/a/specwright.json');
      return 'accepted';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('accepts the documented settings, and false', () => {
    expect(withConfig({ seed: -3, cases: 10, phases: ['examples'], include: ['getPet'], checks: { ignored_auth: false }, operations: { getPet: { skip: true, checks: { use_after_free: false } } } })).toBe('accepted');
    expect(withConfig(false)).toBe('accepted');
  });

  it.each([
    [[], '/conformance', 'must be an object or false'],
    [{ case: 10 }, '/conformance/case', 'Unknown conformance setting "case"'],
    [{ seed: 1.5 }, '/conformance/seed', '"seed" must be an integer'],
    [{ cases: 0 }, '/conformance/cases', '"cases" must be a positive integer'],
    [{ phases: 'examples' }, '/conformance/phases', '"phases" must be an array of strings'],
    [{ checks: { ignored_auth: 'no' } }, '/conformance/checks', 'check switches must map check names to true or false'],
    [{ operations: { getPet: { skipped: true } } }, '/conformance/operations/getPet/skipped', 'Unknown operation setting "skipped"'],
  ])('rejects %j in specwright.json, naming the file and key', (value, pointer, message) => {
    const error = withConfig(value);
    expect(error).toContain(`apps/a/specwright.json#${pointer}`);
    expect(error).toContain(message);
    expect(error).toContain('fix:');
  });

  it('rejects a malformed conformance option in nx.json', () => {
    expect(() => normalizeOptions({ conformance: { cases: -1 } })).toThrow(/nx\.json.*"cases" must be a positive integer/);
  });
});

describe('readSpecProject + buildTargets on disk', () => {
  const workspace = useTempWorkspaces();

  it('takes spec path, outDir, emit and ruleset from a specwright.json', () => {
    const ws = workspace({
      'libs/orders-client/project.json': { name: 'orders-client' },
      'libs/orders-client/specwright.json': { spec: '../../specs/orders/openapi.yaml', outDir: 'src/api', emit: ['types', 'client'], ruleset: 'recommended' },
      'specs/orders/openapi.yaml': 'openapi: 3.1.0\n',
    });
    const p = readSpecProject(ws.root, 'libs/orders-client/specwright.json');
    expect(p).toEqual({
      root: 'libs/orders-client',
      specFile: 'specs/orders/openapi.yaml',
      configFile: 'libs/orders-client/specwright.json',
      config: { spec: '../../specs/orders/openapi.yaml', outDir: 'src/api', emit: ['types', 'client'], ruleset: 'recommended' },
    });
    const targets = buildTargets(p!, { files: ['specs/orders/openapi.yaml'] }, normalizeOptions({}), TOOLS);
    expect(targets['generate'].outputs).toEqual(['{projectRoot}/src/api']);
    expect(targets['generate'].options).toMatchObject({ spec: 'specs/orders/openapi.yaml', outDir: 'libs/orders-client/src/api', emit: ['types', 'client'] });
    expect(targets['spec-lint'].options).toMatchObject({ spec: 'specs/orders/openapi.yaml', ruleset: 'recommended' });
    expect(targets['serve']).toBeUndefined();
    expect(fileInputs(targets['generate'])).toEqual(expect.arrayContaining(['{workspaceRoot}/specs/orders/openapi.yaml', '{projectRoot}/specwright.json']));
  });
});

describe('readSpecProject', () => {
  const workspace = useTempWorkspaces();

  it('does not make a project of a folder with no project.json or package.json', () => {
    const ws = workspace({ 'specs/orders/openapi.yaml': 'openapi: 3.1.0\n', 'specs/orders/specwright.json': {} });
    expect(readSpecProject(ws.root, 'specs/orders/openapi.yaml')).toBeUndefined();
    expect(readSpecProject(ws.root, 'specs/orders/specwright.json')).toBeUndefined();
  });

  it('makes a project of a folder with project.json or with package.json', () => {
    const ws = workspace({
      'apps/a/project.json': { name: 'a' },
      'apps/a/openapi.yaml': 'openapi: 3.1.0\n',
      'apps/b/package.json': { name: 'b' },
      'apps/b/openapi.json': '{"openapi":"3.1.0"}',
    });
    expect(readSpecProject(ws.root, 'apps/a/openapi.yaml')).toEqual({ root: 'apps/a', specFile: 'apps/a/openapi.yaml', configFile: 'apps/a/openapi.yaml', config: {} });
    expect(readSpecProject(ws.root, 'apps/b/openapi.json')).toMatchObject({ root: 'apps/b', specFile: 'apps/b/openapi.json' });
  });

  it('yields no separate project for an openapi.yaml next to a specwright.json; the config decides', () => {
    const ws = workspace({
      'apps/a/project.json': { name: 'a' },
      'apps/a/openapi.yaml': 'openapi: 3.1.0\n',
      'apps/a/specwright.json': { outDir: 'gen' },
    });
    expect(readSpecProject(ws.root, 'apps/a/openapi.yaml')).toBeUndefined();
    expect(readSpecProject(ws.root, 'apps/a/specwright.json')).toEqual({
      root: 'apps/a',
      specFile: 'apps/a/openapi.yaml',
      configFile: 'apps/a/specwright.json',
      config: { outDir: 'gen' },
    });
  });

  it('handles a project at the workspace root', () => {
    const ws = workspace({ 'package.json': { name: 'root' }, 'openapi.yaml': 'openapi: 3.1.0\n' });
    expect(readSpecProject(ws.root, 'openapi.yaml')).toEqual({ root: '.', specFile: 'openapi.yaml', configFile: 'openapi.yaml', config: {} });
  });
});

describe('generation settings: provider, model and the lock', () => {
  const api = (config: SpecProject['config'] = {}, overrides: Partial<SpecProject> = {}): SpecProject =>
    project('apps/shop-api', { configFile: 'apps/shop-api/specwright.json', config, ...overrides });
  const generateOf = (p: SpecProject, options: SpecwrightPluginOptions = {}): TargetConfiguration =>
    buildTargets(p, { files: [p.specFile] }, normalizeOptions(options), TOOLS)['generate'];
  const ANTHROPIC: SpecwrightPluginOptions = { provider: 'anthropic', model: 'claude-sonnet-5-5', concurrency: 8, maxAttempts: 2, allowImports: ['zod'] };

  it('passes the plugin-level provider settings to generate as options, which Nx hashes', () => {
    expect(generateOf(api(), ANTHROPIC).options).toMatchObject({
      provider: 'anthropic',
      model: 'claude-sonnet-5-5',
      concurrency: 8,
      maxAttempts: 2,
      allowImports: ['zod'],
      lockDir: 'apps/shop-api/specwright.lock',
    });
  });

  it("lets specwright.json override the plugin's settings key by key", () => {
    const options = generateOf(api({ model: 'claude-opus-5-5', maxAttempts: 5 }), ANTHROPIC).options;
    expect(options).toMatchObject({ provider: 'anthropic', model: 'claude-opus-5-5', concurrency: 8, maxAttempts: 5, allowImports: ['zod'] });
  });

  it('gives a project whose spec sits in a subfolder its lock beside that spec', () => {
    const generate = generateOf(api({ spec: 'api/openapi.yaml' }, { specFile: 'apps/shop-api/api/openapi.yaml' }));
    expect(generate.outputs).toEqual(['{projectRoot}/src/generated', '{projectRoot}/api/specwright.lock']);
    expect(fileInputs(generate)).toContain('{projectRoot}/api/specwright.lock/**/*');
    expect(generate.options).toMatchObject({ lockDir: 'apps/shop-api/api/specwright.lock' });
  });

  it('names a lock outside the project (beside a spec used in place) from the workspace root', () => {
    const p = project('apps/orders', { specFile: 'specs/orders/openapi.yaml', configFile: 'apps/orders/specwright.json', config: { spec: '../../specs/orders/openapi.yaml' } });
    const generate = generateOf(p);
    expect(generate.outputs).toEqual(['{projectRoot}/src/generated', '{workspaceRoot}/specs/orders/specwright.lock']);
    expect(fileInputs(generate)).toContain('{workspaceRoot}/specs/orders/specwright.lock/**/*');
    expect(generate.options).toMatchObject({ lockDir: 'specs/orders/specwright.lock' });
  });

  it('takes lockDir relative to the project root, from nx.json or specwright.json', () => {
    expect(generateOf(api(), { lockDir: 'locks/ai' }).outputs).toEqual(['{projectRoot}/src/generated', '{projectRoot}/locks/ai']);
    const generate = generateOf(api({ lockDir: 'locks/pets' }), { lockDir: 'locks/ai' });
    expect(generate.outputs).toEqual(['{projectRoot}/src/generated', '{projectRoot}/locks/pets']);
    expect(fileInputs(generate)).toContain('{projectRoot}/locks/pets/**/*');
    expect(generate.options).toMatchObject({ lockDir: 'apps/shop-api/locks/pets' });
  });

  it('leaves the lock and the provider out of a project without a server: its cache key ignores the model', () => {
    const client = generateOf(api({ emit: ['types', 'client'] }), ANTHROPIC);
    expect(client.outputs).toEqual(['{projectRoot}/src/generated']);
    expect(fileInputs(client).some((input) => input.includes('specwright.lock'))).toBe(false);
    expect(client.options).not.toHaveProperty('provider');
    expect(client.options).not.toHaveProperty('model');
    expect(client.options).not.toHaveProperty('lockDir');
    expect(generateOf(api({ emit: ['types', 'client'] }), { ...ANTHROPIC, model: 'claude-opus-5-5' })).toEqual(client);
  });

  it('puts no environment value into any target: the model reaches the hash as an option, the API key not at all', () => {
    const targets = buildTargets(api(), { files: ['apps/shop-api/openapi.yaml'] }, normalizeOptions(ANTHROPIC), TOOLS);
    for (const target of Object.values(targets)) {
      for (const input of target.inputs ?? []) {
        expect(typeof input === 'string' || !('env' in input || 'runtime' in input)).toBe(true);
      }
    }
    expect(allStrings(targets).filter((value) => /anthropic_|api.?key/i.test(value))).toEqual([]);
  });

  it('says in the description who implements the operations and where they are pinned', () => {
    expect(generateOf(api()).metadata?.description).toContain('the offline provider');
    const description = generateOf(api(), ANTHROPIC).metadata?.description ?? '';
    expect(description).toContain('anthropic (model claude-sonnet-5-5)');
    expect(description).toContain('pinned in apps/shop-api/specwright.lock');
  });
});

describe('generation settings validation', () => {
  const workspace = useTempWorkspaces();
  const withConfig = (config: Record<string, unknown>): string => {
    const ws = workspace({ 'apps/a/project.json': { name: 'a' }, 'apps/a/openapi.yaml': 'openapi: 3.1.0\n', 'apps/a/specwright.json': config });
    try {
      readSpecProject(ws.root, 'apps/a/specwright.json');
      return 'accepted';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('accepts the documented settings', () => {
    expect(withConfig({ provider: 'anthropic', model: 'claude-sonnet-4-5-20250929', concurrency: 1, maxAttempts: 10, allowImports: ['zod', '@acme/domain'], lockDir: 'locks' })).toBe('accepted');
    expect(withConfig({ provider: 'offline' })).toBe('accepted');
    expect(withConfig({ model: 'anthropic.claude-3-5-sonnet-20241022-v2:0' })).toBe('accepted');
  });

  it.each([
    [{ provider: 'openai' }, '/provider', '"provider" must be one of "offline", "anthropic"'],
    [{ model: 42 }, '/model', '"model" must be a model id'],
    [{ model: 'claude sonnet' }, '/model', '"model" must be a model id'],
    [{ model: '' }, '/model', '"model" must be a model id'],
    [{ concurrency: 0 }, '/concurrency', '"concurrency" must be a positive integer'],
    [{ maxAttempts: 1.5 }, '/maxAttempts', '"maxAttempts" must be a positive integer'],
    [{ allowImports: 'zod' }, '/allowImports', '"allowImports" must be an array of module specifiers'],
    [{ allowImports: ['zod', ''] }, '/allowImports', '"allowImports" must be an array of module specifiers'],
    [{ lockDir: 7 }, '/lockDir', '"lockDir" must be a folder path relative to the project root'],
  ])('rejects %j in specwright.json, naming the file and key', (config, pointer, message) => {
    const error = withConfig(config);
    expect(error).toContain(`apps/a/specwright.json#${pointer}: ${message}`);
    expect(error).toContain('[INVALID_OPTION]');
    expect(error).toContain('fix:');
  });

  it('rejects a malformed generation setting in nx.json, naming nx.json and the key', () => {
    expect(() => normalizeOptions({ concurrency: -1 })).toThrow(/^nx\.json#@specwright\/nx options\/concurrency: "concurrency" must be a positive integer/);
    expect(() => normalizeOptions({ provider: 'Anthropic' as 'anthropic' })).toThrow(/nx\.json#@specwright\/nx options\/provider: "provider" must be one of/);
  });

  it("knows the same providers as core's resolveProvider", () => {
    // The graph-time list is a copy (core's main entry is too heavy to load while Nx builds the graph).
    const { PROVIDER_IDS } = require('@specwright/core') as { PROVIDER_IDS: readonly string[] };
    expect([...GRAPH_PROVIDER_IDS]).toEqual([...PROVIDER_IDS]);
  });
});

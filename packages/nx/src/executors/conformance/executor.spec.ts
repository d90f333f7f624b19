import '../../__fixtures__/nx-env';
import type { ExecutorContext } from '@nx/devkit';
import conformanceExecutor from './executor';
import { calls, executorContext, STACK_FRAME } from '../../__fixtures__/executor-context';
import { nxWorkspaceFiles, useTempWorkspaces, type Files, type TempWorkspace } from '../../__fixtures__/workspace';

const nxPackage = require('../../../package.json') as { version: string };

const OPTIONS = { outDir: 'apps/pets/src/generated', junit: 'reports/conformance/pets.xml' };
const SUITE = 'apps/pets/src/generated/conformance.suite.ts';

/**
 * Stand-ins for the workspace's installs: the executor resolves Jest and the engine from the
 * workspace root, so these decide what it finds. The fake runCLI records what it was given and
 * answers with the results the test put in fake-results.json. The real run is in the e2e suite.
 */
const FAKE_ENGINE: Files = {
  'node_modules/@specwright/conformance/package.json': {
    name: '@specwright/conformance',
    version: '0.1.0',
    exports: { '.': './index.js', './jest/transform': './transform.js', './package.json': './package.json' },
  },
  'node_modules/@specwright/conformance/index.js': 'exports.DEFAULT_SEED = 24301;\n',
  'node_modules/@specwright/conformance/transform.js': 'module.exports = {};\n',
};
const FAKE_JEST: Files = {
  'node_modules/jest/package.json': { name: 'jest', version: '30.0.0', main: 'index.js' },
  'node_modules/jest/index.js': `
    const { readFileSync, writeFileSync, mkdirSync } = require('node:fs');
    const { dirname, join } = require('node:path');
    const root = join(__dirname, '..', '..');
    exports.runCLI = async (argv, projects) => {
      writeFileSync(join(root, 'runcli-call.json'), JSON.stringify({ argv, projects }));
      const fake = JSON.parse(readFileSync(join(root, 'fake-results.json'), 'utf8'));
      if (fake.throw) throw new Error(fake.throw);
      const junit = JSON.parse(argv.config).globals.__SPECWRIGHT_CONFORMANCE__.junit;
      if (fake.writeJunit) { mkdirSync(dirname(junit), { recursive: true }); writeFileSync(junit, '<testsuites/>'); }
      return { results: fake.results };
    };
  `,
};

function results(passed: number, failed: number, skipped: number, extra: object = {}): object {
  return {
    success: failed === 0,
    numPassedTests: passed,
    numFailedTests: failed,
    numPendingTests: skipped,
    numTodoTests: 0,
    numRuntimeErrorTestSuites: 0,
    numTotalTests: passed + failed + skipped,
    ...extra,
  };
}

function context(ws: TempWorkspace): ExecutorContext {
  return {
    ...executorContext(ws.root, 'pets', 'conformance'),
    projectsConfigurations: { version: 2, projects: { pets: { root: 'apps/pets' } } },
  };
}

describe('conformance executor', () => {
  const workspace = useTempWorkspaces();
  let log: jest.SpyInstance;
  let error: jest.SpyInstance;
  beforeEach(() => {
    log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  const petsWorkspace = (files: Files = {}): TempWorkspace =>
    workspace({ ...nxWorkspaceFiles(), 'apps/pets/project.json': { name: 'pets' }, [SUITE]: '// generated\n', ...files });

  const failure = async (ws: TempWorkspace): Promise<string> => {
    await expect(conformanceExecutor(OPTIONS, context(ws))).resolves.toEqual({ success: false });
    expect(error).toHaveBeenCalledTimes(1);
    const message = calls(error)[0];
    expect(message).not.toMatch(STACK_FRAME);
    return message;
  };

  it('points at generate when there is no generated suite', async () => {
    const message = await failure(workspace({ ...nxWorkspaceFiles(), 'apps/pets/project.json': { name: 'pets' }, ...FAKE_ENGINE, ...FAKE_JEST }));
    expect(message).toContain(SUITE);
    expect(message).toContain('nx run pets:generate');
    expect(message).toContain('"server"');
  });

  it('names the install command when @specwright/conformance is not installed', async () => {
    const message = await failure(petsWorkspace(FAKE_JEST));
    expect(message).toContain('@specwright/conformance is not installed');
    expect(message).toContain(`fix: npm install -D @specwright/conformance@${nxPackage.version}`);
  });

  it('names the install command when jest is not installed', async () => {
    const message = await failure(petsWorkspace(FAKE_ENGINE));
    expect(message).toContain('jest is not installed');
    expect(message).toContain('fix: npm install -D jest ');
  });

  it('says so when the installed @specwright/conformance has no Jest transformer (too old)', async () => {
    const ws = petsWorkspace({
      ...FAKE_JEST,
      'node_modules/@specwright/conformance/package.json': { name: '@specwright/conformance', version: '0.0.1', exports: { '.': './index.js', './package.json': './package.json' } },
      'node_modules/@specwright/conformance/index.js': '',
    });
    expect(await failure(ws)).toContain('@specwright/conformance is installed but has no @specwright/conformance/jest/transform');
  });

  it('runs Jest on the generated suite with the resolved transformer, and reports success with a summary', async () => {
    const ws = petsWorkspace({ ...FAKE_ENGINE, ...FAKE_JEST, 'fake-results.json': { results: results(40, 0, 3), writeJunit: true } });
    await expect(conformanceExecutor({ ...OPTIONS, cases: 5 }, context(ws))).resolves.toEqual({ success: true });
    const { argv, projects } = JSON.parse(ws.read('runcli-call.json'));
    expect(projects).toEqual([ws.path('apps/pets')]);
    const config = JSON.parse(argv.config);
    expect(config.transform).toEqual({ '^.+\\.[cm]?tsx?$': ws.path('node_modules/@specwright/conformance/transform.js') });
    expect(config.globals.__SPECWRIGHT_CONFORMANCE__).toEqual({
      cases: 5,
      seed: 24301,
      junit: ws.path('reports/conformance/pets.xml'),
      replay: 'nx run pets:conformance --seed=24301',
    });
    expect(calls(log)).toContain('conformance: 40 checks passed, 0 failed, 3 skipped; JUnit: reports/conformance/pets.xml');
    expect(error).not.toHaveBeenCalled();
  });

  it('fails when a check fails, and removes the report of an earlier run first', async () => {
    const ws = petsWorkspace({
      ...FAKE_ENGINE,
      ...FAKE_JEST,
      'reports/conformance/pets.xml': '<testsuites>stale</testsuites>',
      'fake-results.json': { results: results(38, 2, 0) },
    });
    await expect(conformanceExecutor(OPTIONS, context(ws))).resolves.toEqual({ success: false });
    expect(ws.exists('reports/conformance/pets.xml')).toBe(false);
    expect(calls(log)).toContain('conformance: 38 checks passed, 2 failed, 0 skipped; no JUnit report was written');
  });

  it('says the suite did not run when Jest could not load it', async () => {
    const ws = petsWorkspace({ ...FAKE_ENGINE, ...FAKE_JEST, 'fake-results.json': { results: { ...results(0, 0, 0), success: false, numRuntimeErrorTestSuites: 1 } } });
    await expect(conformanceExecutor(OPTIONS, context(ws))).resolves.toEqual({ success: false });
    expect(calls(log).join('\n')).toContain('conformance: the suite did not run (see the error above)');
  });

  it('reports an error thrown by Jest without a stack trace, and with one under --verbose', async () => {
    const ws = petsWorkspace({ ...FAKE_ENGINE, ...FAKE_JEST, 'fake-results.json': { throw: 'bad config' } });
    await expect(conformanceExecutor(OPTIONS, context(ws))).resolves.toEqual({ success: false });
    expect(calls(error)[0]).toContain('bad config');
    expect(calls(error)[0]).not.toMatch(STACK_FRAME);
    error.mockClear();
    await expect(conformanceExecutor(OPTIONS, { ...context(ws), isVerbose: true })).resolves.toEqual({ success: false });
    expect(calls(error)[0]).toMatch(STACK_FRAME);
  });
});

import { join } from 'node:path';
import { isCi, jestRunFor, SUITE_OPTIONS_GLOBAL, type RunContext } from './jest-config';

const ROOT = join('/', 'ws');
const TRANSFORM = join(ROOT, 'node_modules', '@specwright', 'conformance', 'dist', 'jest', 'transform.js');
const context: RunContext = {
  workspaceRoot: ROOT,
  projectRoot: 'apps/orders-api',
  projectName: 'orders-api',
  targetName: 'conformance',
  transform: TRANSFORM,
  defaultSeed: 24301,
  ci: true,
};
const options = { outDir: 'apps/orders-api/src/generated', junit: 'reports/conformance/orders-api.xml' };

describe('jestRunFor: the executor options as one Jest run', () => {
  it('runs exactly the generated suite, from the project root, in band, without watchman, failing when it finds no test', () => {
    const run = jestRunFor(options, context);
    expect(run.projects).toEqual([join(ROOT, 'apps/orders-api')]);
    expect(run.suite).toBe(join(ROOT, 'apps/orders-api/src/generated/conformance.suite.ts'));
    expect(run.config).toMatchObject({
      rootDir: join(ROOT, 'apps/orders-api'),
      roots: ['<rootDir>/src/generated'],
      testMatch: ['<rootDir>/src/generated/conformance.suite.ts'],
      testEnvironment: 'node',
    });
    expect(run.argv).toEqual({
      $0: 'nx',
      _: [],
      config: JSON.stringify(run.config),
      runInBand: true,
      ci: true,
      watch: false,
      watchAll: false,
      watchman: false,
      passWithNoTests: false,
      verbose: true,
    });
  });

  it('hands Jest the config as JSON, so no jest.config file of the workspace or project is read', () => {
    const run = jestRunFor(options, context);
    expect(JSON.parse(run.argv.config)).toEqual(run.config);
  });

  it("transforms TypeScript with @specwright/conformance's transformer and maps the generated code's .js specifiers to the .ts files", () => {
    const { config } = jestRunFor(options, context);
    expect(config.transform).toEqual({ '^.+\\.[cm]?tsx?$': TRANSFORM });
    const transformPattern = new RegExp(Object.keys(config.transform)[0]);
    for (const file of ['app.ts', 'x.mts', 'x.cts', 'x.tsx']) expect(transformPattern.test(file)).toBe(true);
    expect(transformPattern.test('index.js')).toBe(false);
    const [[from, to]] = Object.entries(config.moduleNameMapper);
    expect('./app.js'.replace(new RegExp(from), to)).toBe('./app');
    expect('../handlers/getPet.js'.replace(new RegExp(from), to)).toBe('../handlers/getPet');
    expect(new RegExp(from).test('@specwright/runtime')).toBe(false);
    expect(new RegExp(from).test('hono/dist/cjs/index.js')).toBe(false);
  });

  it('sets a test timeout (the run itself is in the suite’s beforeAll, with its own)', () => {
    expect(jestRunFor(options, context).config.testTimeout).toBeGreaterThanOrEqual(30_000);
  });

  it('passes the engine options through the Jest global, with an absolute JUnit path and a replay command', () => {
    const run = jestRunFor(
      {
        ...options,
        seed: 7,
        cases: 10,
        phases: ['examples', 'coverage'],
        checks: { ignored_auth: false },
        operations: { getPet: { checks: { use_after_free: false } }, deletePet: { skip: true } },
        include: ['getPet', 'listPets'],
      },
      context,
    );
    expect(run.junit).toBe(join(ROOT, 'reports/conformance/orders-api.xml'));
    expect(run.config.globals).toEqual({
      [SUITE_OPTIONS_GLOBAL]: {
        seed: 7,
        cases: 10,
        phases: ['examples', 'coverage'],
        checks: { ignored_auth: false },
        operations: { getPet: { checks: { use_after_free: false } }, deletePet: { skip: true } },
        include: ['getPet', 'listPets'],
        junit: join(ROOT, 'reports/conformance/orders-api.xml'),
        replay: 'nx run orders-api:conformance --seed=7',
      },
    });
    expect(SUITE_OPTIONS_GLOBAL).toBe('__SPECWRIGHT_CONFORMANCE__');
  });

  it("uses the engine's default seed when none is set, so the replay command names the seed that ran", () => {
    const suite = jestRunFor(options, context).config.globals[SUITE_OPTIONS_GLOBAL];
    expect(suite.seed).toBe(24301);
    expect(suite.replay).toBe('nx run orders-api:conformance --seed=24301');
    expect(Object.keys(suite).sort()).toEqual(['junit', 'replay', 'seed']);
  });

  it('replays without --seed when the default seed is unknown, and uses the target’s own name', () => {
    const suite = jestRunFor(options, { ...context, defaultSeed: undefined, targetName: 'contract' }).config.globals[SUITE_OPTIONS_GLOBAL];
    expect(suite.seed).toBeUndefined();
    expect(suite.replay).toBe('nx run orders-api:contract');
  });

  it('writes no JUnit report without the junit option', () => {
    const run = jestRunFor({ outDir: options.outDir }, context);
    expect(run.junit).toBeUndefined();
    expect(run.config.globals[SUITE_OPTIONS_GLOBAL]).not.toHaveProperty('junit');
  });

  it('handles a project at the workspace root and an outDir outside the project', () => {
    const atRoot = jestRunFor({ outDir: 'src/generated' }, { ...context, projectRoot: '.' });
    expect(atRoot.config.rootDir).toBe(ROOT);
    expect(atRoot.config.testMatch).toEqual(['<rootDir>/src/generated/conformance.suite.ts']);
    const outside = jestRunFor({ outDir: 'generated/orders-api' }, context);
    expect(outside.config.roots).toEqual(['<rootDir>/../../generated/orders-api']);
    expect(outside.suite).toBe(join(ROOT, 'generated/orders-api/conformance.suite.ts'));
  });

  it('takes ci from the caller', () => {
    expect(jestRunFor(options, { ...context, ci: false }).argv.ci).toBe(false);
  });
});

describe('isCi', () => {
  it.each([
    [{ CI: 'true' }, true],
    [{ CI: '1' }, true],
    [{ CI: 'false' }, false],
    [{ CI: '0' }, false],
    [{ CI: '' }, false],
    [{}, false],
  ])('%j → %s', (env, expected) => {
    expect(isCi(env)).toBe(expected);
  });
});

import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import type { CheckSwitches, ConformanceSettings } from '../../plugin/options';

/** The Jest `globals` key @specwright/conformance/jest reads the run's options from (its SUITE_OPTIONS_GLOBAL). */
export const SUITE_OPTIONS_GLOBAL = '__SPECWRIGHT_CONFORMANCE__';
/** The file generate writes into outDir for projects with a server. */
export const SUITE_FILE = 'conformance.suite.ts';

/** Options of `@specwright/nx:conformance` (see schema.json). Paths are workspace-relative. */
export interface ConformanceExecutorOptions extends ConformanceSettings {
  outDir: string;
  junit?: string;
}

/** Where the run happens, resolved by the executor from the Nx context and the installed packages. */
export interface RunContext {
  readonly workspaceRoot: string;
  /** Workspace-relative project root. */
  readonly projectRoot: string;
  readonly projectName: string;
  readonly targetName: string;
  /** Absolute path of @specwright/conformance/jest/transform. */
  readonly transform: string;
  /** The engine's default seed, used (and printed in the replay command) when no seed is set. */
  readonly defaultSeed?: number;
  readonly ci: boolean;
}

/** The arguments of Jest's `runCLI(argv, projects)`. */
export interface JestRun {
  readonly argv: {
    readonly $0: string;
    readonly _: string[];
    readonly config: string;
    readonly runInBand: true;
    readonly ci: boolean;
    readonly watch: false;
    readonly watchAll: false;
    readonly watchman: false;
    readonly passWithNoTests: false;
    readonly verbose: true;
  };
  readonly projects: string[];
  /** The Jest config that `argv.config` holds, as an object (for reading and tests). */
  readonly config: JestConfig;
  /** Absolute path of the generated suite. */
  readonly suite: string;
  /** Absolute path of the JUnit report, when one is asked for. */
  readonly junit?: string;
}

export interface JestConfig {
  readonly rootDir: string;
  readonly roots: string[];
  readonly testMatch: string[];
  readonly transform: Record<string, string>;
  readonly moduleNameMapper: Record<string, string>;
  readonly testEnvironment: 'node';
  readonly testTimeout: number;
  readonly globals: { [SUITE_OPTIONS_GLOBAL]: SuiteRunOptions };
}

/** What @specwright/conformance/jest reads from the global (its SuiteRunOptions). */
export interface SuiteRunOptions {
  seed?: number;
  cases?: number;
  phases?: string[];
  checks?: CheckSwitches;
  operations?: ConformanceExecutorOptions['operations'];
  include?: string[];
  junit?: string;
  replay?: string;
}

/** Each test only reads a result: the run itself happens in the suite's beforeAll, which has its own timeout. */
const TEST_TIMEOUT_MS = 60_000;

/**
 * The executor's options → one in-band Jest run of the generated suite. Pure: the executor
 * resolves paths and packages, this decides what Jest is told.
 */
export function jestRunFor(options: ConformanceExecutorOptions, context: RunContext): JestRun {
  const rootDir = resolve(context.workspaceRoot, context.projectRoot);
  const suiteDir = resolve(context.workspaceRoot, options.outDir);
  const suite = join(suiteDir, SUITE_FILE);
  // Jest expands <rootDir> and matches globs on POSIX-style paths.
  const inRoot = relative(rootDir, suiteDir).split(sep).join('/');
  const fromRoot = (path: string): string => (path === '' ? '<rootDir>' : isAbsolute(path) ? path : `<rootDir>/${path}`);
  const seed = options.seed ?? context.defaultSeed;
  const junit = options.junit === undefined ? undefined : resolve(context.workspaceRoot, options.junit);
  const suiteOptions: SuiteRunOptions = {
    ...pick(options, ['cases', 'phases', 'checks', 'operations', 'include']),
    ...(seed !== undefined ? { seed } : {}),
    ...(junit !== undefined ? { junit } : {}),
    replay: `nx run ${context.projectName}:${context.targetName}${seed !== undefined ? ` --seed=${seed}` : ''}`,
  };
  const config: JestConfig = {
    rootDir,
    roots: [fromRoot(inRoot)],
    testMatch: [posix.join(fromRoot(inRoot), SUITE_FILE)],
    transform: { '^.+\\.[cm]?tsx?$': context.transform },
    // Generated code imports `./types.js`, ESM-style; on disk it is the .ts file.
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    testEnvironment: 'node',
    testTimeout: TEST_TIMEOUT_MS,
    globals: { [SUITE_OPTIONS_GLOBAL]: suiteOptions },
  };
  return {
    argv: {
      $0: 'nx',
      _: [],
      config: JSON.stringify(config),
      runInBand: true,
      ci: context.ci,
      watch: false,
      watchAll: false,
      watchman: false,
      passWithNoTests: false,
      verbose: true,
    },
    projects: [rootDir],
    config,
    suite,
    ...(junit !== undefined ? { junit } : {}),
  };
}

/** `CI` as CI providers and Jest's own ci-info set it: present and not "false"/"0". */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env['CI'];
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

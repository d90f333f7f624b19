import { posix } from 'node:path';
import { formatError, SpecwrightError } from '@specwright/core/graph';
import { validateConformanceSettings } from './conformance-settings';
import { GENERATION_DEFAULTS, validateGenerationSettings, type GenerationSettings } from './generation-settings';

/**
 * Options of the plugin entry in nx.json (`{ "plugin": "@specwright/nx", "options": { … } }`).
 * The generation settings (provider, model, concurrency, maxAttempts, allowImports, lockDir)
 * apply to every project that emits a server; specwright.json overrides them key by key.
 */
export interface SpecwrightPluginOptions extends GenerationSettings {
  /** Target names, for workspaces that already use these names. */
  lintTargetName?: string;
  generateTargetName?: string;
  serveTargetName?: string;
  conformanceTargetName?: string;
  /** The breaking-change check against a git base (`nx affected -t api-diff`). Default `api-diff`. */
  apiDiffTargetName?: string;
  /** Output directory, relative to the project root. Default `src/generated`. */
  outDir?: string;
  /** Hand-owned handlers, relative to the project root. Default `src/handlers`. */
  handlersDir?: string;
  /** Redocly ruleset for spec-lint. Default `minimal`. */
  ruleset?: string;
  /** Workspace-relative path of a redocly.yaml used instead of the ruleset. */
  lintConfig?: string;
  allowRemoteRefs?: boolean;
  /** What generate emits. Default all: types, client, server. */
  emit?: Array<'types' | 'client' | 'server'>;
  /** Run spec-lint before generate (default true): a spec with lint errors is not generated from. */
  lintBeforeGenerate?: boolean;
  /** Port of the serve target. Default 3000. */
  port?: number;
  /**
   * Options of the conformance target (projects that emit a server), or `false` for no
   * conformance target. In specwright.json they are merged over the plugin's: `checks` and
   * `operations` key by key, everything else replaced.
   */
  conformance?: ConformanceSettings | false;
}

/** Check switches by check name (`not_a_server_error`, `ignored_auth`, …; see @specwright/conformance). */
export type CheckSwitches = { [check: string]: boolean };

/**
 * What `conformance` in nx.json or specwright.json may set; they become options of the
 * conformance target (and so part of its cache key), overridable on the command line.
 */
export interface ConformanceSettings {
  /** Seeds every random choice; the same seed replays the same requests. */
  seed?: number;
  /** Random cases per operation in each of the fuzzing and negative phases. */
  cases?: number;
  /** Only these phases: examples, coverage, fuzzing, negative, stateful. */
  phases?: string[];
  /** Project-wide check switches, e.g. `{ "ignored_auth": false }`. */
  checks?: CheckSwitches;
  /** Per-operation settings by operationId: check switches, or `skip` to leave it out. */
  operations?: { [operationId: string]: { checks?: CheckSwitches; skip?: boolean } };
  /** Only these operationIds. */
  include?: string[];
}

/**
 * Per-project settings in `specwright.json` beside a project's package.json/project.json. They
 * override the plugin options, and `spec` may point outside the project (a spec adopted in
 * place, or a client library generated from another project's spec).
 */
export interface SpecwrightProjectConfig
  extends Omit<SpecwrightPluginOptions, 'lintTargetName' | 'generateTargetName' | 'serveTargetName' | 'conformanceTargetName' | 'apiDiffTargetName'> {
  /** Path of the root spec, relative to the project root. Default `openapi.yaml`. */
  spec?: string;
}

/** Optional in the normalized options too: no default fits every project. */
type WithoutDefault = 'lintConfig' | 'model' | 'lockDir';
export type NormalizedOptions = Required<Omit<SpecwrightPluginOptions, WithoutDefault>> & Pick<SpecwrightPluginOptions, WithoutDefault>;

const NX_JSON = 'nx.json';
const inNxJson = (key: string): string => `@specwright/nx options/${key}`;

/** Where the conformance target writes JUnit XML (workspace-relative; Nx resolves `{projectName}`). */
export const CONFORMANCE_JUNIT = 'reports/conformance/{projectName}.xml';

export function normalizeOptions(options: SpecwrightPluginOptions | undefined): NormalizedOptions {
  if (options) validateGenerationSettings(options as Record<string, unknown>, NX_JSON, inNxJson);
  return {
    lintTargetName: options?.lintTargetName ?? 'spec-lint',
    generateTargetName: options?.generateTargetName ?? 'generate',
    serveTargetName: options?.serveTargetName ?? 'serve',
    conformanceTargetName: options?.conformanceTargetName ?? 'conformance',
    apiDiffTargetName: options?.apiDiffTargetName ?? 'api-diff',
    outDir: options?.outDir ?? 'src/generated',
    handlersDir: options?.handlersDir ?? 'src/handlers',
    ruleset: options?.ruleset ?? 'minimal',
    lintConfig: options?.lintConfig,
    allowRemoteRefs: options?.allowRemoteRefs ?? false,
    emit: options?.emit ?? ['types', 'client', 'server'],
    lintBeforeGenerate: options?.lintBeforeGenerate ?? true,
    port: options?.port ?? 3000,
    conformance: options?.conformance === undefined ? {} : validateConformanceSettings(options.conformance, NX_JSON, inNxJson('conformance')),
    provider: options?.provider ?? GENERATION_DEFAULTS.provider,
    model: options?.model,
    concurrency: options?.concurrency ?? GENERATION_DEFAULTS.concurrency,
    maxAttempts: options?.maxAttempts ?? GENERATION_DEFAULTS.maxAttempts,
    allowImports: options?.allowImports ?? [...GENERATION_DEFAULTS.allowImports],
    lockDir: options?.lockDir,
  };
}


/**
 * Refuses, while the graph is built, an outDir that generate would refuse whatever is on disk:
 * generate replaces its output folder as a whole, so it may not be the project root or above it
 * (`"outDir": "."`), nor hold or lie inside the handlers, the spec or the generation lock (which
 * Nx also replaces as a whole: it is an output too). Caught here, no target is inferred that can
 * only fail or, with an older executor, delete the project. The generate executor checks the
 * rest on disk (files Specwright did not write, symlinks).
 */
export function validateOutputSettings(
  settings: { outDir: string; handlersDir: string; spec?: string; lockDir?: string },
  file: string,
  pointer: string,
): void {
  const out = posix.normalize(settings.outDir).replace(/\/+$/, '');
  const refuse = (why: string): never => {
    throw new Error(
      formatError(
        new SpecwrightError('UNSAFE_OUTPUT_DIR', `outDir "${settings.outDir}" ${why}`, {
          location: { file, pointer },
          fix: 'generate replaces its output folder as a whole: give it a folder of its own inside the project, such as "src/generated".',
        }),
      ),
    );
  };
  if (posix.isAbsolute(out)) refuse('must be relative to the project root');
  if (out === '.' || /^\.\.(\/\.\.)*$/.test(out)) refuse(`is ${out === '.' ? 'the project root' : 'above the project root'}, which generate would replace as a whole`);
  const inside = (inner: string, outer: string): boolean => inner === outer || inner.startsWith(`${outer}/`);
  const handlers = posix.normalize(settings.handlersDir).replace(/\/+$/, '');
  if (inside(handlers, out)) refuse(`holds the hand-owned handlers folder "${settings.handlersDir}", which generate would delete`);
  if (inside(out, handlers)) refuse(`lies inside the hand-owned handlers folder "${settings.handlersDir}", where generate never writes`);
  if (settings.spec !== undefined && inside(posix.normalize(settings.spec), out)) refuse(`holds the spec "${settings.spec}", which generate would delete`);
  if (settings.lockDir !== undefined) {
    const lock = posix.normalize(settings.lockDir).replace(/\/+$/, '');
    if (inside(lock, out)) refuse(`holds the generation lock folder "${settings.lockDir}", which generate would delete`);
    if (inside(out, lock)) refuse(`lies inside the generation lock folder "${settings.lockDir}", which holds only pinned handlers`);
  }
}

import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { SpecwrightError } from './errors';
import { loadSpec, type SpecSource } from './spec/load-spec';
import { indexOperations, operationKey, type Operation } from './contract/index-operations';
import { canonicalJson, sha256 } from './contract/canonical-json';
import { buildApiSpec } from './emit/api-spec';
import { checkSpecPatterns } from './schema/patterns';
import { startTypesEmitter, type TypesEmitter } from './emit/emit-types';
import { emitClient } from './emit/emit-client';
import { emitHandlerTypes } from './emit/emit-handler-types';
import { emitSpecModule } from './emit/emit-spec-module';
import { emitApp, type HandlerBinding } from './emit/emit-app';
import { findProjectContext } from './emit/project-context';
import { emitConformance } from './emit/emit-conformance';
import { emitIndex, type EmitSet } from './emit/emit-index';
import { emitManifest, type ManifestOperation } from './emit/emit-manifest';
import { moduleSpecifier, type GeneratedFile } from './emit/generated-file';
import { createOfflineProvider } from './providers/offline/offline-provider';
import { NO_USAGE, type HandlerProvider, type TokenUsage } from './providers/provider';
import { implementationPath, implementHandlers, type ImplementHandlersResult } from './implement/implement-handlers';
import type { ImplementProgress, NewPin } from './implement/implement-operations';
import type { OperationOutcome } from './implement/outcomes';
import { writeLockChange } from './implement/write-lock-change';
import { defaultLockDirOf } from './lock/default-lock-dir';
import type { OperationConformanceCheck } from './verify/verify-types';
import { toPosix } from './spec/ref-closure';
import { setOwn } from './util/own-property';
import { EMITTED_INTERFACE_VERSION } from './versions';
import { writeOutputAtomically } from './write/atomic-write';
import { acquireProjectLock, acquireProjectLockWaiting } from './write/project-lock';
import { assertSafeOutputDir, displayPath, type OutputPaths } from './write/output-safety';
import { assertSafeLockDir } from './write/lock-dir-safety';
import { lockName, removeStaleSiblings, restoreInterruptedSwap } from './write/stale-siblings';
import { findOrphanHandlers, listHandOwnedFiles } from './write/orphan-handlers';

export type EmitKind = keyof EmitSet;
export const EMIT_KINDS: readonly EmitKind[] = ['types', 'client', 'server'];

export interface GenerateOptions {
  /** Root spec file, relative to workspaceRoot or absolute. */
  readonly spec: string;
  /** Absolute workspace root: every path in the output is relative to it. */
  readonly workspaceRoot: string;
  /** Output directory (relative to workspaceRoot or absolute), replaced as a whole. */
  readonly outDir: string;
  /** Hand-owned handlers; default: `handlers` beside outDir (`src/handlers` for `src/generated`). */
  readonly handlersDir?: string;
  /** The project the output belongs to (Nx's project root): the output may not be it or contain it. */
  readonly projectRoot?: string;
  readonly allowRemoteRefs?: boolean;
  /** What to emit; default all. `server` covers spec, handler types, implementations and app. */
  readonly emit?: readonly EmitKind[];
  /** Writes handler implementations for operations without a hand-owned one; default offline. */
  readonly provider?: HandlerProvider;
  /** The generation lock folder (relative to workspaceRoot or absolute); default `specwright.lock` beside the spec. */
  readonly lockDir?: string;
  /** CI: never call a provider; fail with the list of operations whose pin is missing or stale. */
  readonly frozen?: boolean;
  /** Provider calls in flight at once; default 4. */
  readonly concurrency?: number;
  /** Provider calls per operation, the first included, before its candidate is discarded; default 3. */
  readonly maxAttempts?: number;
  /** Submit every operation that needs the model as one Message Batch (half price), and resume a pending one. */
  readonly batch?: boolean;
  /** Between polls of a Message Batch; default 30 s. */
  readonly batchPollIntervalMs?: number;
  /** Module specifiers generated handlers may import besides `@specwright/runtime` and the emitted files. */
  readonly allowImports?: readonly string[];
  /** One operation's conformance cases, in-process (from @specwright/conformance); absent: verification skips that stage. */
  readonly conformanceCheck?: OperationConformanceCheck;
  readonly onProgress?: (event: GenerateProgress) => void;
}

export type GenerateProgress = { readonly kind: 'loaded'; readonly files: number; readonly operations: number } | ImplementProgress;

export interface GenerateSummary {
  readonly operations: number;
  /** Whether handlers were bound at all (the server is in the emit set). */
  readonly server: boolean;
  readonly handOwned: number;
  /** Operations bound to generated code (reused, edited or newly pinned). */
  readonly generated: number;
  /** Current pins used as they are (no provider call). */
  readonly reused: number;
  /** New pins made this run. */
  readonly pinned: number;
  /** Pinned files a person edited (kept, never overwritten). */
  readonly edited: number;
  /** Operations that got no code (the run fails). */
  readonly failed: number;
  /** The provider that wrote new pins (`offline`, `anthropic`). */
  readonly provider: string;
  readonly usage: TokenUsage;
  /** Estimated dollars for `usage`; undefined when the model's price is unknown or nothing was spent. */
  readonly cost?: number;
  readonly files: number;
}

/** What a run changes in the generation lock. */
export interface LockChange {
  /** Absolute lock folder. */
  readonly dir: string;
  /** Workspace-relative, for messages. */
  readonly display: string;
  readonly pins: ReadonlyMap<string, NewPin>;
  /** Entries of operations no longer in the spec. */
  readonly remove: readonly string[];
  /** The pending Message Batch was collected (or is moot): its record goes. */
  readonly clearPendingBatch: boolean;
}

export interface GenerateResult {
  /** Things the user should know that did not stop generation. */
  readonly warnings: readonly string[];
  readonly source: SpecSource;
  readonly operations: readonly Operation[];
  readonly files: readonly GeneratedFile[];
  readonly summary: GenerateSummary;
  /** Each operation's outcome (server only). */
  readonly outcomes: ReadonlyMap<string, OperationOutcome>;
  readonly lock?: LockChange;
}

/** A run some operations of which got no code: what passed is still in `lock` to be pinned. */
interface IncompleteRun {
  readonly result: GenerateResult;
  readonly failures: ReadonlyArray<{ readonly operationId: string; readonly reason: string }>;
  readonly fatal?: SpecwrightError;
}

/**
 * The deterministic half of the pipeline: spec → bundled source → operations → artifacts.
 * Returns the files instead of writing them so callers (and tests) can inspect or diff them;
 * `generateToDisk` writes them atomically.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const run = await generateRun(options, false);
  if (run.failures.length > 0) throw implementFailed(run);
  return run.result;
}

async function generateRun(options: GenerateOptions, persistPins: boolean): Promise<IncompleteRun> {
  const emit = resolveEmitSet(options.emit);
  const typesEmitter = emit.types ? startTypesEmitter() : undefined;
  try {
    return await generateWith(options, emit, typesEmitter, persistPins);
  } finally {
    typesEmitter?.dispose();
  }
}

/** Lines of each failed operation's reason in the run's error. */
const REASON_LINES = 4;

/** The run's error: the fatal one (no key, unreachable API) or the list of failed operations. */
function implementFailed(run: IncompleteRun): SpecwrightError {
  const pinned = run.result.summary.pinned;
  const kept = pinned > 0 ? ` The ${pinned} operation(s) that passed were pinned in ${run.result.lock?.display}; the next run only retries the rest.` : '';
  if (run.fatal) {
    return new SpecwrightError(run.fatal.code, `${run.fatal.message}${kept}`, { location: run.fatal.location, fix: run.fatal.fix });
  }
  // A conformance failure carries a request, a response and a seed: its first lines say what
  // failed; the rest would bury the other operations.
  const lines = run.failures.map((f) => {
    const reason = f.reason.split('\n');
    const shown = reason.slice(0, REASON_LINES).join('\n    ');
    return `  ${f.operationId}: ${shown}${reason.length > REASON_LINES ? `\n    … (${reason.length - REASON_LINES} more line(s))` : ''}`;
  });
  return new SpecwrightError('IMPLEMENT_FAILED', `${run.failures.length} operation(s) could not be implemented; nothing was written to the output.${kept}\n${lines.join('\n')}`, {
    location: { file: run.result.lock?.display ?? run.result.source.rootFile },
    fix: 'Read each reason above: clarify the contract (descriptions, schemas), allow what the code needs with allowImports, write the handler by hand in the handlers folder, or run again (earlier pins are kept).',
  });
}

async function generateWith(options: GenerateOptions, emit: EmitSet, typesEmitter: TypesEmitter | undefined, persistPins: boolean): Promise<IncompleteRun> {
  const workspaceRoot = resolve(options.workspaceRoot);
  const outDir = resolve(workspaceRoot, options.outDir);
  const handlersDir = resolve(workspaceRoot, options.handlersDir ?? join(dirname(outDir), 'handlers'));
  const provider = options.provider ?? createOfflineProvider();
  const lockDir = resolveLockDir(workspaceRoot, options);

  const loaded = await loadSpec(options.spec, { workspaceRoot, allowRemoteRefs: options.allowRemoteRefs });
  // From here on, the spec without the patterns JavaScript cannot compile (each one a warning):
  // the server would fail every request they apply to, and the samplers could not imitate them.
  const patterns = checkSpecPatterns(loaded, workspaceRoot);
  const source: SpecSource = patterns.document === loaded.document ? loaded : { ...loaded, document: patterns.document };
  // Handed over first: the types are transformed on another thread while this one emits the rest.
  const types = typesEmitter?.emit(source.document);
  // Bound by exact name as listed on disk; the names never move when operations are added.
  // Without a server nothing is bound (and Nx does not count the handlers as an input then).
  const handOwnedFiles = emit.server ? listHandOwnedFiles(handlersDir) : new Set<string>();
  const operations = indexOperations(source.document, { handOwnedFiles, handlersDir: toPosix(relative(workspaceRoot, handlersDir)), specFile: source.rootFile });
  options.onProgress?.({ kind: 'loaded', files: source.files.length, operations: operations.length });

  const files: GeneratedFile[] = [];
  const manifestOperations: Record<string, ManifestOperation> = {};
  let handOwned = 0;
  let stage: ImplementHandlersResult | undefined;
  // Canonical JSON of the bundled spec: hashed for the manifest, and the suite's openapi.json.
  const canonicalDocument = canonicalJson(source.document);
  if (emit.server) {
    // The project's services (context.ts beside the handlers folder): handlers get its `Services`.
    const context = findProjectContext(handlersDir, outDir);
    const apiSpec = buildApiSpec(source.document, source.version, operations);
    const serverFiles = [emitSpecModule(apiSpec), emitHandlerTypes(operations, context?.importFromOutDir)];
    files.push(...serverFiles);
    const keyOf = (operation: Operation): string =>
      operationKey(operation, { modelId: provider.modelId, promptVersion: provider.promptVersion, interfaceVersion: EMITTED_INTERFACE_VERSION });
    const common = (operation: Operation) => ({ method: operation.method, path: operation.path, contractHash: operation.contractHash, key: keyOf(operation) });
    const handOwnedBindings = new Map<string, HandlerBinding>();
    for (const operation of operations.filter((o) => o.handOwned)) {
      handOwned++;
      const handFile = join(handlersDir, `${operation.fileName}.ts`);
      const importPath = moduleSpecifier(toPosix(relative(outDir, handFile)).replace(/\.ts$/, ''));
      handOwnedBindings.set(operation.id, { operation, importPath: importPath.startsWith('.') ? importPath : `./${importPath}`, origin: `hand-owned: ${toPosix(relative(workspaceRoot, handFile))}` });
      setOwn(manifestOperations, operation.id, { ...common(operation), handler: 'hand-owned', file: toPosix(relative(workspaceRoot, handFile)) });
      options.onProgress?.({ kind: 'implemented', operationId: operation.id, outcome: { kind: 'hand-owned' } });
    }
    stage = await implementHandlers({
      workspaceRoot,
      source,
      operations: operations.filter((o) => !o.handOwned),
      allOperations: operations,
      provider,
      lockDir,
      frozen: options.frozen ?? false,
      concurrency: positiveInteger(options.concurrency, 4, 'concurrency'),
      maxAttempts: positiveInteger(options.maxAttempts, 3, 'maxAttempts'),
      allowImports: options.allowImports ?? [],
      conformanceCheck: options.conformanceCheck,
      batch: options.batch ?? false,
      batchPollIntervalMs: options.batchPollIntervalMs,
      specFile: source.rootFile,
      persistPins,
      contextFile: context && { path: context.pathFromOutDir, contents: readFileSync(context.file, 'utf8') },
      emittedFiles: async () => [...serverFiles, ...(types ? [await types] : [])],
      onProgress: options.onProgress,
    });
    const bindings: HandlerBinding[] = [];
    for (const operation of operations) {
      const bound = handOwnedBindings.get(operation.id);
      if (bound) {
        bindings.push(bound);
        continue;
      }
      const code = stage.code.get(operation.id);
      const origin = stage.provenance.get(operation.id);
      // No code: the operation failed; the run fails below, before anything is written.
      if (code === undefined || origin === undefined) continue;
      const path = implementationPath(operation);
      files.push({ path, contents: code });
      bindings.push({ operation, importPath: moduleSpecifier(`./implementations/${operation.fileName}`), origin: `${origin.provider}: ${path}` });
      setOwn(manifestOperations, operation.id, {
        ...common(operation),
        handler: origin.provider,
        model: origin.model,
        promptVersion: origin.promptVersion,
        file: toPosix(relative(workspaceRoot, join(outDir, path))),
      });
    }
    files.push(emitApp(bindings, context?.importFromOutDir), ...emitConformance(canonicalDocument));
  }
  if (emit.client) files.push(emitClient(source.document));
  files.push(emitIndex(emit));
  files.push(
    emitManifest({
      generator: 'specwright',
      spec: source.rootFile,
      specFiles: source.files,
      // The bundled data, not the files' bytes: a reformatted spec must give byte-identical output.
      specHash: sha256(canonicalDocument),
      emit: EMIT_KINDS.filter((k) => emit[k]),
      operations: manifestOperations,
    }),
  );
  if (types) files.push(await types);

  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const warnings = findOrphanHandlers(handOwnedFiles, new Set(operations.filter((o) => o.handOwned).map((o) => o.fileName))).map(
    (name) =>
      `${toPosix(relative(workspaceRoot, join(handlersDir, name)))}.ts matches no operation in the spec (renamed or removed?); it is not used.`,
  );
  const outcomes = stage?.outcomes ?? new Map<string, OperationOutcome>();
  const count = (kind: OperationOutcome['kind']): number => [...outcomes.values()].filter((o) => o.kind === kind).length;
  const usage = stage?.usage ?? NO_USAGE;
  const spent = usage.input + usage.output + usage.cacheRead + usage.cacheWrite > 0;
  const ids = new Set(operations.map((o) => o.id));
  const result: GenerateResult = {
    warnings: [...loaded.warnings, ...patterns.warnings, ...warnings, ...(stage?.warnings ?? [])],
    source,
    operations,
    files,
    summary: {
      operations: operations.length,
      server: emit.server,
      handOwned,
      generated: emit.server ? operations.length - handOwned - count('failed') : 0,
      reused: count('reused'),
      pinned: count('pinned'),
      edited: count('edited'),
      failed: count('failed'),
      provider: provider.id,
      usage,
      cost: spent ? provider.estimateCost?.(usage, { batch: options.batch ?? false }) : undefined,
      files: files.length,
    },
    outcomes,
    lock: stage && {
      dir: lockDir,
      display: stage.lockDisplay,
      pins: stage.pins,
      remove: Object.keys(stage.lock.index?.entries ?? {}).filter((id) => !ids.has(id)).sort(),
      clearPendingBatch: stage.batchCollected,
    },
  };
  return { result, failures: stage?.failures ?? [], fatal: stage?.fatal };
}

/** `1 hand-owned, 3 pinned earlier, 1 new offline pin`, or what was emitted when no handlers were bound (a client library). */
export function describeHandlers(summary: GenerateSummary): string {
  if (!summary.server) return 'no server, so no handlers';
  const parts = [`${summary.handOwned} hand-owned`, `${summary.reused} pinned earlier`, `${summary.pinned} new ${summary.provider} pin${summary.pinned === 1 ? '' : 's'}`];
  if (summary.edited > 0) parts.push(`${summary.edited} edited by hand`);
  if (summary.failed > 0) parts.push(`${summary.failed} failed`);
  return parts.join(', ');
}

/**
 * Generates and atomically replaces the output directory, under a lock on that directory. An
 * output folder whose replacement would delete anything that is not a previous output (the
 * workspace or project root, the spec, the handlers, files of the user's) is refused first.
 */
export async function generateToDisk(options: GenerateOptions): Promise<GenerateResult> {
  const workspaceRoot = resolve(options.workspaceRoot);
  const outDir = resolve(workspaceRoot, options.outDir);
  const paths: OutputPaths = {
    outDir,
    workspaceRoot,
    projectRoot: options.projectRoot === undefined ? undefined : resolve(workspaceRoot, options.projectRoot),
    spec: resolve(workspaceRoot, options.spec),
    // The same default as generate's.
    handlersDir: resolve(workspaceRoot, options.handlersDir ?? join(dirname(outDir), 'handlers')),
    lockDir: resolveLockDir(workspaceRoot, options),
  };
  // Before anything is written, the output's parent folder and the lock file included.
  assertSafeOutputDir(paths);
  if (resolveEmitSet(options.emit).server) assertSafeLockDir({ ...paths, lockDir: paths.lockDir as string });
  mkdirSync(dirname(outDir), { recursive: true });
  const lockPath = join(dirname(outDir), lockName(basename(outDir)));
  // The real path, so one folder reached through a symlink is still one lock.
  const release = acquireProjectLock(join(realpathSync.native(dirname(outDir)), basename(lockPath)), displayPath(workspaceRoot, lockPath));
  let releaseLockDir: (() => void) | undefined;
  try {
    // The generation lock is shared by every output generated from this spec: one run at a time
    // reads and writes it (a second one waits, then reuses the first's pins).
    if (resolveEmitSet(options.emit).server && existsSync(dirname(paths.lockDir as string))) {
      const lockDir = paths.lockDir as string;
      const guard = join(realpathSync.native(dirname(lockDir)), lockName(basename(lockDir)));
      releaseLockDir = await acquireProjectLockWaiting(guard, displayPath(workspaceRoot, join(dirname(lockDir), lockName(basename(lockDir)))), LOCK_DIR_WAIT_MS);
    }
    // No live run can own them: we hold the lock. A run killed between the two renames of its
    // swap left the previous output beside the folder: put it back first.
    restoreInterruptedSwap(outDir);
    removeStaleSiblings(outDir);
    const run = await generateRun(options, true);
    const { result } = run;
    // The lock first, even when some operations failed: what passed was paid for. Were the run
    // killed between the two writes, the next run finds every pin current and makes no call.
    if (result.lock) writeLockChange(result.lock, result.source.rootFile);
    if (run.failures.length > 0) throw implementFailed(run);
    // Again: the spec's $ref closure is only known now, and the folder may have changed meanwhile.
    assertSafeOutputDir({ ...paths, specFiles: result.source.files.map((file) => resolve(workspaceRoot, file)) });
    writeOutputAtomically(outDir, result.files);
    return result;
  } finally {
    releaseLockDir?.();
    release();
  }
}

/** How long a run waits for another run on the same spec's generation lock. */
const LOCK_DIR_WAIT_MS = 30 * 60_000;

/** The absolute generation lock folder: the option, else the default beside the spec (defaultLockDirOf). */
function resolveLockDir(workspaceRoot: string, options: Pick<GenerateOptions, 'lockDir' | 'spec'>): string {
  return resolve(workspaceRoot, options.lockDir ?? defaultLockDirOf(resolve(workspaceRoot, options.spec)));
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new SpecwrightError('INVALID_OPTION', `${name} must be a whole number of at least 1 (got ${String(value)})`, {
      location: { file: 'options', pointer: `/${name}` },
      fix: `Set ${name} to 1 or more, or leave it out for the default.`,
    });
  }
  return value;
}

function resolveEmitSet(kinds: readonly EmitKind[] | undefined): EmitSet {
  const list = kinds ?? EMIT_KINDS;
  for (const kind of list) {
    if (!EMIT_KINDS.includes(kind)) {
      throw new SpecwrightError('INVALID_OPTION', `Unknown emit kind "${String(kind)}"`, {
        location: { file: 'options', pointer: '/emit' },
        fix: `Use any of: ${EMIT_KINDS.join(', ')}.`,
      });
    }
  }
  if (list.includes('server') && !list.includes('types')) {
    throw new SpecwrightError('INVALID_OPTION', 'The server needs the types: emit "server" requires "types"', {
      location: { file: 'options', pointer: '/emit' },
      fix: 'Add "types" to the emit option.',
    });
  }
  if (list.includes('client') && !list.includes('types')) {
    throw new SpecwrightError('INVALID_OPTION', 'The client needs the types: emit "client" requires "types"', {
      location: { file: 'options', pointer: '/emit' },
      fix: 'Add "types" to the emit option.',
    });
  }
  return { types: list.includes('types'), client: list.includes('client'), server: list.includes('server') };
}

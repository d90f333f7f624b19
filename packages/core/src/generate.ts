import { mkdirSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { SpecwrightError } from './errors';
import { loadSpec, type SpecSource } from './spec/load-spec';
import { indexOperations, operationContract, operationKey, type Operation } from './contract/index-operations';
import { canonicalJson, sha256 } from './contract/canonical-json';
import { buildApiSpec } from './emit/api-spec';
import { checkSpecPatterns } from './schema/patterns';
import { startTypesEmitter, type TypesEmitter } from './emit/emit-types';
import { emitClient } from './emit/emit-client';
import { emitHandlerTypes } from './emit/emit-handler-types';
import { emitSpecModule } from './emit/emit-spec-module';
import { emitApp, type HandlerBinding } from './emit/emit-app';
import { emitConformance } from './emit/emit-conformance';
import { emitIndex, type EmitSet } from './emit/emit-index';
import { emitManifest, type ManifestOperation } from './emit/emit-manifest';
import { moduleSpecifier, relativeImport, type GeneratedFile } from './emit/generated-file';
import { createOfflineProvider } from './providers/offline/offline-provider';
import type { HandlerProvider } from './providers/provider';
import type { OperationConformanceCheck } from './verify/verify-types';
import { toPosix } from './spec/ref-closure';
import { setOwn } from './util/own-property';
import { EMITTED_INTERFACE_VERSION } from './versions';
import { writeOutputAtomically } from './write/atomic-write';
import { acquireProjectLock } from './write/project-lock';
import { assertSafeOutputDir, displayPath, type OutputPaths } from './write/output-safety';
import { lockName, removeStaleSiblings } from './write/stale-siblings';
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
  /** Module specifiers generated handlers may import besides `@specwright/runtime` and the emitted files. */
  readonly allowImports?: readonly string[];
  /** One operation's conformance cases, in-process (from @specwright/conformance); absent: verification skips that stage. */
  readonly conformanceCheck?: OperationConformanceCheck;
  readonly onProgress?: (event: GenerateProgress) => void;
}

export type GenerateProgress =
  | { readonly kind: 'loaded'; readonly files: number; readonly operations: number }
  | { readonly kind: 'implemented'; readonly operationId: string; readonly origin: 'hand-owned' | 'generated' };

export interface GenerateSummary {
  readonly operations: number;
  /** Whether handlers were bound at all (the server is in the emit set). */
  readonly server: boolean;
  readonly handOwned: number;
  readonly generated: number;
  readonly files: number;
}

export interface GenerateResult {
  /** Things the user should know that did not stop generation. */
  readonly warnings: readonly string[];
  readonly source: SpecSource;
  readonly operations: readonly Operation[];
  readonly files: readonly GeneratedFile[];
  readonly summary: GenerateSummary;
}

/**
 * The deterministic half of the pipeline: spec → bundled source → operations → artifacts.
 * Returns the files instead of writing them so callers (and tests) can inspect or diff them;
 * `generateToDisk` writes them atomically.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const emit = resolveEmitSet(options.emit);
  const typesEmitter = emit.types ? startTypesEmitter() : undefined;
  try {
    return await generateWith(options, emit, typesEmitter);
  } finally {
    typesEmitter?.dispose();
  }
}

async function generateWith(options: GenerateOptions, emit: EmitSet, typesEmitter: TypesEmitter | undefined): Promise<GenerateResult> {
  const workspaceRoot = resolve(options.workspaceRoot);
  const outDir = resolve(workspaceRoot, options.outDir);
  const handlersDir = resolve(workspaceRoot, options.handlersDir ?? join(dirname(outDir), 'handlers'));
  const provider = options.provider ?? createOfflineProvider();

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
  // Canonical JSON of the bundled spec: hashed for the manifest, and the suite's openapi.json.
  const canonicalDocument = canonicalJson(source.document);
  if (emit.server) {
    const apiSpec = buildApiSpec(source.document, source.version, operations);
    files.push(emitSpecModule(apiSpec), emitHandlerTypes(operations));
    const bindings: HandlerBinding[] = [];
    for (const operation of operations) {
      const key = operationKey(operation, {
        modelId: provider.modelId,
        promptVersion: provider.promptVersion,
        interfaceVersion: EMITTED_INTERFACE_VERSION,
      });
      const handFile = join(handlersDir, `${operation.fileName}.ts`);
      const common = { method: operation.method, path: operation.path, contractHash: operation.contractHash, key };
      if (operation.handOwned) {
        handOwned++;
        const importPath = moduleSpecifier(toPosix(relative(outDir, handFile)).replace(/\.ts$/, ''));
        bindings.push({ operation, importPath: importPath.startsWith('.') ? importPath : `./${importPath}`, origin: `hand-owned: ${toPosix(relative(workspaceRoot, handFile))}` });
        setOwn(manifestOperations, operation.id, { ...common, handler: 'hand-owned', file: toPosix(relative(workspaceRoot, handFile)) });
        options.onProgress?.({ kind: 'implemented', operationId: operation.id, origin: 'hand-owned' });
        continue;
      }
      const path = `implementations/${operation.fileName}.ts`;
      const implementation = await provider.implement({
        document: source.document,
        version: source.version,
        operation,
        handlerTypesImport: relativeImport(path, 'handler-types'),
        contract: () => operationContract(source.document, operation),
      });
      files.push({ path, contents: implementation.code });
      bindings.push({ operation, importPath: moduleSpecifier(`./implementations/${operation.fileName}`), origin: `${implementation.provenance.provider}: ${path}` });
      setOwn(manifestOperations, operation.id, {
        ...common,
        handler: implementation.provenance.provider,
        model: implementation.provenance.model,
        promptVersion: implementation.provenance.promptVersion,
        file: toPosix(relative(workspaceRoot, join(outDir, path))),
      });
      options.onProgress?.({ kind: 'implemented', operationId: operation.id, origin: 'generated' });
    }
    files.push(emitApp(bindings), ...emitConformance(canonicalDocument));
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
  return {
    warnings: [...patterns.warnings, ...warnings],
    source,
    operations,
    files,
    summary: {
      operations: operations.length,
      server: emit.server,
      handOwned,
      generated: emit.server ? operations.length - handOwned : 0,
      files: files.length,
    },
  };
}

/** `1 hand-owned, 4 offline`, or what was emitted when no handlers were bound (a client library). */
export function describeHandlers(summary: GenerateSummary): string {
  return summary.server ? `${summary.handOwned} hand-owned, ${summary.generated} offline` : 'no server, so no handlers';
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
  };
  // Before anything is written, the output's parent folder and the lock file included.
  assertSafeOutputDir(paths);
  mkdirSync(dirname(outDir), { recursive: true });
  const lockPath = join(dirname(outDir), lockName(basename(outDir)));
  // The real path, so one folder reached through a symlink is still one lock.
  const release = acquireProjectLock(join(realpathSync.native(dirname(outDir)), basename(lockPath)), displayPath(workspaceRoot, lockPath));
  try {
    // No live run can own them: we hold the lock.
    removeStaleSiblings(outDir);
    const result = await generate(options);
    // Again: the spec's $ref closure is only known now, and the folder may have changed meanwhile.
    assertSafeOutputDir({ ...paths, specFiles: result.source.files.map((file) => resolve(workspaceRoot, file)) });
    writeOutputAtomically(outDir, result.files);
    return result;
  } finally {
    release();
  }
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

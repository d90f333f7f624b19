import { relative } from 'node:path';
import { operationKey, operationContract, type Operation } from '../contract/index-operations';
import type { GeneratedFile } from '../emit/generated-file';
import { relativeImport } from '../emit/generated-file';
import { SpecwrightError } from '../errors';
import { readLock, pinStatus, writeLock, type LockEntry, type LockState } from '../lock';
import { codeSha256 } from '../lock/code-sha';
import { lockPathKind } from '../lock/lock-file-path';
import type { HandlerProvider, Implementation, ImplementRequest } from '../providers/provider';
import type { SpecSource } from '../spec/load-spec';
import { toPosix } from '../spec/ref-closure';
import { EMITTED_INTERFACE_VERSION } from '../versions';
import { createVerifier } from '../verify/create-verifier';
import type { OperationConformanceCheck } from '../verify/verify-types';
import { implementOperations, type ImplementProgress, type ImplementStageResult, type NewPin } from './implement-operations';
import { buildSharedContext } from './shared-context';

export interface ImplementHandlersInput {
  readonly workspaceRoot: string;
  readonly source: SpecSource;
  /** Operations without a hand-owned handler. */
  readonly operations: readonly Operation[];
  /** Every operation of the spec (the verifier's app and the handler types cover them all). */
  readonly allOperations: readonly Operation[];
  readonly provider: HandlerProvider;
  /** Absolute lock folder. */
  readonly lockDir: string;
  readonly frozen: boolean;
  readonly concurrency: number;
  readonly maxAttempts: number;
  readonly allowImports: readonly string[];
  readonly conformanceCheck?: OperationConformanceCheck;
  /** First attempts as one Message Batch (providers that have them). */
  readonly batch: boolean;
  readonly batchPollIntervalMs?: number;
  /** Write pins to the lock during the run (generateToDisk, which holds the lock folder's guard). */
  readonly persistPins?: boolean;
  /** Workspace-relative root spec (recorded in the lock). */
  readonly specFile: string;
  /** The project's services module, relative to the output folder, with its source. */
  readonly contextFile?: { readonly path: string; readonly contents: string };
  /** Emitted files the candidates are checked against; types.ts arrives from its worker. */
  emittedFiles(): Promise<readonly GeneratedFile[]>;
  onProgress?(event: ImplementProgress): void;
}

export interface ImplementHandlersResult extends ImplementStageResult {
  readonly lock: LockState;
  /** A pending batch was collected this run: the final lock write drops its record. */
  readonly batchCollected: boolean;
  /** Workspace-relative lock folder. */
  readonly lockDisplay: string;
}

/** How often, at most, pins are written to the lock while a run goes on. */
const PIN_FLUSH_MS = 5_000;

/** Module imports every handler may use, whatever the project adds. */
export const BUILTIN_ALLOWED_IMPORTS: readonly string[] = ['@specwright/runtime'];

/** The implement stage wired to a generate run: keys, the lock on disk, requests, the verifier. */
export async function implementHandlers(input: ImplementHandlersInput): Promise<ImplementHandlersResult> {
  const lockDisplay = toPosix(relative(input.workspaceRoot, input.lockDir)) || '.';
  const lock = readLock(input.lockDir, lockDisplay);
  const keys = new Map(input.operations.map((operation) => [operation.id, operationKey(operation, {
    modelId: input.provider.modelId,
    promptVersion: input.provider.promptVersion,
    interfaceVersion: EMITTED_INTERFACE_VERSION,
  })]));
  const keyOf = (operation: Operation): string => keys.get(operation.id) as string;
  const allowImports = [...new Set([...BUILTIN_ALLOWED_IMPORTS, ...input.allowImports])].sort();
  const sharedContext = buildSharedContext({
    allowImports,
    contextFile: input.contextFile ? { importPath: input.contextFile.path, source: input.contextFile.contents } : undefined,
  });
  const { document, version } = input.source;
  const requestOf = (operation: Operation): ImplementRequest => ({
    document,
    version,
    operation,
    handlerTypesImport: relativeImport(implementationPath(operation), 'handler-types'),
    contract: () => operationContract(document, operation),
    sharedContext,
  });
  const notices: string[] = [];
  let batchCollected = false;
  // A batch an earlier run submitted is collected even without --batch (it is paid for); then
  // only its operations come from it, and the rest are called live as asked.
  const pending = lock.pendingBatch;
  const inPending = (operation: Operation): boolean =>
    pending !== undefined && Object.values(pending.requests).some((r) => r.operationId === operation.id && r.key === keyOf(operation));
  const batch = input.batch || pending
    ? async (all: readonly Operation[]): Promise<ReadonlyMap<string, Implementation | Error>> => {
        const operations = input.batch ? all : all.filter(inPending);
        if (operations.length === 0) {
          // Nothing current in it (the spec or model moved on): its record goes with this run's lock write.
          batchCollected = true;
          return new Map();
        }
        const { provider } = input;
        if (!provider.implementBatch) {
          throw new SpecwrightError('INVALID_OPTION', `--batch needs a provider with Message Batches; "${provider.id}" has none`, {
            location: { file: 'options', pointer: '/batch' },
            fix: 'Use --batch with provider "anthropic", or leave it out.',
          });
        }
        const results = await provider.implementBatch(
          operations.map((operation) => ({ request: requestOf(operation), key: keyOf(operation) })),
          {
            ...(pending ? { pending } : {}),
            // Recorded before polling: a run stopped while waiting resumes this batch, never pays again.
            onSubmitted: (pending) => writeLock(input.lockDir, { spec: input.specFile, set: {}, remove: [], pendingBatch: pending }, lockDisplay),
            onProgress: (progress) => input.onProgress?.({ kind: 'batch', ...progress }),
            onNotice: (message) => notices.push(message),
            ...(input.batchPollIntervalMs !== undefined ? { pollIntervalMs: input.batchPollIntervalMs } : {}),
          },
        );
        batchCollected = true;
        return results;
      }
    : undefined;

  notices.push(...editedPinsLeftBehind(lock, input.allOperations, lockDisplay));

  // Paid work is written to the lock as the run goes (at most every PIN_FLUSH_MS), so a run that
  // is killed loses seconds of it, not all of it; the final write adds the rest.
  let lastFlush = Date.now();
  const persistPins = (pins: ReadonlyMap<string, NewPin>): void => {
    if (Date.now() - lastFlush < PIN_FLUSH_MS) return;
    lastFlush = Date.now();
    const set = Object.create(null) as { [operationId: string]: NewPin };
    for (const [operationId, pin] of pins) set[operationId] = pin;
    writeLock(input.lockDir, { spec: input.specFile, set, remove: [] }, lockDisplay);
  };

  const result = await implementOperations({
    operations: input.operations,
    provider: input.provider,
    keyOf,
    statusOf: (operation) => pinStatus(lock, operation.id, keyOf(operation)),
    blockedReason: (operation) => pinPathBlocked(lock, input.lockDir, lockDisplay, operation),
    requestOf,
    batch,
    lockFileOf: (operation) => `${operation.fileName}.ts`,
    lockDisplay,
    frozen: input.frozen,
    concurrency: input.concurrency,
    maxAttempts: input.maxAttempts,
    createVerifier: async () =>
      createVerifier({
        files: await input.emittedFiles(),
        document,
        version,
        operations: input.allOperations,
        allowImports: input.allowImports,
        // A project's own services (src/context.ts: databases, clients) are not started at generate
        // time, so its handlers are held to typecheck and policy here; `nx run <project>:conformance`
        // runs the cases against the real services.
        conformanceCheck: input.contextFile ? undefined : input.conformanceCheck,
        contextFile: input.contextFile,
      }),
    onProgress: input.onProgress,
    onPinned: input.persistPins ? persistPins : undefined,
  });
  if (input.contextFile && input.conformanceCheck && result.pins.size > 0) {
    notices.push(
      `Verified ${result.pins.size} new pin(s) by policy and typecheck only: the project's services (${input.contextFile.path.replace(/^(\.\.\/)+/, '')}) are not started at generate time; run the conformance target to test them against the spec.`,
    );
  }
  return { ...result, warnings: [...result.warnings, ...notices], lock, lockDisplay, batchCollected };
}

/**
 * Pins a person edited whose operation is no longer in the spec: the lock write drops their
 * entries but keeps the files (it never deletes what a person changed), so they are named here
 * instead of staying in the lock folder unnoticed.
 */
function editedPinsLeftBehind(lock: LockState, allOperations: readonly Operation[], lockDisplay: string): string[] {
  const entries = lock.index?.entries ?? {};
  const inSpec = new Set(allOperations.map((operation) => operation.id));
  const notices: string[] = [];
  for (const id of Object.keys(entries).sort()) {
    if (inSpec.has(id)) continue;
    const entry = entries[id] as LockEntry;
    const bytes = lock.readCodeBytes(entry);
    if (bytes !== undefined && codeSha256(bytes) !== entry.codeSha256) {
      notices.push(
        `${lockDisplay}/${entry.file} was edited by hand and its operation ${id} is no longer in the spec: its lock entry is removed, the file is kept but no longer used. ` +
          'Delete it, or move it to the handlers folder if the operation comes back.',
      );
    }
  }
  return notices;
}

/**
 * Why the operation's pin file cannot be written: something the lock does not record as a pin it
 * may replace sits at that path (an edited pin of an operation that left the spec and came back,
 * a file put there by hand, a link or a folder). The lock write would refuse it after the model
 * was paid; refused up front, it costs nothing and the run's other pins are kept.
 */
function pinPathBlocked(lock: LockState, lockDir: string, lockDisplay: string, operation: Operation): string | undefined {
  const file = `${operation.fileName}.ts`;
  const kind = lockPathKind(lockDir, file);
  if (kind === 'missing') return undefined;
  const entries = lock.index?.entries ?? {};
  const owner = Object.keys(entries).find((id) => entries[id]?.file === file);
  if (owner !== undefined) {
    const entry = entries[owner] as LockEntry;
    // Its own entry (the pin status decides), or another's unedited pin, which the write replaces.
    if (owner === operation.id) return undefined;
    const bytes = kind === 'file' ? lock.readCodeBytes(entry) : undefined;
    if (bytes !== undefined && codeSha256(bytes) === entry.codeSha256) return undefined;
  }
  return (
    `${lockDisplay}/${file} is in the way of its pin: the lock records no pin of this operation there, and Specwright never overwrites such a file. ` +
    'Move it to the handlers folder to own the handler, or delete it to have it generated.'
  );
}

/** Where an operation's implementation lives in the output folder. */
export function implementationPath(operation: Operation): string {
  return `implementations/${operation.fileName}.ts`;
}

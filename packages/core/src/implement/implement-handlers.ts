import { join, relative } from 'node:path';
import { operationKey, operationContract, type Operation } from '../contract/index-operations';
import type { GeneratedFile } from '../emit/generated-file';
import { relativeImport } from '../emit/generated-file';
import { readLock, pinStatus, type LockState } from '../lock';
import type { HandlerProvider } from '../providers/provider';
import type { SpecSource } from '../spec/load-spec';
import { toPosix } from '../spec/ref-closure';
import { EMITTED_INTERFACE_VERSION } from '../versions';
import { createVerifier } from '../verify/create-verifier';
import type { OperationConformanceCheck } from '../verify/verify-types';
import { implementOperations, type ImplementProgress, type ImplementStageResult } from './implement-operations';
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
  /** The project's services module, relative to the output folder, with its source. */
  readonly contextFile?: { readonly path: string; readonly contents: string };
  /** Emitted files the candidates are checked against; types.ts arrives from its worker. */
  emittedFiles(): Promise<readonly GeneratedFile[]>;
  onProgress?(event: ImplementProgress): void;
}

export interface ImplementHandlersResult extends ImplementStageResult {
  readonly lock: LockState;
  /** Workspace-relative lock folder. */
  readonly lockDisplay: string;
}

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

  const result = await implementOperations({
    operations: input.operations,
    provider: input.provider,
    keyOf,
    statusOf: (operation) => pinStatus(lock, operation.id, keyOf(operation)),
    requestOf: (operation) => ({
      document,
      version,
      operation,
      handlerTypesImport: relativeImport(implementationPath(operation), 'handler-types'),
      contract: () => operationContract(document, operation),
      sharedContext,
    }),
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
        conformanceCheck: input.conformanceCheck,
        contextFile: input.contextFile,
      }),
    onProgress: input.onProgress,
  });
  return { ...result, lock, lockDisplay };
}

/** Where an operation's implementation lives in the output folder. */
export function implementationPath(operation: Operation): string {
  return `implementations/${operation.fileName}.ts`;
}

/** The default lock folder: `specwright.lock` beside the root spec. */
export function defaultLockDir(specFile: string): string {
  return join(specFile, '..', 'specwright.lock');
}

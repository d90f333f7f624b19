import { createSpecApp, type ApiSpec, type Handler, type ValidatorCache } from '@specwright/runtime';
import type { Operation } from '../contract/index-operations';
import type { OpenApiDocument } from '../spec/openapi-version';
import { describeError, loadCandidate } from './load-candidate';
import type { OperationConformanceCheck } from './verify-types';

export interface ConformanceStageInput {
  readonly operation: Operation;
  readonly code: string;
  /** `implementations/<fileName>.ts`, for messages. */
  readonly fileName: string;
  /** The request-side description of the whole API (buildApiSpec), built once per run. */
  readonly apiSpec: ApiSpec;
  /** Validators compiled for apiSpec, shared by every candidate of the run. */
  readonly validators: ValidatorCache;
  readonly document: OpenApiDocument;
  readonly check: OperationConformanceCheck;
  readonly allowImports?: readonly string[];
  /** How long loading, each synchronous stretch of a handler call, and the whole check may take. */
  readonly timeoutMs: number;
}

/** How many distinct errors the handler threw are quoted with the failures. */
const QUOTED_HANDLER_ERRORS = 3;

/**
 * Loads the candidate, serves it as the operation's handler in the real runtime app (every other
 * operation answers 501), and runs the operation's conformance cases against that app in-process.
 * Returns the failures as text, the errors the handler threw quoted after them; empty: passed.
 * Nothing the candidate does ends the run: throwing, hanging and timing out are failures.
 */
export async function runConformanceStage(input: ConformanceStageInput): Promise<string[]> {
  let syncTimeout = false;
  const loaded = loadCandidate(input.code, {
    fileName: input.fileName,
    allowImports: input.allowImports,
    timeoutMs: input.timeoutMs,
    onTimeout: () => {
      syncTimeout = true;
    },
  });
  if (!loaded.ok) return [loaded.error];
  try {
    return await serveAndCheck(input, loaded.handler, () => syncTimeout);
  } finally {
    loaded.dispose();
  }
}

async function serveAndCheck(input: ConformanceStageInput, handler: Handler, syncTimedOut: () => boolean): Promise<string[]> {
  const thrown = new Set<string>();
  const app = createSpecApp(
    input.apiSpec,
    { [input.operation.id]: handler },
    {
      validators: input.validators,
      // What the handler threw reaches the client as a bare 500; the model needs the error itself.
      onError: (error, info) => {
        if (info.operationId === input.operation.id && thrown.size < QUOTED_HANDLER_ERRORS) thrown.add(describeError(error));
      },
    },
  );

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), input.timeoutMs);
  });
  let failures: readonly string[];
  try {
    const outcome = await Promise.race([input.check({ app, operationId: input.operation.id, document: input.document }), timeout]);
    failures =
      outcome === 'timeout'
        ? [`${input.fileName}: the conformance cases did not finish within ${input.timeoutMs} ms: a handler promise that never settles, or a very slow handler`]
        : outcome;
  } catch (error) {
    failures = [`${input.fileName}: the conformance check failed to run: ${describeError(error)}`];
  } finally {
    clearTimeout(timer);
  }
  if (failures.length === 0) return [];
  const notes: string[] = [];
  if (syncTimedOut()) notes.push(`${input.fileName}: a handler call ran synchronously for more than ${input.timeoutMs} ms and was stopped (an endless loop?)`);
  return [...notes, ...failures, ...[...thrown].map((text) => `${input.fileName}: the handler threw ${text}`)];
}

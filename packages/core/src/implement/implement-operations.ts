import type { Operation } from '../contract/index-operations';
import { SpecwrightError } from '../errors';
import type { LockEntry, PinStatus } from '../lock/lock-types';
import { NO_USAGE, type HandlerProvider, type Implementation, type ImplementationProvenance, type ImplementRequest, type TokenUsage } from '../providers/provider';
import type { Verifier } from '../verify/verify-types';
import { implementWithRepair, type RepairResult } from './implement-with-repair';
import { addUsage, type OperationOutcome } from './outcomes';
import { runPool } from './run-pool';

/** A new pin for the lock: the entry without what writing computes (the code's sha). */
export interface NewPin {
  readonly entry: Omit<LockEntry, 'codeSha256'>;
  readonly code: string;
}

export type ImplementProgress =
  | { readonly kind: 'implemented'; readonly operationId: string; readonly outcome: OperationOutcome }
  | { readonly kind: 'attempt-rejected'; readonly operationId: string; readonly attempt: number; readonly stage: string; readonly errors: readonly string[] }
  | { readonly kind: 'work'; readonly toImplement: number; readonly reused: number }
  | { readonly kind: 'batch'; readonly batchId: string; readonly processing: number; readonly succeeded: number; readonly errored: number; readonly expired: number; readonly canceled: number };

export interface ImplementStageInput {
  /** Operations without a hand-owned handler, in index order. */
  readonly operations: readonly Operation[];
  readonly provider: HandlerProvider;
  /** The operation's key for this provider (what a current pin must equal). */
  keyOf(operation: Operation): string;
  /** Where each operation stands against the lock. */
  statusOf(operation: Operation): PinStatus;
  /**
   * Why an operation without a current pin could not be pinned at all (a file the lock does not
   * record sits where its pin would be written, and the lock write never overwrites one), or
   * undefined. Such an operation fails before any provider call: the work would be paid for,
   * then refused at the lock write together with every other pin of the run.
   */
  blockedReason?(operation: Operation): string | undefined;
  /** The request for an operation (document, contract, handler types import, shared context). */
  requestOf(operation: Operation): ImplementRequest;
  /** Lock-relative file of the operation's pin. */
  lockFileOf(operation: Operation): string;
  /** Workspace-relative lock folder, for messages. */
  readonly lockDisplay: string;
  readonly frozen: boolean;
  readonly concurrency: number;
  readonly maxAttempts: number;
  /** Built only when some operation needs a provider that is not deterministic. */
  createVerifier(): Promise<Verifier>;
  /** First attempts of many operations at once (a Message Batch); verified and repaired like any other reply. */
  readonly batch?: (operations: readonly Operation[]) => Promise<ReadonlyMap<string, Implementation | Error>>;
  onProgress?(event: ImplementProgress): void;
  /** A new pin was made (all of this run's pins so far): a caller may persist them before the run ends. */
  onPinned?(pins: ReadonlyMap<string, NewPin>): void;
}

export interface ImplementStageResult {
  /** Handler code by operation id, for every operation that has one (reused, edited or pinned). */
  readonly code: ReadonlyMap<string, string>;
  readonly provenance: ReadonlyMap<string, ImplementationProvenance>;
  readonly outcomes: ReadonlyMap<string, OperationOutcome>;
  /** New pins by operation id (nothing else in the lock changes here). */
  readonly pins: ReadonlyMap<string, NewPin>;
  readonly usage: TokenUsage;
  readonly warnings: readonly string[];
  /** Operations that got no code this run, and why. */
  readonly failures: ReadonlyArray<{ readonly operationId: string; readonly reason: string }>;
  /** The run-level error that stopped it early (no key, API unreachable), if any. */
  readonly fatal?: SpecwrightError;
}

/** Whether a provider's output is a pure function of its request (pinned as `deterministic`, not verified per run). */
export function isDeterministic(provider: HandlerProvider): boolean {
  return provider.id === 'offline';
}

/**
 * The implement stage: reuse every current pin, keep every hand-edited pin, and send the rest
 * to the provider (verified and repaired, `concurrency` at a time) unless `frozen`, where a
 * missing or stale pin is an error listing all of them. Work that passed is returned as pins
 * even when other operations failed, so no paid work is lost.
 */
export async function implementOperations(input: ImplementStageInput): Promise<ImplementStageResult> {
  const code = new Map<string, string>();
  const provenance = new Map<string, ImplementationProvenance>();
  const outcomes = new Map<string, OperationOutcome>();
  const pins = new Map<string, NewPin>();
  const warnings: string[] = [];
  const failures: Array<{ operationId: string; reason: string }> = [];
  const todo: Array<{ operation: Operation; status: PinStatus }> = [];
  const keptForeign: string[] = [];
  const settle = (operationId: string, outcome: OperationOutcome): void => {
    outcomes.set(operationId, outcome);
    input.onProgress?.({ kind: 'implemented', operationId, outcome });
  };

  for (const operation of input.operations) {
    const status = input.statusOf(operation);
    if (status.kind === 'current' || status.kind === 'edited') {
      code.set(operation.id, status.code);
      provenance.set(operation.id, provenanceOf(status.entry));
      const stale = status.entry.key !== input.keyOf(operation);
      if (status.kind === 'current') settle(operation.id, { kind: 'reused' });
      else {
        settle(operation.id, { kind: 'edited', stale });
        warnings.push(
          `${input.lockDisplay}/${status.entry.file} was edited by hand (its sha256 differs from the lock): kept and used as is, never overwritten` +
            `${stale ? '; the operation\'s contract or model changed too, so it may no longer fit' : ''}. ` +
            `To own it, move it to the handlers folder; to have it regenerated, delete the file.`,
        );
      }
      continue;
    }
    // The offline provider never replaces a model's work: a pin another provider made is kept
    // while its contract still holds, and an operation whose contract moved under it fails.
    if (status.kind === 'stale' && isDeterministic(input.provider) && status.entry.provider !== input.provider.id) {
      if (status.entry.contractHash === operation.contractHash) {
        code.set(operation.id, status.code);
        provenance.set(operation.id, provenanceOf(status.entry));
        keptForeign.push(operation.id);
        settle(operation.id, { kind: 'reused' });
      } else {
        const reason = `its contract changed and its pin was made by ${status.entry.provider} (${status.entry.model}); the offline provider does not replace a model's work: run with that provider and model, or delete ${input.lockDisplay}/${status.entry.file}`;
        failures.push({ operationId: operation.id, reason });
        settle(operation.id, { kind: 'failed', attempts: 0, usage: NO_USAGE, reason, stage: 'provider' });
      }
      continue;
    }
    const blocked = input.blockedReason?.(operation);
    if (blocked !== undefined) {
      failures.push({ operationId: operation.id, reason: blocked });
      settle(operation.id, { kind: 'failed', attempts: 0, usage: NO_USAGE, reason: blocked, stage: 'provider' });
      continue;
    }
    todo.push({ operation, status });
  }
  if (keptForeign.length > 0) {
    warnings.push(`${keptForeign.length} operation(s) keep pins another provider made (${keptForeign.slice(0, 5).join(', ')}${keptForeign.length > 5 ? ', …' : ''}): the offline provider never replaces a model's work.`);
  }
  input.onProgress?.({ kind: 'work', toImplement: todo.length, reused: input.operations.length - todo.length });

  if (input.frozen && todo.length > 0) {
    const lines = todo.map(({ operation, status }) => `  ${operation.id} (${operation.method.toUpperCase()} ${operation.path}): ${status.kind === 'stale' ? staleReason(status.entry, operation, input) : 'no pin'}`);
    throw new SpecwrightError('LOCK_STALE', `--frozen: ${todo.length} operation(s) have no current pin in ${input.lockDisplay}:\n${lines.join('\n')}`, {
      location: { file: `${input.lockDisplay}/index.json` },
      fix: 'Run generate without --frozen (with the provider and model the lock was made with) and commit specwright.lock/.',
    });
  }

  let usage: TokenUsage = NO_USAGE;
  let fatal: SpecwrightError | undefined;
  const record = (operation: Operation, result: RepairResult): void => {
    usage = addUsage(usage, result.usage);
    if (result.ok) {
      const { implementation } = result;
      code.set(operation.id, implementation.code);
      provenance.set(operation.id, implementation.provenance);
      pins.set(operation.id, { entry: entryOf(operation, input, result), code: implementation.code });
      input.onPinned?.(pins);
      settle(operation.id, { kind: 'pinned', attempts: result.attempts, usage: result.usage });
      return;
    }
    if (result.fatal && !fatal) fatal = result.fatal;
    failures.push({ operationId: operation.id, reason: result.reason });
    settle(operation.id, { kind: 'failed', attempts: result.attempts, usage: result.usage, reason: result.reason, stage: result.stage });
  };

  if (todo.length > 0) {
    const deterministic = isDeterministic(input.provider);
    const verifier = deterministic ? undefined : await input.createVerifier();
    try {
      const remaining = todo.map((t) => t.operation);
      // Batch replies are first attempts: verified, and repaired with live calls, like any other.
      const batched = input.batch && !deterministic ? await input.batch(remaining) : undefined;
      const implementOne = async (operation: Operation): Promise<void> => {
        const result = await implementWithRepair(
          input.requestOf(operation),
          input.provider,
          verifier,
          input.maxAttempts,
          { onRejected: (attempt, stage, errors) => input.onProgress?.({ kind: 'attempt-rejected', operationId: operation.id, attempt, stage, errors }) },
          batched?.get(operation.id),
        );
        record(operation, result);
      };
      // The first call goes alone: it writes the shared context into the prompt cache, which
      // calls started at the same moment could not read yet (each would pay to write it).
      const [first, ...rest] = remaining;
      if (first && !deterministic && !batched && rest.length > 0) await implementOne(first);
      await runPool(deterministic || batched || rest.length === 0 ? remaining : rest, deterministic ? 1 : input.concurrency, implementOne, () => fatal !== undefined);
      // Never started because the run stopped: failed with the run's reason.
      for (const operation of remaining) {
        if (!outcomes.has(operation.id)) record(operation, { ok: false, attempts: 0, usage: NO_USAGE, reason: `not attempted: ${fatal?.message ?? 'the run stopped'}`, stage: 'provider' });
      }
    } finally {
      verifier?.dispose();
    }
  }
  return { code, provenance, outcomes, pins, usage, warnings, failures, fatal };
}

function provenanceOf(entry: LockEntry): ImplementationProvenance {
  return { provider: entry.provider, model: entry.model, promptVersion: entry.promptVersion };
}

function entryOf(operation: Operation, input: ImplementStageInput, result: Extract<RepairResult, { ok: true }>): Omit<LockEntry, 'codeSha256'> {
  const p = result.implementation.provenance;
  return {
    key: input.keyOf(operation),
    contractHash: operation.contractHash,
    method: operation.method,
    path: operation.path,
    file: input.lockFileOf(operation),
    provider: p.provider,
    model: p.model,
    promptVersion: p.promptVersion,
    ...(p.apiVersion === undefined ? {} : { apiVersion: p.apiVersion }),
    ...(p.requestId === undefined ? {} : { requestId: p.requestId }),
    ...(p.promptHash === undefined ? {} : { promptHash: p.promptHash }),
    usage: result.usage,
    attempts: result.attempts,
    verdict: isDeterministic(input.provider) ? 'deterministic' : 'verified',
    ...(result.implementation.notes ? { notes: result.implementation.notes } : {}),
  };
}

/** Why a pin no longer fits: the contract, the model, or the prompt/interface version moved. */
function staleReason(entry: LockEntry, operation: Operation, input: ImplementStageInput): string {
  if (entry.contractHash !== operation.contractHash) return 'the contract changed since it was pinned';
  if (entry.model !== input.provider.modelId) return `pinned with model ${entry.model}, the run uses ${input.provider.modelId}`;
  if (entry.promptVersion !== input.provider.promptVersion) return `pinned with prompt version ${entry.promptVersion}, the run uses ${input.provider.promptVersion}`;
  return 'pinned for another Specwright interface version';
}

import { isSpecwrightError, type SpecwrightError, type SpecwrightErrorCode } from '../errors';
import { NO_USAGE, type HandlerProvider, type Implementation, type ImplementRequest, type RejectedAttempt, type TokenUsage } from '../providers/provider';
import type { Verifier, VerifyStage } from '../verify/verify-types';
import { addUsage } from './outcomes';

/** Provider errors that no other operation of the run could escape: stop starting new ones. */
const RUN_LEVEL_ERRORS: ReadonlySet<SpecwrightErrorCode> = new Set<SpecwrightErrorCode>(['MISSING_API_KEY', 'MODEL_UNREACHABLE', 'MODEL_AUTH_FAILED', 'INVALID_OPTION']);

export type RepairResult =
  | { readonly ok: true; readonly implementation: Implementation; readonly attempts: number; readonly usage: TokenUsage }
  | {
      readonly ok: false;
      readonly attempts: number;
      readonly usage: TokenUsage;
      readonly reason: string;
      readonly stage: VerifyStage | 'provider';
      /** A run-level failure (no key, API unreachable, refused credentials): stop starting operations. */
      readonly fatal?: SpecwrightError;
    };

export interface RepairHooks {
  /** A candidate (or a reply) was rejected and goes back to the model, if attempts remain. */
  onRejected?(attempt: number, stage: VerifyStage | 'reply', errors: readonly string[]): void;
}

/**
 * One operation: ask the provider (unless `first` is its first reply, from a batch), verify what it returns, and feed the exact errors back until
 * a candidate passes or `maxAttempts` calls were made. A reply that is not code (cut off at
 * max_tokens, malformed JSON) counts as an attempt and is repaired like a failed check.
 */
export async function implementWithRepair(
  request: ImplementRequest,
  provider: HandlerProvider,
  verifier: Verifier | undefined,
  maxAttempts: number,
  hooks: RepairHooks = {},
  first?: Implementation | Error,
): Promise<RepairResult> {
  const rejected: RejectedAttempt[] = [];
  let usage: TokenUsage = NO_USAGE;
  let last: { reason: string; stage: VerifyStage | 'provider' } = { reason: 'no attempt was made', stage: 'provider' };
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    let implementation: Implementation;
    try {
      // The first attempt may already have been made (a Message Batch result).
      const given = attempt === 1 ? first : undefined;
      if (given instanceof Error) throw given;
      implementation = given ?? (await provider.implement({ ...request, rejected: [...rejected] }));
    } catch (error) {
      const replyErrors = replyErrorsOf(error);
      if (replyErrors) {
        usage = addUsage(usage, usageOf(error));
        rejected.push({ code: partialCodeOf(error), errors: replyErrors });
        last = { reason: replyErrors.join('; '), stage: 'provider' };
        hooks.onRejected?.(attempt, 'reply', replyErrors);
        continue;
      }
      const message = oneLine(error);
      // Errors about the key, reachability, credentials or options concern the whole run;
      // anything else (an API error about this request, a timeout) fails this operation only.
      const fatal = isSpecwrightError(error) && RUN_LEVEL_ERRORS.has(error.code) ? error : undefined;
      return { ok: false, attempts: attempt, usage, reason: message, stage: 'provider', fatal };
    }
    usage = addUsage(usage, implementation.usage);
    if (!verifier) return { ok: true, implementation, attempts: attempt, usage };
    const verdict = await verifier.verify({ operation: request.operation, code: implementation.code });
    if (verdict.ok) return { ok: true, implementation, attempts: attempt, usage };
    rejected.push({ code: implementation.code, errors: verdict.errors });
    last = { reason: `${verdict.stage}: ${verdict.errors.slice(0, 3).join('; ')}${verdict.errors.length > 3 ? ` (+${verdict.errors.length - 3} more)` : ''}`, stage: verdict.stage };
    hooks.onRejected?.(attempt, verdict.stage, verdict.errors);
  }
  return { ok: false, attempts: maxAttempts, usage, ...last };
}

/**
 * A reply that is not usable code (ModelReplyError from the anthropic provider, or any error
 * carrying `replyErrors`): the errors to feed back. Duck-typed so providers stay decoupled.
 */
function replyErrorsOf(error: unknown): readonly string[] | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { replyErrors?: unknown; name?: unknown; message?: unknown };
  if (Array.isArray(candidate.replyErrors) && candidate.replyErrors.every((e) => typeof e === 'string')) return candidate.replyErrors as string[];
  // ModelReplyError (a SpecwrightError, so this is asked before the run-level check).
  if (candidate.name === 'ModelReplyError' && typeof candidate.message === 'string') return [candidate.message];
  return undefined;
}

function usageOf(error: unknown): TokenUsage | undefined {
  const usage = (error as { usage?: TokenUsage }).usage;
  return usage && typeof usage.input === 'number' ? usage : undefined;
}

/** What the unusable reply said (a reply cut off at max_tokens), so the model sees where it stopped. */
function partialCodeOf(error: unknown): string {
  const text = (error as { replyText?: unknown }).replyText;
  return typeof text === 'string' ? text : '';
}

export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

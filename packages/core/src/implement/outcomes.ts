import type { TokenUsage } from '../providers/provider';
import type { VerifyStage } from '../verify/verify-types';

/** What happened to one operation's handler in a run. */
export type OperationOutcome =
  /** A file in the handlers folder implements it: no provider, no lock entry. */
  | { readonly kind: 'hand-owned' }
  /** Its lock entry was current: the pinned code, no call. */
  | { readonly kind: 'reused' }
  /** Its pinned file was edited by a person: used as is, never overwritten. `stale` when the contract or model changed too. */
  | { readonly kind: 'edited'; readonly stale: boolean }
  /** The provider wrote it, verification passed, and it was pinned. */
  | { readonly kind: 'pinned'; readonly attempts: number; readonly usage: TokenUsage }
  /** Every attempt failed (or the run stopped): nothing pinned, the previous pin (if any) stays. */
  | { readonly kind: 'failed'; readonly attempts: number; readonly usage: TokenUsage; readonly reason: string; readonly stage?: VerifyStage | 'provider' };

export function addUsage(a: TokenUsage, b: TokenUsage | undefined): TokenUsage {
  if (!b) return a;
  return { input: a.input + b.input, output: a.output + b.output, cacheRead: a.cacheRead + b.cacheRead, cacheWrite: a.cacheWrite + b.cacheWrite };
}

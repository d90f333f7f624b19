import type { MessageBatchIndividualResponse } from '@anthropic-ai/sdk/resources/messages/batches';
import type { Message, Usage } from '@anthropic-ai/sdk/resources/messages';
import type { TokenUsage } from '../provider';

/** What one request of a batch came to. */
export type BatchRequestResult =
  | { readonly ok: true; readonly message: Message; readonly usage: TokenUsage; readonly requestId?: string }
  | { readonly ok: false; readonly error: string };

/** Tokens a batch request used, in the provider seam's terms. */
export function tokenUsageOf(usage: Usage): TokenUsage {
  return {
    input: usage.input_tokens,
    output: usage.output_tokens,
    cacheRead: usage.cache_read_input_tokens ?? 0,
    cacheWrite: usage.cache_creation_input_tokens ?? 0,
  };
}

/**
 * One JSONL line of a batch's results as an outcome. Batch requests have no request id of their
 * own (the API answers the batch, not each request), so `requestId` stays absent; the batch id is
 * on the outcome instead. Failures are one line: the result type, then the reason.
 */
export function batchRequestResult(response: MessageBatchIndividualResponse | undefined, batchId: string): BatchRequestResult {
  if (!response) return { ok: false, error: `errored: batch ${batchId} returned no result for this request` };
  const result = response.result;
  switch (result.type) {
    case 'succeeded':
      return { ok: true, message: result.message, usage: tokenUsageOf(result.message.usage) };
    case 'errored': {
      const detail = result.error.error;
      return { ok: false, error: oneLine(`errored: ${detail.type}: ${detail.message}`) };
    }
    case 'expired':
      return { ok: false, error: `expired: batch ${batchId} reached its 24-hour limit before this request was processed` };
    case 'canceled':
      return { ok: false, error: `canceled: batch ${batchId} was canceled before this request was processed` };
  }
}

/** Collapses whitespace and bounds the length, so a reason fits one line of a report. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

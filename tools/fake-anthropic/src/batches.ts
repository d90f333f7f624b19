/**
 * Message Batches: a batch's replies are decided when it is created (through the same script as
 * `/v1/messages`, so a test scripts batch work exactly like live calls), it reports `in_progress`
 * for a configurable number of polls, then `ended` with a `results_url` serving JSONL.
 */
import type { MessageBatch, MessageBatchIndividualResponse, MessageBatchRequestCounts } from '@anthropic-ai/sdk/resources/messages/batches';
import { messageFor, type ReplyContext } from './respond';
import type { Reply } from './types';
import { errorBody } from './wire';

interface BatchState {
  id: string;
  createdAt: Date;
  endedAt: Date | null;
  cancelAt: Date | null;
  pollsLeft: number;
  results: MessageBatchIndividualResponse[];
}

/** One entry's result in the batch's JSONL. Connection faults have no batch equivalent: they become `errored`. */
export function batchResult(customId: string, reply: Reply, ctx: ReplyContext): MessageBatchIndividualResponse {
  switch (reply.kind) {
    case 'message':
      return { custom_id: customId, result: { type: 'succeeded', message: messageFor(reply, ctx) } };
    case 'http-error':
      return { custom_id: customId, result: { type: 'errored', error: errorBody(reply.type, reply.message, ctx.requestId) } };
    case 'stream-error':
      return { custom_id: customId, result: { type: 'errored', error: errorBody(reply.type, reply.message, ctx.requestId) } };
    default:
      return { custom_id: customId, result: { type: 'errored', error: errorBody('api_error', `fake-anthropic: ${reply.kind} in a batch`, ctx.requestId) } };
  }
}

export class BatchStore {
  private readonly batches = new Map<string, BatchState>();
  private next = 1;

  constructor(private readonly pollsBeforeEnded: () => number) {}

  create(results: MessageBatchIndividualResponse[]): string {
    const id = `msgbatch_fake_${String(this.next++).padStart(6, '0')}`;
    this.batches.set(id, { id, createdAt: new Date(), endedAt: null, cancelAt: null, pollsLeft: this.pollsBeforeEnded(), results });
    return id;
  }

  /** Fills in a batch's results once its entries were scripted (they need the batch id first). */
  replace(id: string, results: MessageBatchIndividualResponse[]): void {
    this.batches.get(id)!.results = results;
  }

  has(id: string): boolean {
    return this.batches.has(id);
  }

  /** A retrieve: counts as one poll, so status moves towards `ended`. */
  poll(id: string, baseUrl: string): MessageBatch {
    const batch = this.batches.get(id)!;
    if (!batch.endedAt) {
      if (batch.pollsLeft > 0) batch.pollsLeft--;
      else batch.endedAt = new Date();
    }
    return this.view(batch, baseUrl);
  }

  /** Cancel: `canceling` now; every entry is `canceled` once it ends (nothing finishes early here). */
  cancel(id: string, baseUrl: string): MessageBatch {
    const batch = this.batches.get(id)!;
    if (!batch.endedAt && !batch.cancelAt) {
      batch.cancelAt = new Date();
      batch.pollsLeft = 0;
      batch.results = batch.results.map((entry) => ({ custom_id: entry.custom_id, result: { type: 'canceled' } }));
    }
    return this.view(batch, baseUrl);
  }

  /**
   * Ends a batch the way its 24 hours running out would: the named entries (default: all) are
   * `expired`, the others keep their results. Lets a test reach an outcome the real API only
   * reaches after a day.
   */
  expire(id: string, customIds?: readonly string[]): void {
    const batch = this.batches.get(id);
    if (!batch) throw new Error(`fake-anthropic: no batch ${id} to expire`);
    const expiring = customIds === undefined ? undefined : new Set(customIds);
    batch.results = batch.results.map((entry) =>
      !expiring || expiring.has(entry.custom_id) ? { custom_id: entry.custom_id, result: { type: 'expired' } } : entry,
    );
    batch.pollsLeft = 0;
    batch.endedAt ??= new Date();
  }

  view(batch: BatchState, baseUrl: string): MessageBatch;
  view(id: string, baseUrl: string): MessageBatch;
  view(batchOrId: BatchState | string, baseUrl: string): MessageBatch {
    const batch = typeof batchOrId === 'string' ? this.batches.get(batchOrId)! : batchOrId;
    const counts: MessageBatchRequestCounts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    if (!batch.endedAt) counts.processing = batch.results.length;
    else for (const entry of batch.results) counts[entry.result.type]++;
    return {
      id: batch.id,
      type: 'message_batch',
      processing_status: batch.endedAt ? 'ended' : batch.cancelAt ? 'canceling' : 'in_progress',
      request_counts: counts,
      created_at: batch.createdAt.toISOString(),
      expires_at: new Date(batch.createdAt.getTime() + 24 * 3600_000).toISOString(),
      ended_at: batch.endedAt?.toISOString() ?? null,
      cancel_initiated_at: batch.cancelAt?.toISOString() ?? null,
      archived_at: null,
      // Absolute, as the API sends it: the SDK GETs it as is (with the same auth headers).
      results_url: batch.endedAt ? `${baseUrl}/v1/messages/batches/${batch.id}/results` : null,
    };
  }

  /** The JSONL body, or undefined while the batch has not ended. */
  resultsJsonl(id: string): string | undefined {
    const batch = this.batches.get(id)!;
    if (!batch.endedAt) return undefined;
    return batch.results.map((entry) => JSON.stringify(entry)).join('\n') + '\n';
  }

  clear(): void {
    this.batches.clear();
  }
}

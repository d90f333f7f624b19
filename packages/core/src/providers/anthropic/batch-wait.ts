/** Polling a Message Batch until it ends: an abortable sleep between retrieves, progress after each. */
import type Anthropic from '@anthropic-ai/sdk';
import type { MessageBatch } from '@anthropic-ai/sdk/resources/messages/batches';
import { SpecwrightError } from '../../errors';
import { retrieveBatch } from './batch-api';

export interface BatchProgress {
  readonly batchId: string;
  readonly processing: number;
  readonly succeeded: number;
  readonly errored: number;
  readonly expired: number;
  readonly canceled: number;
}

export function progressOf(batch: MessageBatch): BatchProgress {
  const { processing, succeeded, errored, expired, canceled } = batch.request_counts;
  return { batchId: batch.id, processing, succeeded, errored, expired, canceled };
}

/** Retrieves `batch` every `pollIntervalMs` until its processing has ended; returns the ended batch. */
export async function waitUntilEnded(
  client: Anthropic,
  batch: MessageBatch,
  options: { pollIntervalMs: number; signal?: AbortSignal; onProgress?: (progress: BatchProgress) => void },
): Promise<MessageBatch> {
  let current = batch;
  while (current.processing_status !== 'ended') {
    await sleep(options.pollIntervalMs, options.signal);
    const next = await retrieveBatch(client, current.id, options.signal);
    if (!next) {
      throw new SpecwrightError('BATCH_FAILED', `Message Batch ${current.id} disappeared while it was being polled (HTTP 404)`, {
        fix: 'Run again: its requests are submitted anew.',
      });
    }
    current = next;
    options.onProgress?.(progressOf(current));
  }
  return current;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The Message Batches calls runMessageBatch makes, each turning what the SDK throws after its own
 * retries into one-line `BATCH_FAILED` errors (or the abort reason when the run was stopped).
 */
import type Anthropic from '@anthropic-ai/sdk';
import { APIError, NotFoundError } from '@anthropic-ai/sdk';
import type { BatchCreateParams, MessageBatch, MessageBatchIndividualResponse } from '@anthropic-ai/sdk/resources/messages/batches';
import { SpecwrightError, isSpecwrightError } from '../../errors';
import { LOCK_DIR_NAME, PENDING_BATCH_FILE } from '../../lock/lock-types';
import { oneLine } from './batch-result';

/** Downloads of the results JSONL: the SDK does not retry a body cut after the headers. */
const RESULT_READ_ATTEMPTS = 3;

/**
 * Submits a batch. Deliberately without the abort signal: a create aborted in flight may still
 * have created the batch, and a batch whose id we never learned cannot be resumed, only paid again.
 */
export async function createBatch(client: Anthropic, requests: BatchCreateParams.Request[]): Promise<MessageBatch> {
  try {
    return await client.messages.batches.create({ requests });
  } catch (error) {
    throw batchFailure(`submitting a Message Batch of ${requests.length} request(s)`, error);
  }
}

/** The batch's status, or undefined when the API no longer knows it (404: deleted, or another workspace). */
export async function retrieveBatch(client: Anthropic, batchId: string, signal?: AbortSignal): Promise<MessageBatch | undefined> {
  try {
    return await client.messages.batches.retrieve(batchId, null, { signal });
  } catch (error) {
    throwIfAborted(signal);
    if (error instanceof NotFoundError) return undefined;
    throw batchFailure(`checking Message Batch ${batchId}`, error);
  }
}

/** Best effort: stops a batch nobody will collect (its record could not be written). */
export async function cancelBatchQuietly(client: Anthropic, batchId: string): Promise<void> {
  try {
    await client.messages.batches.cancel(batchId);
  } catch {
    // Nothing more to do: the caller is already failing with the reason that matters.
  }
}

/** The ended batch's results for the wanted custom ids (the JSONL may hold others: stale requests). */
export async function readBatchResults(
  client: Anthropic,
  batchId: string,
  wanted: ReadonlySet<string>,
  signal?: AbortSignal,
): Promise<Map<string, MessageBatchIndividualResponse>> {
  for (let attempt = 1; ; attempt++) {
    try {
      const found = new Map<string, MessageBatchIndividualResponse>();
      for await (const entry of await client.messages.batches.results(batchId, undefined, { signal })) {
        if (wanted.has(entry.custom_id)) found.set(entry.custom_id, entry);
      }
      return found;
    } catch (error) {
      throwIfAborted(signal);
      // An HTTP error was already retried by the SDK; a cut body or a garbled line was not.
      const retryable = !(error instanceof APIError && error.status !== undefined);
      if (!retryable || attempt >= RESULT_READ_ATTEMPTS) throw batchFailure(`reading the results of Message Batch ${batchId}`, error);
    }
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}

/**
 * One line naming what failed and why, from the status, error type and the API's message only
 * (never headers or request options, which is where a credential would be).
 */
export function batchFailure(action: string, error: unknown): SpecwrightError {
  if (isSpecwrightError(error)) return error;
  let reason: string;
  let status: number | undefined;
  if (error instanceof APIError) {
    status = error.status;
    reason = status === undefined ? error.message : `HTTP ${status}${error.type ? ` ${error.type}` : ''}: ${error.apiMessage ?? error.message}`;
  } else {
    reason = error instanceof Error ? error.message : String(error);
  }
  return new SpecwrightError('BATCH_FAILED', oneLine(`${action} failed: ${reason}`), { fix: fixFor(status), cause: error });
}

function fixFor(status: number | undefined): string {
  if (status === 401 || status === 403) return 'Check ANTHROPIC_API_KEY: it must be a valid key of the workspace the batch belongs to.';
  if (status === 413) return 'The batch is larger than the API accepts: generate fewer operations per run, or run without --batch.';
  if (status === 429) return 'The API is rate limiting batch requests: run again later.';
  return `Run again: a submitted batch is recorded in ${LOCK_DIR_NAME}/${PENDING_BATCH_FILE} and resumed, not paid for twice.`;
}

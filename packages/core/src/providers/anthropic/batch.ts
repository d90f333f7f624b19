/**
 * `generate --batch`: every operation that needs the model goes to Anthropic as one Message Batch
 * (half the price of live calls, results within 24 hours). A submitted batch is handed to the
 * caller at once (`onSubmitted`) to record in the lock folder (PendingBatch), so a run that is
 * stopped while the batch works resumes it next time instead of paying for the work again.
 *
 * The module knows nothing of prompts or models: the caller builds each operation's request
 * params; this submits, waits, and matches results back to operations by custom_id.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import type { PendingBatch } from '../../lock/lock-types';
import { cancelBatchQuietly, createBatch, readBatchResults, retrieveBatch, throwIfAborted } from './batch-api';
import { batchCustomId } from './batch-custom-id';
import { batchRequestResult, type BatchRequestResult } from './batch-result';
import { progressOf, waitUntilEnded, type BatchProgress } from './batch-wait';

export { batchCustomId } from './batch-custom-id';
export type { BatchRequestResult } from './batch-result';
export type { BatchProgress } from './batch-wait';

/** One operation's request. */
export interface BatchItem {
  readonly operationId: string;
  /** The operation key (see LockEntry.key): what the result will be pinned under. */
  readonly key: string;
  readonly params: MessageCreateParamsNonStreaming;
}

export interface BatchOutcome {
  readonly operationId: string;
  readonly key: string;
  /** The batch the result came from (batch requests have no request id of their own). */
  readonly batchId: string;
  /** ok: the model's message and its token usage; not ok: one line, `errored|expired|canceled: reason`. */
  readonly result: BatchRequestResult;
}

export interface RunMessageBatchOptions {
  readonly client: Anthropic;
  /** One per operation; all with the same model. Outcomes come back in this order. */
  readonly items: readonly BatchItem[];
  /**
   * A batch an earlier run submitted and did not collect: it is polled and its results used instead
   * of submitting again. Only items whose custom_id (operation and current key) it holds are taken
   * from it; the others, and any it no longer has results for, go to one new batch after it.
   */
  readonly pending?: PendingBatch;
  /** Called synchronously right after the new batch is created, before any polling: record it durably. */
  onSubmitted(pending: PendingBatch): void;
  /** Request counts of the batch being waited for, after each poll. */
  onProgress?(progress: BatchProgress): void;
  /**
   * A batch's results were read (the resumed one, then the new one): the caller may pin them now,
   * so that stopping during a later wait does not lose them.
   */
  onCollected?(batchId: string, outcomes: readonly BatchOutcome[]): void;
  /** One-line notes on the pending batch: ignored (other model, stale requests), gone (404) or expired. */
  onNotice?(message: string): void;
  /** Between polls; default 30 s. */
  readonly pollIntervalMs?: number;
  /**
   * Stops waiting and rejects with the signal's reason. It never cancels a batch (it is paid for and
   * resumable) and never interrupts a create (a batch whose id was lost could only be paid again).
   */
  readonly signal?: AbortSignal;
}

const DEFAULT_POLL_INTERVAL_MS = 30_000;

export async function runMessageBatch(options: RunMessageBatchOptions): Promise<BatchOutcome[]> {
  const { items } = options;
  if (items.length === 0) return [];
  const model = sharedModel(items);
  const outcomes = new Map<BatchItem, BatchOutcome>();
  let toSubmit: readonly BatchItem[] = items;

  if (options.pending) {
    const { taken, rest } = splitByPending(items, options.pending, model, options.onNotice);
    if (taken.length > 0) {
      const { collected, again } = await collectPending(options, options.pending, taken);
      for (const outcome of collected) outcomes.set(outcome.item, outcome.outcome);
      if (collected.length > 0) options.onCollected?.(options.pending.batchId, collected.map((c) => c.outcome));
      const resubmit = new Set([...rest, ...again]);
      toSubmit = items.filter((item) => resubmit.has(item));
    }
  }

  if (toSubmit.length > 0) {
    const collected = await submitAndCollect(options, model, toSubmit);
    for (const outcome of collected) outcomes.set(outcome.item, outcome.outcome);
    options.onCollected?.(collected[0].outcome.batchId, collected.map((c) => c.outcome));
  }
  return items.map((item) => outcomes.get(item)!);
}

interface Collected {
  readonly item: BatchItem;
  readonly outcome: BatchOutcome;
}

/** The items' one model (a PendingBatch records one); several operations with one id are a caller bug. */
function sharedModel(items: readonly BatchItem[]): string {
  const model = items[0].params.model;
  const seen = new Set<string>();
  for (const item of items) {
    if (item.params.model !== model) throw new Error(`runMessageBatch: items use several models (${model}, ${item.params.model}); a batch records one`);
    if (seen.has(item.operationId)) throw new Error(`runMessageBatch: operation ${item.operationId} is given twice`);
    seen.add(item.operationId);
  }
  return model;
}

/** Which items the pending batch holds a current request for; notes why the others are not taken. */
function splitByPending(
  items: readonly BatchItem[],
  pending: PendingBatch,
  model: string,
  onNotice: ((message: string) => void) | undefined,
): { taken: BatchItem[]; rest: BatchItem[] } {
  const recorded = Object.keys(pending.requests).length;
  if (pending.model !== model) {
    onNotice?.(`pending Message Batch ${pending.batchId} was submitted for model ${pending.model}, not ${model}: its ${recorded} request(s) are ignored and the operations submitted anew`);
    return { taken: [], rest: [...items] };
  }
  const taken: BatchItem[] = [];
  const rest: BatchItem[] = [];
  for (const item of items) {
    const customId = batchCustomId(item.operationId, item.key);
    const entry = Object.hasOwn(pending.requests, customId) ? pending.requests[customId] : undefined;
    if (entry && entry.operationId === item.operationId && entry.key === item.key) taken.push(item);
    else rest.push(item);
  }
  const stale = recorded - taken.length;
  if (taken.length === 0) {
    onNotice?.(`pending Message Batch ${pending.batchId} holds no current request (${recorded} stale): not collected`);
  } else if (stale > 0) {
    onNotice?.(`${stale} request(s) of pending Message Batch ${pending.batchId} are stale (their operation changed or is gone): their results are ignored`);
  }
  return { taken, rest };
}

/** Waits for the pending batch and reads it; items it can no longer answer (404, archived, expired) come back as `again`. */
async function collectPending(
  options: RunMessageBatchOptions,
  pending: PendingBatch,
  taken: readonly BatchItem[],
): Promise<{ collected: Collected[]; again: BatchItem[] }> {
  const { client, signal } = options;
  const found = await retrieveBatch(client, pending.batchId, signal);
  if (!found) {
    options.onNotice?.(`pending Message Batch ${pending.batchId} is no longer known to the API (HTTP 404): submitting its ${taken.length} request(s) anew`);
    return { collected: [], again: [...taken] };
  }
  options.onProgress?.(progressOf(found));
  const ended = await waitUntilEnded(client, found, { pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, signal, onProgress: options.onProgress });
  if (!ended.results_url || ended.archived_at !== null) {
    options.onNotice?.(`the results of pending Message Batch ${pending.batchId} are no longer available: submitting its ${taken.length} request(s) anew`);
    return { collected: [], again: [...taken] };
  }
  const responses = await readBatchResults(client, pending.batchId, new Set(taken.map(customIdOf)), signal);
  const collected: Collected[] = [];
  const again: BatchItem[] = [];
  for (const item of taken) {
    const response = responses.get(customIdOf(item));
    // Expired means the batch outlived its 24 hours (the run was resumed late): the work was never done, so ask again.
    if (response?.result.type === 'expired') again.push(item);
    else collected.push({ item, outcome: outcomeOf(item, ended.id, batchRequestResult(response, ended.id)) });
  }
  if (again.length > 0) {
    options.onNotice?.(`${again.length} request(s) of pending Message Batch ${pending.batchId} expired before they were processed: submitting them anew`);
  }
  return { collected, again };
}

/** Submits the items as one new batch, hands its record to the caller, waits for it and reads it. */
async function submitAndCollect(options: RunMessageBatchOptions, model: string, items: readonly BatchItem[]): Promise<Collected[]> {
  const { client, signal } = options;
  throwIfAborted(signal);
  const created = await createBatch(client, items.map((item) => ({ custom_id: customIdOf(item), params: item.params })));
  try {
    options.onSubmitted(pendingRecord(created.id, model, items));
  } catch (error) {
    // Unrecorded, an interrupted wait would lose the batch: better not to pay for it at all.
    await cancelBatchQuietly(client, created.id);
    throw error;
  }
  options.onProgress?.(progressOf(created));
  const ended = await waitUntilEnded(client, created, { pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, signal, onProgress: options.onProgress });
  const responses = await readBatchResults(client, ended.id, new Set(items.map(customIdOf)), signal);
  return items.map((item) => ({ item, outcome: outcomeOf(item, ended.id, batchRequestResult(responses.get(customIdOf(item)), ended.id)) }));
}

/** The lock's record of a submitted batch, custom ids sorted so the file is byte-identical across runs. */
function pendingRecord(batchId: string, model: string, items: readonly BatchItem[]): PendingBatch {
  const entries = items.map((item) => [customIdOf(item), { operationId: item.operationId, key: item.key }] as const);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { batchId, model, requests: Object.fromEntries(entries) };
}

function customIdOf(item: BatchItem): string {
  return batchCustomId(item.operationId, item.key);
}

function outcomeOf(item: BatchItem, batchId: string, result: BatchRequestResult): BatchOutcome {
  return { operationId: item.operationId, key: item.key, batchId, result };
}

/**
 * The vocabulary of the fake: what a test can script as a reply, and what the fake records.
 * Replies are plain data so a test can build them inline, log them, or derive them from a request.
 */
import type { StopReason, Usage } from '@anthropic-ai/sdk/resources/messages';
import type { ErrorType } from '@anthropic-ai/sdk/resources/shared';

/** A normal assistant message (JSON or SSE, whichever the request asked for). */
export interface MessageReply {
  kind: 'message';
  text: string;
  /** Default `end_turn`; `max_tokens` is how a test simulates a reply cut off by the budget. */
  stopReason?: StopReason;
  /** Overrides of the estimated usage (e.g. to pretend a cache hit). */
  usage?: Partial<Usage>;
  /** Default: the model the request named. */
  model?: string;
  /** How many `text_delta` events the text is split into when streamed (default 3). */
  deltas?: number;
}

/** An HTTP error reply with the API's error body: 429, 529, 500, 400 ... */
export interface HttpErrorReply {
  kind: 'http-error';
  status: number;
  type: ErrorType;
  message: string;
  /** Extra response headers, e.g. `retry-after`, `retry-after-ms`, `x-should-retry`. */
  headers?: Record<string, string>;
}

/**
 * The connection dies. `before-headers`: the socket is destroyed before any byte of the response
 * (the SDK sees a connection error and retries). `mid-body`: status and headers are sent, then part
 * of the body, then the socket is destroyed (the SDK has already accepted the response: no retry).
 */
export interface DropReply {
  kind: 'drop';
  when: 'before-headers' | 'mid-body';
  /** Text streamed before the drop in `mid-body` mode. */
  text?: string;
}

/**
 * An `error` SSE event after part of the message was streamed, as the API sends when it overloads
 * mid-generation. A non-streaming request gets the matching HTTP error instead (there is no "mid").
 */
export interface StreamErrorReply {
  kind: 'stream-error';
  type: ErrorType;
  message: string;
  /** Text streamed before the error event. */
  text?: string;
}

/**
 * The response ends cleanly but early: an SSE stream without `message_delta`/`message_stop`, or a
 * JSON body shorter than its Content-Length (the socket is closed after the partial body).
 */
export interface TruncatedReply {
  kind: 'truncated';
  text: string;
}

export type Reply = MessageReply | HttpErrorReply | DropReply | StreamErrorReply | TruncatedReply;

/** A reply plus a delay before anything is sent (a slow first byte; timeouts and benchmarks). */
export type ScriptedReply = Reply & { delayMs?: number };

/** What a responder function sees about the request it answers. */
export interface ScriptRequest {
  path: string;
  /** The Messages API params (for a batch: that entry's `params`). */
  body: any;
  /** All text of `system` and `messages` joined: what "the prompt names operation X" tests read. */
  prompt: string;
  /** 1 for the first request with this exact body, 2 for its first retry, ... */
  attempt: number;
  /** Set when the reply is for one entry of a Message Batch. */
  batch?: { id: string; customId: string };
}

export type Responder = (request: ScriptRequest) => ScriptedReply;

export interface RecordedRequest {
  /** 0-based order of arrival. */
  index: number;
  method: string;
  path: string;
  /** Lower-cased headers without `x-api-key` and `authorization`: the key is never stored. */
  headers: Record<string, string>;
  /** How the request authenticated; the credential itself is never recorded. */
  auth: 'x-api-key' | 'bearer' | 'none';
  /** Parsed JSON body, or undefined for bodiless requests (or the raw text when it was not JSON). */
  body: unknown;
  /** What the fake answered: `message`, `http 429`, `drop before-headers`, `batch ended`, `client gone` (it left during a delay) ... */
  outcome?: string;
}

export interface FakeAnthropicOptions {
  /** When set, only this key (as `x-api-key` or `Authorization: Bearer`) is accepted. */
  apiKey?: string;
  /** Fixed delay before every reply, for benchmarks against a "slow" API. */
  latencyMs?: number;
  /** Used whenever the reply queue is empty. Without it, an unscripted request is a loud 500. */
  respond?: Responder;
  /** How many retrieves of a batch report `in_progress` before it reports `ended` (default 1). */
  batchPollsBeforeEnded?: number;
  /** Cached prefixes shorter than this many (estimated) tokens are silently not cached (default 1024). */
  minCacheTokens?: number;
}

/**
 * Short constructors for the replies tests script, named after what they simulate. They only build
 * data (see types.ts); the server decides how each one looks on the wire for JSON or SSE requests.
 */
import type { ErrorType } from '@anthropic-ai/sdk/resources/shared';
import type { DropReply, HttpErrorReply, MessageReply, StreamErrorReply, TruncatedReply } from './types';

export const reply = {
  /** A plain text answer, `stop_reason: end_turn`. */
  text: (text: string, extra: Omit<MessageReply, 'kind' | 'text'> = {}): MessageReply => ({ kind: 'message', text, ...extra }),
  /** A structured-output answer: the JSON text of `value`, as `output_config.format` makes the model reply. */
  json: (value: unknown, extra: Omit<MessageReply, 'kind' | 'text'> = {}): MessageReply => ({ kind: 'message', text: JSON.stringify(value), ...extra }),
  /** Structured output the model broke off or garbled: text that is not JSON (JSON.parse throws). */
  malformedJson: (text = '{"code": "export const handler = (ctx) => {'): MessageReply => ({ kind: 'message', text }),
  /** The budget ran out: partial text with `stop_reason: max_tokens`. */
  maxTokens: (partialText = '{"code": "export const'): MessageReply => ({ kind: 'message', text: partialText, stopReason: 'max_tokens' }),
};

function httpError(status: number, type: ErrorType, message: string, headers?: Record<string, string>): HttpErrorReply {
  return { kind: 'http-error', status, type, message, ...(headers ? { headers } : {}) };
}

export const fault = {
  /**
   * 429 rate_limit_error. `retryAfterSeconds` becomes `retry-after` (the real API sends whole seconds;
   * the SDK parses floats, so tests may pass 0.2 to stay fast).
   */
  rateLimited: (retryAfterSeconds?: number): HttpErrorReply =>
    httpError(429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit', retryAfterSeconds === undefined ? undefined : { 'retry-after': String(retryAfterSeconds) }),
  /** 529 overloaded_error: the API is temporarily overloaded (the SDK retries it as a 5xx). */
  overloaded: (headers?: Record<string, string>): HttpErrorReply => httpError(529, 'overloaded_error', 'Overloaded', headers),
  /** 500 api_error. */
  serverError: (headers?: Record<string, string>): HttpErrorReply => httpError(500, 'api_error', 'Internal server error', headers),
  /** 400 invalid_request_error (not retried). */
  badRequest: (message: string): HttpErrorReply => httpError(400, 'invalid_request_error', message),
  /** Any status/type pair, e.g. `fault.http(503, 'api_error', 'down', { 'x-should-retry': 'false' })`. */
  http: httpError,
  /** The connection is cut; see DropReply for the two moments. */
  drop: (when: DropReply['when'] = 'before-headers', text?: string): DropReply => ({ kind: 'drop', when, ...(text === undefined ? {} : { text }) }),
  /** An `error` SSE event after `text` was streamed (default: overloaded_error). */
  streamError: (text = 'export const', type: ErrorType = 'overloaded_error', message = 'Overloaded'): StreamErrorReply => ({ kind: 'stream-error', type, message, text }),
  /** The stream (or JSON body) stops early, without `message_stop`. */
  truncated: (text = '{"code": "export'): TruncatedReply => ({ kind: 'truncated', text }),
};

/** The HTTP status the API uses for each error type: how a stream-error is served to a non-streaming request. */
export function statusOfErrorType(type: ErrorType): number {
  const statuses: Partial<Record<ErrorType, number>> = {
    invalid_request_error: 400,
    authentication_error: 401,
    billing_error: 402,
    permission_error: 403,
    not_found_error: 404,
    conflict_error: 409,
    rate_limit_error: 429,
    api_error: 500,
    timeout_error: 504,
    overloaded_error: 529,
  };
  return statuses[type] ?? 500;
}

/**
 * What the SDK throws, sorted into what the provider does with it: retry it (a failure after the
 * response began, which the SDK never retries), or report it as one line a user can act on. The
 * API key never appears in a message: every text that leaves here is scrubbed of it.
 */
import { AnthropicError, APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { SpecwrightError } from '../../errors';

/** Error types the API reports that asking again will not change. */
const PERMANENT_TYPES: ReadonlySet<string> = new Set(['invalid_request_error', 'authentication_error', 'permission_error', 'billing_error', 'not_found_error', 'request_too_large']);

/**
 * A failure after the response headers arrived: an `error` event mid-stream (an APIError without
 * an HTTP status), a stream that ended before `message_stop`, a connection cut while the body was
 * read. The SDK has already accepted the response, so only an outer retry helps.
 */
export function isFailureAfterHeaders(error: unknown): boolean {
  if (!(error instanceof AnthropicError)) return false;
  if (error instanceof APIUserAbortError || error instanceof APIConnectionError) return false;
  if (error instanceof APIError) {
    if (error.status !== undefined) return false;
    return !(error.type && PERMANENT_TYPES.has(error.type));
  }
  // The stream's own errors ("stream ended without producing a Message", "terminated").
  return true;
}

export interface ErrorContext {
  /** The API base URL the client talks to (its host is named when it cannot be reached). */
  readonly baseURL: string;
  /** Scrubbed from every message. */
  readonly apiKey: string;
  /** Where the key came from, for an auth error (`ANTHROPIC_API_KEY`, or `the apiKey option`). */
  readonly keySource: string;
}

/** One line a user can act on for an error the SDK raised (retries, if any, already spent). */
export function toProviderError(error: unknown, context: ErrorContext): SpecwrightError {
  const scrub = (text: string) => oneLine(context.apiKey ? text.split(context.apiKey).join('[redacted]') : text);
  const host = hostOf(context.baseURL);
  if (error instanceof APIConnectionTimeoutError) {
    return new SpecwrightError('MODEL_UNREACHABLE', `the Anthropic API at ${host} did not answer in time`, {
      fix: 'Check the network and the base URL (ANTHROPIC_BASE_URL), raise the timeout, or use provider "offline".',
    });
  }
  if (error instanceof APIConnectionError) {
    const reason = connectionReason(error);
    return new SpecwrightError('MODEL_UNREACHABLE', scrub(`cannot reach the Anthropic API at ${host}${reason ? ` (${reason})` : ''}`), {
      fix: 'Check the network and the base URL (ANTHROPIC_BASE_URL), or use provider "offline".',
    });
  }
  if (error instanceof APIError) {
    const what = scrub([error.status, error.type].filter((part) => part !== undefined && part !== null).join(' ') || 'error');
    const detail = error.apiMessage ? `: ${scrub(error.apiMessage)}` : '';
    const request = error.requestID ? ` (request id ${error.requestID})` : '';
    if (error.status === 401 || error.type === 'authentication_error') {
      return new SpecwrightError('MODEL_AUTH_FAILED', `the Anthropic API at ${host} rejected the API key from ${context.keySource} (${what})${request}`, {
        fix: `Set ${context.keySource} to a valid key for this API, or use provider "offline".`,
      });
    }
    if (error.status === 403 || error.type === 'permission_error') {
      return new SpecwrightError('MODEL_AUTH_FAILED', `the API key from ${context.keySource} may not use this model or endpoint (${what})${detail}${request}`, {
        fix: 'Use a key with access to the model, or choose another model.',
      });
    }
    return new SpecwrightError('MODEL_API_ERROR', `the Anthropic API answered ${what}${detail}${request}`, {
      fix: error.status === 400 || error.status === 404 ? 'Check the model id and options.' : 'Try again later; the SDK already retried what it could.',
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SpecwrightError('MODEL_API_ERROR', scrub(`the Anthropic API call failed: ${message}`), { fix: 'Try again later.' });
}

function hostOf(baseURL: string): string {
  try {
    return new URL(baseURL).host;
  } catch {
    return baseURL;
  }
}

/** The system-level reason under an APIConnectionError (`ECONNREFUSED`, `ENOTFOUND` ...). */
function connectionReason(error: Error): string | undefined {
  // Duck-typed: fetch's errors may come from another realm (Node internals, test sandboxes).
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 5 && typeof cause === 'object' && cause !== null; depth++) {
    const { code, errors } = cause as { code?: unknown; errors?: unknown };
    if (typeof code === 'string') return code;
    // Happy eyeballs tries every address: an AggregateError of one failure per address.
    cause = Array.isArray(errors) && errors.length > 0 ? errors[0] : (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

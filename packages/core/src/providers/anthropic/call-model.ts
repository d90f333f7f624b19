/**
 * One model call: stream the request, assemble the final message, parse `{ code, notes }`.
 *
 * Two retry layers. The SDK's own (`maxRetries` on the client) covers everything before the
 * response headers: 408/409/429/5xx/529, honouring `retry-after`, and dropped connections. It
 * cannot retry what fails after the headers (an `error` event mid-stream, a stream that stops
 * before `message_stop`, a body cut off), so a bounded outer retry with backoff does that here.
 * A reply without usable code is not retried: it is the model's answer, and the implement stage
 * sends it back as a repair error (ModelReplyError).
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { Middleware } from '@anthropic-ai/sdk';
import type { Message, StopReason } from '@anthropic-ai/sdk/resources/messages';
import { SpecwrightError } from '../../errors';
import type { TokenUsage } from '../provider';
import { isFailureAfterHeaders, toProviderError } from './api-errors';
import { parseModelReply, tokenUsageOf, type ParsedReply } from './parse-reply';
import type { PromptParams } from './prompt';

export const DEFAULT_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_OUTER_RETRIES = 2;
export const DEFAULT_RETRY_DELAY_MS = 1_000;

export interface CallModelOptions {
  /** Limit for one attempt (the SDK's retries inside it included), stream to the last event. */
  readonly timeoutMs?: number;
  /** Extra attempts after a failure past the response headers (default 2). */
  readonly outerRetries?: number;
  /** First backoff of the outer retry; doubled each time, with jitter (default 1 s). */
  readonly retryDelayMs?: number;
  /** Stops the call (the run was stopped); the SDK's abort error is thrown as is. */
  readonly signal?: AbortSignal;
  /** Named in an auth error: where the key came from (default `ANTHROPIC_API_KEY`). */
  readonly keySource?: string;
}

export interface ModelReply extends ParsedReply {
  readonly usage: TokenUsage;
  readonly requestId?: string;
  /** The `anthropic-version` header the successful request carried. */
  readonly apiVersion?: string;
  readonly stopReason: StopReason | null;
  /** The model the API says answered. */
  readonly model: string;
  /** Outer attempts made (1 without a failure after headers). */
  readonly attempts: number;
}

/**
 * Sends `params` as one streamed Messages request and returns the parsed reply. Throws a
 * ModelReplyError for an unusable reply, and a SpecwrightError (MODEL_UNREACHABLE,
 * MODEL_AUTH_FAILED, MODEL_API_ERROR, MODEL_TIMEOUT) when no reply arrived.
 */
export async function callModel(client: Anthropic, params: PromptParams, options: CallModelOptions = {}): Promise<ModelReply> {
  const outerRetries = options.outerRetries ?? DEFAULT_OUTER_RETRIES;
  const context = { baseURL: client.baseURL, apiKey: client.apiKey ?? '', keySource: options.keySource ?? 'ANTHROPIC_API_KEY' };
  for (let attempt = 1; ; attempt++) {
    try {
      const { message, requestId, apiVersion } = await streamOnce(client, params, options);
      const reply = parseModelReply(message, requestId);
      return {
        ...reply,
        usage: tokenUsageOf(message.usage),
        ...(requestId ? { requestId } : {}),
        ...(apiVersion ? { apiVersion } : {}),
        stopReason: message.stop_reason,
        model: message.model,
        attempts: attempt,
      };
    } catch (error) {
      if (error instanceof SpecwrightError || options.signal?.aborted) throw error;
      if (attempt <= outerRetries && isFailureAfterHeaders(error)) {
        await sleep(backoff(options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS, attempt), options.signal);
        continue;
      }
      throw toProviderError(error, context);
    }
  }
}

interface StreamedMessage {
  readonly message: Message;
  readonly requestId?: string;
  readonly apiVersion?: string;
}

async function streamOnce(client: Anthropic, params: PromptParams, options: CallModelOptions): Promise<StreamedMessage> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  // The version header is the SDK's, not ours: read it off the request it actually sent.
  let apiVersion: string | undefined;
  const readVersion: Middleware = async (request, next) => {
    apiVersion = request.headers.get('anthropic-version') ?? apiVersion;
    return next(request);
  };
  // The client's own `timeout` bounds each HTTP request up to its headers (and is retried);
  // this deadline bounds the whole attempt, the streamed body included.
  const stream = client.messages.stream(params, { signal, middleware: [readVersion] });
  try {
    const message = await stream.finalMessage();
    const requestId = stream.request_id ?? undefined;
    return { message, ...(requestId ? { requestId } : {}), ...(apiVersion ? { apiVersion } : {}) };
  } catch (error) {
    if (deadline.signal.aborted && !options.signal?.aborted) {
      throw new SpecwrightError('MODEL_TIMEOUT', `no complete reply from the Anthropic API within ${timeoutMs / 1000} s${stream.request_id ? ` (request id ${stream.request_id})` : ''}`, {
        fix: 'Raise the timeout (timeoutMs), or lower max tokens.',
      });
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Exponential backoff with ±25 % jitter, so parallel operations that failed together spread out. */
function backoff(base: number, attempt: number): number {
  const delay = base * 2 ** (attempt - 1);
  return Math.round(delay * (0.75 + Math.random() * 0.5));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

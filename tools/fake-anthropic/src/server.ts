/**
 * `startFakeAnthropic()`: a loopback HTTP server speaking enough of the Anthropic API for the real
 * `@anthropic-ai/sdk` to run against it through `baseURL`: Messages (JSON and SSE), count_tokens
 * and Message Batches. Tests script replies (a queue, then an optional responder function), inject
 * faults, and read back every request it received.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { batchResult, BatchStore } from './batches';
import { outcomeOf, sendError, sendReply, type ReplyContext } from './respond';
import { PromptCache, estimateTokens, promptText } from './tokens';
import type { FakeAnthropicOptions, RecordedRequest, Responder, ScriptedReply, ScriptRequest } from './types';
import { validateMessagesBody } from './validate';

export interface FakeAnthropic {
  /** Base URL for the SDK's `baseURL` option (or `ANTHROPIC_BASE_URL`), e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Every request received, in order (cleared by `reset()`; the array itself stays the same object). */
  requests: RecordedRequest[];
  /** Queues replies; each is used by exactly one request (a function is called with that request). */
  script(...replies: Array<ScriptedReply | Responder>): void;
  /** The responder used whenever the queue is empty (replaces `options.respond`). */
  respond(responder: Responder | undefined): void;
  /** How many requests hit `path` (default `/v1/messages`). */
  count(path?: string): number;
  /** Ends a batch now as if its 24 hours ran out: the named entries (default: all) become `expired`. */
  expireBatch(id: string, customIds?: readonly string[]): void;
  /** Forgets requests, queued replies, batches and the prompt cache. */
  reset(): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 32 * 1024 * 1024; // the API's own request size limit

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const requests: RecordedRequest[] = [];
  const queue: Array<ScriptedReply | Responder> = [];
  let responder = options.respond;
  const attempts = new Map<string, number>();
  const cache = new PromptCache(options.minCacheTokens ?? 1024);
  const batches = new BatchStore(() => options.batchPollsBeforeEnded ?? 1);
  let sequence = 0;
  let url = '';

  /** The next reply for one Messages request (live or a batch entry); undefined when nothing is scripted. */
  function nextReply(path: string, body: any, batch?: ScriptRequest['batch']): ScriptedReply | undefined {
    const key = `${path}\0${JSON.stringify(body)}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    const request: ScriptRequest = { path, body, prompt: promptText(body), attempt, ...(batch ? { batch } : {}) };
    const item = queue.length > 0 ? queue.shift()! : responder;
    if (!item) return undefined;
    return typeof item === 'function' ? item(request) : item;
  }

  function context(body: any, requestId: string): ReplyContext {
    const n = ++sequence;
    return {
      requestId,
      messageId: `msg_fake_${String(n).padStart(6, '0')}`,
      model: typeof body?.model === 'string' ? body.model : 'unknown-model',
      stream: body?.stream === true,
      input: cache.usage(body),
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, record: RecordedRequest): Promise<void> {
    const requestId = `req_fake_${String(record.index + 1).padStart(6, '0')}`;
    const fail = (status: number, type: Parameters<typeof sendError>[1]['type'], message: string) => {
      record.outcome = `http ${status}`;
      sendError(res, { status, type, message }, requestId);
    };
    // The API checks the credential before anything else (its body, even its route).
    const presented = credential(req);
    if (!presented || (options.apiKey !== undefined && presented !== options.apiKey)) {
      return fail(401, 'authentication_error', presented ? 'invalid x-api-key' : 'x-api-key header is required');
    }
    if (!req.headers['anthropic-version']) return fail(400, 'invalid_request_error', 'anthropic-version: header is required');
    if (options.latencyMs) await sleep(options.latencyMs);
    if (res.destroyed) return void (record.outcome = 'client gone'); // it timed out while we waited

    const path = record.path;
    const method = record.method;
    const body: any = record.body;
    if (method === 'POST' && (path === '/v1/messages' || path === '/v1/messages/count_tokens' || path === '/v1/messages/batches')) {
      if (typeof body !== 'object' || body === null) return fail(400, 'invalid_request_error', 'request body is not valid JSON');
    }

    if (method === 'POST' && path === '/v1/messages') {
      const invalid = validateMessagesBody(body);
      if (invalid) return fail(400, 'invalid_request_error', invalid);
      const scripted = nextReply(path, body);
      if (!scripted) {
        record.outcome = 'unscripted';
        // Not retryable, so a missing script fails the test at once instead of after the SDK's backoff.
        return sendError(res, { status: 500, type: 'api_error', message: `fake-anthropic: no reply scripted for request #${record.index}`, headers: { 'x-should-retry': 'false' } }, requestId);
      }
      if (scripted.delayMs) await sleep(scripted.delayMs);
      if (res.destroyed) return void (record.outcome = 'client gone');
      record.outcome = outcomeOf(scripted);
      return sendReply(res, scripted, context(body, requestId));
    }

    if (method === 'POST' && path === '/v1/messages/count_tokens') {
      record.outcome = 'count_tokens';
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': requestId });
      res.end(JSON.stringify({ input_tokens: estimateTokens(promptText(body)) }));
      return;
    }

    if (method === 'POST' && path === '/v1/messages/batches') {
      const entries: any[] = Array.isArray(body.requests) ? body.requests : [];
      if (entries.length === 0) return fail(400, 'invalid_request_error', 'requests: at least one request is required');
      const results = [];
      for (const entry of entries) {
        const invalid = typeof entry?.custom_id === 'string' ? validateMessagesBody(entry.params) : 'custom_id: field required';
        if (invalid) return fail(400, 'invalid_request_error', `requests.${entries.indexOf(entry)}: ${invalid}`);
      }
      const batchId = batches.create([]);
      for (const entry of entries) {
        const scripted = nextReply('/v1/messages', entry.params, { id: batchId, customId: entry.custom_id });
        const ctx = context({ ...entry.params, stream: false }, requestId);
        // Batch work is billed at the batch tier; a cost estimate may read it from usage.
        const billed = scripted?.kind === 'message' ? { ...scripted, usage: { service_tier: 'batch' as const, ...scripted.usage } } : scripted;
        results.push(billed
          ? batchResult(entry.custom_id, billed, ctx)
          : batchResult(entry.custom_id, { kind: 'http-error', status: 500, type: 'api_error', message: 'fake-anthropic: no reply scripted for this batch entry' }, ctx));
      }
      batches.replace(batchId, results);
      record.outcome = 'batch created';
      return json(res, requestId, batches.view(batchId, url));
    }

    const batchRoute = /^\/v1\/messages\/batches\/([^/]+)(\/results|\/cancel)?$/.exec(path);
    if (batchRoute) {
      const [, id, tail] = batchRoute;
      if (!batches.has(id)) return fail(404, 'not_found_error', `message batch ${id} not found`);
      if (method === 'GET' && !tail) {
        const view = batches.poll(id, url);
        record.outcome = `batch ${view.processing_status}`;
        return json(res, requestId, view);
      }
      if (method === 'POST' && tail === '/cancel') {
        record.outcome = 'batch canceling';
        return json(res, requestId, batches.cancel(id, url));
      }
      if (method === 'GET' && tail === '/results') {
        const jsonl = batches.resultsJsonl(id);
        if (jsonl === undefined) return fail(404, 'not_found_error', `message batch ${id} has not ended`);
        record.outcome = 'batch results';
        res.writeHead(200, { 'content-type': 'application/x-jsonl', 'request-id': requestId });
        res.end(jsonl);
        return;
      }
    }
    return fail(404, 'not_found_error', `fake-anthropic does not implement ${method} ${path}`);
  }

  const server = createServer((req, res) => {
    readBody(req).then(
      async (raw) => {
        const { pathname } = new URL(req.url ?? '/', 'http://fake');
        const record: RecordedRequest = {
          index: requests.length,
          method: req.method ?? 'GET',
          path: pathname,
          headers: redactedHeaders(req),
          auth: req.headers['x-api-key'] ? 'x-api-key' : /^bearer\s+\S/i.test(req.headers.authorization ?? '') ? 'bearer' : 'none',
          body: parseBody(raw),
        };
        requests.push(record);
        await handle(req, res, record);
      },
      () => res.socket?.destroy(),
    ).catch((error) => {
      // A bug in the fake must fail the test that hit it, loudly, and not hang it.
      if (!res.headersSent) sendError(res, { status: 500, type: 'api_error', message: `fake-anthropic crashed: ${String(error)}`, headers: { 'x-should-retry': 'false' } }, 'req_fake_crash');
      else res.socket?.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    script: (...replies) => void queue.push(...replies),
    respond: (next) => void (responder = next),
    count: (path = '/v1/messages') => requests.filter((r) => r.path === path).length,
    expireBatch: (id, customIds) => batches.expire(id, customIds),
    reset() {
      requests.length = 0;
      queue.length = 0;
      attempts.clear();
      cache.clear();
      batches.clear();
      responder = options.respond;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Keep-alive sockets of the SDK's fetch would hold close() open; a fake has no one to be polite to.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The presented credential: `x-api-key`, or the `Authorization: Bearer` the 1.x SDK sends for `apiKey`. */
function credential(req: IncomingMessage): string | undefined {
  const key = req.headers['x-api-key'];
  if (typeof key === 'string' && key) return key;
  const bearer = /^bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return bearer?.[1];
}

function redactedHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === 'x-api-key' || name === 'authorization' || value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return reject(new Error('request too large'));
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function json(res: ServerResponse, requestId: string, value: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json', 'request-id': requestId });
  res.end(JSON.stringify(value));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import type { Target } from './target';
import { fetchDropsHeaders, sendWithNodeHttp } from './node-http';
import { readResponse, requestInit } from './target';

export interface LiveTargetOptions {
  /** Per-request timeout; a timeout is reported as a failed exchange, not a crash. Default 10 s. */
  readonly timeoutMs?: number;
}

/** Sends requests to a server over HTTP with Node's fetch. `baseUrl` may carry a path prefix (`/v1`). */
export function liveTarget(baseUrl: string, options: LiveTargetOptions = {}): Target {
  const base = baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    baseUrl: base,
    async send(request) {
      const started = performance.now();
      const response = fetchDropsHeaders(request)
        ? await sendWithNodeHttp(base + request.url, request, timeoutMs)
        : await fetch(base + request.url, { ...requestInit(request), signal: AbortSignal.timeout(timeoutMs) });
      return readResponse(response, started);
    },
  };
}

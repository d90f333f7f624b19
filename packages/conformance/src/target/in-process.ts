import type { Target } from './target';
import { readResponse, requestInit } from './target';

/** Anything with a WHATWG `fetch` handler: a Hono app, or any other fetch-style server. */
export interface FetchApp {
  fetch(request: Request): Response | Promise<Response>;
}

/**
 * Sends requests straight into the app's fetch handler: no socket, no port. The base URL only
 * shapes the Request (and the curl line printed for failures).
 */
export function inProcessTarget(app: FetchApp, baseUrl = 'http://localhost'): Target {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    baseUrl: base,
    async send(request) {
      const started = performance.now();
      const response = await app.fetch(new Request(base + request.url, requestInit(request)));
      return readResponse(response, started);
    },
  };
}

/**
 * Sends one request with node:http(s) instead of fetch. Node's fetch (undici, Node 20) silently
 * drops a request header named `__proto__` on the way out, whatever form the headers are given
 * in, so a spec with such a header or API key would get every valid request rejected: a false
 * failure. The live target uses this only for those requests; fetch stays the default.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { HttpRequest } from '../model/types';

/** Whether fetch would lose one of the request's headers. */
export function fetchDropsHeaders(request: HttpRequest): boolean {
  return request.headers.some(([name]) => name.toLowerCase() === '__proto__');
}

/** Statuses whose Response may not have a body (the constructor throws otherwise). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export function sendWithNodeHttp(url: string, request: HttpRequest, timeoutMs: number): Promise<Response> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(target, { method: request.method }, (incoming: IncomingMessage) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      incoming.on('end', () => {
        clearTimeout(timer);
        const headers = new Headers();
        for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) headers.append(incoming.rawHeaders[i] as string, incoming.rawHeaders[i + 1] as string);
        const status = incoming.statusCode ?? 0;
        resolve(new Response(NULL_BODY_STATUSES.has(status) || request.method === 'HEAD' ? null : Buffer.concat(chunks), { status, headers }));
      });
    });
    // The same failure fetch's AbortSignal.timeout gives, so exchanges report it alike.
    const timer = setTimeout(() => outgoing.destroy(new DOMException(`The operation was aborted due to timeout`, 'TimeoutError')), timeoutMs);
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // appendHeader keeps repeated names and, unlike fetch, every name as given.
    for (const [name, value] of request.headers) outgoing.appendHeader(name, value);
    outgoing.end(request.body);
  });
}

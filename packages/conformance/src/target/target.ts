import type { HttpRequest, HttpResponse } from '../model/types';

/** Where requests go: an app in this process, or a live server. */
export interface Target {
  /** Base URL printed in curl lines, e.g. `http://127.0.0.1:3000`. */
  readonly baseUrl: string;
  send(request: HttpRequest): Promise<HttpResponse>;
}

/** Reads a fetch Response into the plain shape checks look at. */
export async function readResponse(response: Response, started: number): Promise<HttpResponse> {
  // Null prototype: a response header may be named `__proto__` (assigning it would be lost).
  const headers = Object.create(null) as Record<string, string>;
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const bodyText = await response.text();
  return { status: response.status, headers, bodyText, elapsedMs: performance.now() - started };
}

export function requestInit(request: HttpRequest): RequestInit {
  return {
    method: request.method,
    headers: request.headers.map(([name, value]) => [name, value] as [string, string]),
    ...(request.body !== undefined ? { body: request.body } : {}),
    redirect: 'manual',
  };
}

/** Small edits of a serialised request, for checks that send a variant of a valid one. */
import type { HttpRequest } from '../model/types';

/**
 * Sets one header (name matched case-insensitively; the first match keeps its position and
 * spelling, later duplicates are dropped) or, with `undefined`, removes every occurrence.
 * A header that was not there is appended under `name`.
 */
export function withHeader(request: HttpRequest, name: string, value: string | undefined): HttpRequest {
  const key = name.toLowerCase();
  const headers: (readonly [string, string])[] = [];
  let found = false;
  for (const header of request.headers) {
    if (header[0].toLowerCase() !== key) headers.push(header);
    else if (value !== undefined && !found) headers.push([header[0], value]);
    if (header[0].toLowerCase() === key) found = true;
  }
  if (!found && value !== undefined) headers.push([name, value]);
  return { ...request, headers };
}

/** The same request with another method (upper-cased, as HttpRequest requires). */
export function withMethod(request: HttpRequest, method: string): HttpRequest {
  return { ...request, method: method.toUpperCase() };
}

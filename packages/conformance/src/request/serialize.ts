/** RequestCase (values) → HttpRequest (wire form): parameters, cookies and body together. */
import type { ConformanceOperation, HttpRequest, RequestCase, SchemaRegistry } from '../model/types';
import { serializeBody } from './body';
import { serializeParameters } from './parameters';

export interface SerializeOptions {
  /**
   * Resolves `$ref`s in the body schema. Only multipart bodies need it, to find which properties
   * are files (`format: binary`) when the schema is a reference; without it only inline schemas
   * are looked into.
   */
  readonly registry?: SchemaRegistry;
}

/**
 * Serialises every parameter per its style/explode (or `content` type) and the body per its
 * media type. Never throws: deliberately invalid values get their most natural wire form.
 * Header order: parameters in spec order, then `cookie`, then `content-type`. A `cookie` or
 * `content-type` given in `requestCase.headers` is kept: cookies are appended to it, and the
 * given Content-Type wins over the computed one (a negative case may want a wrong one).
 */
export function serializeRequest(operation: ConformanceOperation, requestCase: RequestCase, options: SerializeOptions = {}): HttpRequest {
  const parameters = serializeParameters(operation, requestCase);
  const headers = parameters.headers.map(([name, value]): [string, string] => [name, value]);

  if (parameters.cookies.length > 0) {
    const text = parameters.cookies.map(([name, value]) => `${name}=${value}`).join('; ');
    const given = headers.find(([name]) => name.toLowerCase() === 'cookie');
    if (given && given[1] !== '') given[1] = `${given[1]}; ${text}`;
    else if (given) given[1] = text;
    else headers.push(['cookie', text]);
  }

  let body: string | Uint8Array | undefined;
  if (requestCase.body !== undefined) {
    const serialized = serializeBody(operation, requestCase.body, options.registry);
    body = serialized.body;
    if (!headers.some(([name]) => name.toLowerCase() === 'content-type')) headers.push(['content-type', serialized.contentType]);
  }

  const query = parameters.query.map(([name, value]) => `${name}=${value}`).join('&');
  const url = query === '' ? parameters.path : `${parameters.path}?${query}`;
  return { method: operation.method.toUpperCase(), url, headers, ...(body === undefined ? {} : { body }) };
}

import type { HttpResponse, RequestCase } from '../model/types';

/** What a link's runtime expressions can read: the source request's values and its response. */
export interface LinkSource {
  readonly requestCase: RequestCase;
  readonly method: string;
  readonly url: string;
  readonly response: HttpResponse;
}

/** Marks an expression that named something absent (e.g. a body field the response lacks). */
export const UNRESOLVED = Symbol('unresolved');

/**
 * Evaluates an OpenAPI runtime expression (`$response.body#/id`, `$request.path.petId`,
 * `$response.header.Location`, `$statusCode`, `$url`, `$method`), or a string with expressions
 * embedded in braces (`/pets/{$response.body#/id}`). Anything else is a constant. Written by
 * hand: the grammar is a few lines in the OpenAPI spec and no maintained library implements it.
 * https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */
export function evaluate(expression: unknown, source: LinkSource): unknown {
  if (typeof expression !== 'string') return expression;
  if (expression.startsWith('$')) return evaluateOne(expression, source);
  if (!expression.includes('{$')) return expression;
  let unresolved = false;
  const text = expression.replace(/\{(\$[^}]+)\}/g, (_, inner: string) => {
    const value = evaluateOne(inner, source);
    if (value === UNRESOLVED) unresolved = true;
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
  return unresolved ? UNRESOLVED : text;
}

function evaluateOne(expression: string, source: LinkSource): unknown {
  if (expression === '$statusCode') return source.response.status;
  if (expression === '$url') return source.url;
  if (expression === '$method') return source.method;
  const match = /^\$(request|response)\.(path|query|header|body)(?:\.([^#]+))?(?:#(.*))?$/.exec(expression);
  if (!match) return expression;
  const [, side, where, name, pointer] = match;
  if (where === 'body') {
    const body = side === 'request' ? source.requestCase.body?.value : parseJson(source.response.bodyText);
    return pointer === undefined ? body : at(body, pointer);
  }
  if (!name) return UNRESOLVED;
  if (side === 'response') {
    return where === 'header' ? source.response.headers[name.toLowerCase()] ?? UNRESOLVED : UNRESOLVED;
  }
  const bucket = where === 'path' ? source.requestCase.path : where === 'query' ? source.requestCase.query : source.requestCase.headers;
  if (where === 'header') {
    const key = Object.keys(bucket).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? UNRESOLVED : bucket[key];
  }
  // Own keys only: `$request.query.constructor` must not resolve to Object's constructor.
  return Object.hasOwn(bucket, name) ? bucket[name] : UNRESOLVED;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return UNRESOLVED;
  }
}

function at(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let node = value;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return UNRESOLVED;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

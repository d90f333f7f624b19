/**
 * What a handler receives and returns, untyped by operation. operation-handler.ts narrows these
 * per operation from openapi-typescript output; createSpecApp accepts either.
 */
import type { Context } from 'hono';

/**
 * Parameters of one location, keyed by declared name. The record has no prototype, so a
 * parameter named `constructor` or `toString` reads as `undefined` when absent (use
 * `Object.hasOwn(query, name)` or `name in query`, not `query.hasOwnProperty(name)`).
 */
export type ParameterRecord = { readonly [name: string]: unknown };

export interface HandlerContext<
  Path = ParameterRecord,
  Query = ParameterRecord,
  Headers = ParameterRecord,
  Cookies = ParameterRecord,
  Body = unknown,
  MediaType extends string = string,
  Services = unknown,
> {
  readonly operationId: string;
  /** Path parameters, decoded, deserialised per style, coerced and validated. */
  readonly path: Path;
  /** Declared query parameters only, coerced and validated, defaults applied. */
  readonly query: Query;
  /** Declared header parameters only, keyed by the name as declared (lookup is case-insensitive). */
  readonly headers: Headers;
  readonly cookies: Cookies;
  /** The parsed, validated body; `undefined` when the request had none. */
  readonly body: Body;
  /** The declared media type the body matched (e.g. `application/json`, or a range like `image/*`). */
  readonly mediaType: MediaType | undefined;
  /** The raw request. Its body stream has been read; use `body`, or `context.req.json()` (cached). */
  readonly request: Request;
  readonly context: Context;
  /**
   * What the app was given as `services` (createSpecApp's option), the same object for every
   * request: a database, clients of other services, a store. Generated apps type it from the
   * project's `src/context.ts` (`Services`), else as DefaultServices, an in-memory store.
   * `unknown` in this untyped form, so any handler fits a HandlerMap.
   */
  readonly services: Services;
}

/** A response described as data; the runtime serialises it (see response.ts). */
export interface HandlerResult {
  readonly status: number;
  /** JSON value for JSON media types; string, Uint8Array or ArrayBuffer sent as is otherwise. */
  readonly body?: unknown;
  readonly headers?: { readonly [name: string]: string };
  /** Defaults to the first JSON media type the spec declares for this status. */
  readonly contentType?: string;
}

export type HandlerReturn = Response | HandlerResult;

/**
 * An untyped handler. Declared through a method signature on purpose: method parameters are
 * checked bivariantly, so a handler typed for one operation (whose `query` is `{ limit?: number }`)
 * is still assignable to this, and a generated handler map can be passed to createSpecApp.
 */
export type Handler = {
  handle(context: HandlerContext): HandlerReturn | Promise<HandlerReturn>;
}['handle'];

export interface HandlerMap {
  readonly [operationId: string]: Handler;
}

/**
 * The Hono app for a spec: one route per path template, dispatching by method to the operation's
 * handler, with 404 and 405 as problem+json. Each operation's declared `security` is enforced
 * before its request is read (401; see security.ts).
 */
import { Hono, type Context } from 'hono';
import { bodyLimitFor, type BodyLimitOption } from './body-limit';
import type { HandlerMap } from './handler';
import type { ApiSpec, HttpMethod, OperationSpec } from './operation-spec';
import { compareSpecificity, matchPath, parsePathTemplate, type PathTemplate } from './path-template';
import { problemResponse } from './problem';
import type { Authenticate } from './security';
import { serveOperation, type ErrorInfo } from './serve-operation';
import { createValidatorCache, type ValidatorCache } from './validators';
import { createDefaultServices } from './services';

export interface SpecAppOptions {
  /** Compile every operation's validators now instead of on first use. */
  readonly eagerValidation?: boolean;
  /** Reuse validators compiled elsewhere (e.g. by precompileValidators) for the same spec. */
  readonly validators?: ValidatorCache;
  /**
   * Called with anything a handler throws (and any internal failure). The client only ever sees
   * a generic 500 problem, so this is where errors get logged. Errors thrown here are ignored.
   */
  readonly onError?: (error: unknown, info: ErrorInfo) => void;
  /**
   * Verifies each credential of the security alternative a request presents (an API key, a
   * bearer token, Basic's base64 `user:password`); anything but `true` answers 401 "invalid
   * credentials". Without it, the mere presence of the declared credentials admits a request:
   * a skeleton default that keeps handlers from running unauthenticated, not authentication.
   * A real app must verify here (or in middleware in front of the app).
   */
  readonly authenticate?: Authenticate;
  /**
   * Answer 401 when a request lacks the credentials an operation's `security` declares
   * (default true). Turn off only when something in front of the app already enforces it.
   */
  readonly enforceSecurity?: boolean;
  /**
   * The largest request body read, in bytes (default 1 MiB, DEFAULT_BODY_LIMIT); a larger one is
   * answered 413 problem+json before it is buffered. A function sets it per operation, e.g.
   * `(op) => (op.operationId === 'uploadPhoto' ? 50 * 1024 * 1024 : 1024 * 1024)`. `Infinity`
   * turns the limit off (when something in front of the app enforces one).
   */
  readonly bodyLimit?: BodyLimitOption;
  /**
   * Passed to every handler as `services`, the same object for every request (a database
   * client, a store). Default: DefaultServices, a fresh in-memory store for this app. A
   * generated app's createApp types it from the project's `src/context.ts`.
   */
  readonly services?: unknown;
}

interface Route {
  readonly template: PathTemplate;
  readonly operations: ReadonlyMap<string, OperationSpec>;
}

export function createSpecApp(spec: ApiSpec, handlers: HandlerMap, options: SpecAppOptions = {}): Hono {
  const validators = options.validators ?? createValidatorCache(spec);
  if (options.eagerValidation) validators.precompile();
  const security = options.enforceSecurity === false ? undefined : { authenticate: options.authenticate };
  // Resolved now, so that a bad option fails at start-up rather than on some request.
  const bodyLimits = new Map(spec.operations.map((operation) => [operation, bodyLimitFor(options.bodyLimit, operation)]));
  const services = options.services === undefined ? createDefaultServices() : options.services;
  const logged = new Set<string>();
  const report = (error: unknown, info: ErrorInfo): void => {
    try {
      if (options.onError) options.onError(error, info);
      else logOnce(logged, error, info);
    } catch {
      // A failing logger must not turn one error response into another.
    }
  };

  // Methods of every path that matched the URL but not the method, for 405's Allow header.
  const allowedByRequest = new WeakMap<Context, Set<string>>();
  const app = new Hono();

  for (const { template, operations } of routesOf(spec)) {
    app.all(template.route, async (c, next) => {
      const match = matchPath(template, new URL(c.req.url).pathname);
      if (!match.matched) return next();
      const operation = operationFor(operations, c.req.method);
      if (!operation) {
        // A less specific path may still accept this method, so keep looking before a 405.
        const allowed = allowedByRequest.get(c) ?? new Set<string>();
        allowMethods(operations).forEach((method) => allowed.add(method));
        allowedByRequest.set(c, allowed);
        return next();
      }
      return serveOperation(c, operation, match, {
        components: spec.components.schemas,
        handler: Object.hasOwn(handlers, operation.operationId) ? handlers[operation.operationId] : undefined,
        validators: () => validators.forOperation(operation),
        onError: report,
        security,
        bodyLimit: bodyLimits.get(operation) as number,
        services,
      });
    });
  }

  app.notFound((c) => {
    const allowed = allowedByRequest.get(c);
    if (allowed) {
      const allow = [...allowed].join(', ');
      return problemResponse(405, `Method ${c.req.method} is not allowed here; allowed: ${allow}`, { headers: { allow } });
    }
    return problemResponse(404, `No operation matches ${c.req.method} ${new URL(c.req.url).pathname}`);
  });
  app.onError((error, c) => {
    report(error, { operationId: undefined, request: c.req.raw });
    return problemResponse(500, 'The server failed to handle the request');
  });
  return app;
}

/**
 * Without an onError hook, a 500 is still never silent: each distinct failure of an operation is
 * written to stderr once (a validator that cannot compile fails every request the same way, and
 * one line says as much as a thousand).
 */
function logOnce(logged: Set<string>, error: unknown, info: ErrorInfo): void {
  const where = info.operationId === undefined ? 'a request' : `operation "${info.operationId}"`;
  const key = `${info.operationId}\n${error instanceof Error ? error.message : String(error)}`;
  if (logged.has(key)) return;
  if (logged.size < 1000) logged.add(key);
  console.error(`specwright: ${where} failed with a 500 (pass onError to createSpecApp to log every failure):`, error);
}

/** Compiles every operation's validators of a spec, e.g. to time start-up or to share between apps. */
export function precompileValidators(spec: ApiSpec): ValidatorCache {
  const validators = createValidatorCache(spec);
  validators.precompile();
  return validators;
}

/** Operations grouped by path template, most specific template first (see compareSpecificity). */
function routesOf(spec: ApiSpec): Route[] {
  const byPath = new Map<string, Map<string, OperationSpec>>();
  for (const operation of spec.operations) {
    const operations = byPath.get(operation.path) ?? new Map<string, OperationSpec>();
    operations.set(operation.method, operation);
    byPath.set(operation.path, operations);
  }
  return [...byPath]
    .map(([path, operations]) => ({ template: parsePathTemplate(path), operations }))
    .sort((a, b) => compareSpecificity(a.template, b.template));
}

/** HEAD falls back to GET (Hono then drops the body), as HTTP requires of a GET resource. */
function operationFor(operations: ReadonlyMap<string, OperationSpec>, requestMethod: string): OperationSpec | undefined {
  const method = requestMethod.toLowerCase() as HttpMethod;
  return operations.get(method) ?? (method === 'head' ? operations.get('get') : undefined);
}

function allowMethods(operations: ReadonlyMap<string, OperationSpec>): string[] {
  const methods = [...operations.keys()].map((method) => method.toUpperCase());
  return operations.has('get') && !operations.has('head') ? [...methods, 'HEAD'] : methods;
}

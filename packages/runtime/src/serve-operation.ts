/**
 * One request for one operation, after routing: check its credentials, read and validate
 * everything the spec declares, then call the handler and turn its result into a response.
 * Nothing reaches a handler without its declared credentials or unvalidated.
 */
import type { Context } from 'hono';
import { checkBodyLimit } from './body-limit';
import type { Handler, HandlerContext } from './handler';
import type { ApiSpec, OperationSpec } from './operation-spec';
import { problemResponse, validationProblem, type ValidationIssue } from './problem';
import { readRequestBody } from './read-body';
import { readParameters } from './read-parameters';
import { toResponse } from './response';
import { checkSecurity, type Authenticate } from './security';
import type { OperationValidators } from './validators';

export interface ErrorInfo {
  /** The operation being served; `undefined` for a failure outside any operation (routing). */
  readonly operationId: string | undefined;
  readonly request: Request;
}

export interface ServeDependencies {
  readonly components: ApiSpec['components']['schemas'];
  readonly handler: Handler | undefined;
  readonly validators: () => OperationValidators;
  readonly onError?: (error: unknown, info: ErrorInfo) => void;
  /** Enforce the operation's `security` (see security.ts); absent when the app turned it off. */
  readonly security?: { readonly authenticate?: Authenticate };
  /** The most request body bytes this operation reads (see body-limit.ts); `Infinity` for no limit. */
  readonly bodyLimit: number;
  /** The app's services, passed to the handler as they are. */
  readonly services: unknown;
}

/** Path parameter values as path-template.ts extracted them. */
export interface PathValues {
  readonly params: { readonly [name: string]: string };
  readonly malformed: readonly string[];
}

export async function serveOperation(
  c: Context,
  operation: OperationSpec,
  path: PathValues,
  deps: ServeDependencies,
): Promise<Response> {
  const { operationId } = operation;
  try {
    // Authentication comes before everything else the operation does, as in most frameworks:
    // a client without credentials learns nothing about the operation (not whether it is
    // implemented, not its validation rules from a 400), the body of an unauthenticated request
    // is never read, and a conformance checker sending an otherwise invalid request without
    // credentials gets the 401 it expects (Schemathesis's ignored_auth) rather than a 400.
    if (deps.security) {
      const denied = await checkSecurity(c, operation, deps.security.authenticate);
      if (denied) return denied;
    }
    if (!deps.handler) return problemResponse(501, `Operation "${operationId}" has no handler`);
    const prepared = await prepare(c, operation, path, deps);
    if (prepared instanceof Response) return prepared;
    const result = await deps.handler({ operationId, request: c.req.raw, context: c, services: deps.services, ...prepared });
    return result instanceof Response ? result : toResponse(result, operation);
  } catch (error) {
    // Handler and authenticate errors, and internal ones (a schema ajv cannot compile) alike: the
    // message may carry internals (SQL, paths, secrets), so it goes to the hook, never to the client.
    deps.onError?.(error, { operationId, request: c.req.raw });
    return problemResponse(500, `Operation "${operationId}" failed`);
  }
}

type PreparedRequest = Pick<HandlerContext, 'path' | 'query' | 'headers' | 'cookies' | 'body' | 'mediaType'>;

/** Reads and validates everything the operation declares; a Response (400/415) when it is invalid. */
async function prepare(
  c: Context,
  operation: OperationSpec,
  path: PathValues,
  deps: ServeDependencies,
): Promise<PreparedRequest | Response> {
  const validators = deps.validators();
  const sources = { path: path.params, malformedPath: path.malformed, url: new URL(c.req.url), headers: c.req.raw.headers };
  const parameters = readParameters(operation, sources, deps.components);
  // A value that could not even be deserialised is left out; don't also report it as missing.
  const unreadable = new Set(parameters.issues.map((issue) => `${issue.in}:${issue.name}`));
  const issues: ValidationIssue[] = [
    ...parameters.issues,
    ...validators.parameters(parameters.values).filter((issue) => !unreadable.has(`${issue.in}:${issue.name}`)),
  ];

  let body: unknown;
  let mediaType: string | undefined;
  if (operation.requestBody) {
    // After the credentials check (an unauthenticated body is never read) and before any buffering.
    const tooLarge = await checkBodyLimit(c, deps.bodyLimit);
    if (tooLarge) return tooLarge;
    const read = await readRequestBody(c.req, operation.requestBody);
    if (read.status === 'unsupported') {
      const accepted = Object.keys(operation.requestBody.content).join(', ');
      return problemResponse(415, `Content-Type "${read.contentType}" is not accepted; use one of: ${accepted}`);
    }
    if (read.status === 'absent' && operation.requestBody.required) {
      issues.push({ in: 'body', name: '', pointer: '', message: 'is required' });
    } else if (read.status === 'malformed') {
      issues.push({ in: 'body', name: '', pointer: '', message: read.message });
    } else if (read.status === 'parsed') {
      const checked = validators.body(read.mediaType, read.kind, read.value);
      issues.push(...checked.issues);
      body = checked.value;
      mediaType = read.mediaType;
    }
  }
  if (issues.length > 0) return validationProblem(issues);
  const { values } = parameters;
  return { path: values.path, query: values.query, headers: values.header, cookies: values.cookie, body, mediaType };
}


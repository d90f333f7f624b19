import type { CheckName } from '../checks/names';
import type { ConformanceModel, HttpMethod, HttpRequest } from '../model/types';
import { withHeader, withMethod } from '../request';
import { buildRequest, exchange, recordFailures, type CheckFailure } from './exchange';
import { derivedSeed } from './options';
import { tally, type OperationRun, type RunContext } from './operation-run';

/** Methods probed by unsupported_method, in order; HEAD, OPTIONS and TRACE are left out because servers answer them generically. */
const PROBE_METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * A probe's answer is judged by the probe's own verdict and for crashes only: an undocumented
 * 405, 401 or 400 to a request the spec never describes is the probe's business, not a second
 * failure of status_code_conformance.
 */
const SERVER_ERRORS_ONLY: ReadonlySet<CheckName> = new Set<CheckName>(['not_a_server_error']);

/** A valid request the probes can take something away from. */
function baseRequest(context: RunContext, run: OperationRun): HttpRequest {
  const cases = context.cases(run.operation);
  const [first] = cases.coverage(derivedSeed(context.options.seed, run.operation.operationId, 'coverage'));
  return buildRequest(context, run, first!.requestCase);
}

/** Sends a probe; its own verdict joins the per-exchange checks' verdicts. */
async function probe(
  context: RunContext,
  run: OperationRun,
  request: HttpRequest,
  own: { check: CheckFailure['check']; verdict: (status: number, headers: { readonly [name: string]: string }) => string | undefined },
  only?: ReadonlySet<CheckName>,
): Promise<void> {
  const result = await exchange(context, run, request, 'probe', undefined, only);
  tally(run, own.check).exchanges++;
  const failures = [...result.failures];
  if (result.response) {
    const message = own.verdict(result.response.status, result.response.headers);
    if (message !== undefined) failures.push({ check: own.check, message });
  }
  recordFailures(context, run, { ...result, failures });
}

/** missing_required_header: each required header parameter left out must get a 4xx. */
export async function missingRequiredHeader(context: RunContext, run: OperationRun): Promise<void> {
  const headers = run.operation.parameters.filter((p) => p.in === 'header' && p.required);
  for (const header of headers) {
    const request = withHeader(baseRequest(context, run), header.name, undefined);
    await probe(context, run, request, {
      check: 'missing_required_header',
      verdict: (status) =>
        status >= 400 && status < 500 ? undefined : `request without required header ${header.name} answered ${status}, expected a 4xx`,
    }, SERVER_ERRORS_ONLY);
  }
}

/** The method unsupported_method probes for an operation's path, if the path leaves one undocumented. */
export function unsupportedMethodFor(context: Pick<RunContext, 'model'>, path: string): HttpMethod | undefined {
  const documented = methodsOfOverlappingPaths(context.model).get(path) ?? new Set();
  return PROBE_METHODS.find((method) => !documented.has(method));
}

const overlapIndex = new WeakMap<ConformanceModel, Map<string, Set<HttpMethod>>>();

/**
 * For each path, the methods of every path template a URL of it could also match
 * (`/orgs/{org}/blocks/{username}` and `/orgs/{org}/{product}/{action}`): a probe with a method
 * one of those documents may rightly be served by that other operation.
 */
function methodsOfOverlappingPaths(model: ConformanceModel): Map<string, Set<HttpMethod>> {
  let index = overlapIndex.get(model);
  if (index) return index;
  const byPath = new Map<string, Set<HttpMethod>>();
  for (const operation of model.operations) {
    const methods = byPath.get(operation.path) ?? new Set<HttpMethod>();
    methods.add(operation.method);
    byPath.set(operation.path, methods);
  }
  const byLength = new Map<number, string[][]>();
  for (const path of byPath.keys()) {
    const segments = path.split('/');
    byLength.set(segments.length, [...(byLength.get(segments.length) ?? []), segments]);
  }
  const wildcard = (segment: string): boolean => segment.includes('{');
  index = new Map();
  for (const [path, methods] of byPath) {
    const segments = path.split('/');
    const all = new Set(methods);
    for (const other of byLength.get(segments.length) ?? []) {
      if (other.every((segment, i) => segment === segments[i] || wildcard(segment) || wildcard(segments[i]!))) {
        for (const method of byPath.get(other.join('/')) ?? []) all.add(method);
      }
    }
    index.set(path, all);
  }
  overlapIndex.set(model, index);
  return index;
}

/** unsupported_method: a method the path does not document must get 405 with an Allow header (RFC 9110 §15.5.6). */
export async function unsupportedMethod(context: RunContext, run: OperationRun): Promise<void> {
  const method = unsupportedMethodFor(context, run.operation.path);
  if (!method) return;
  const base = baseRequest(context, run);
  const request = withMethod(method === 'get' ? { ...base, body: undefined } : base, method.toUpperCase());
  await probe(context, run, request, {
    check: 'unsupported_method',
    verdict: (status, headers) => {
      if (status !== 405) return `undocumented method ${method.toUpperCase()} ${run.operation.path} answered ${status}, expected 405`;
      if (!headers['allow']) return `405 for ${method.toUpperCase()} ${run.operation.path} has no Allow header`;
      return undefined;
    },
  }, SERVER_ERRORS_ONLY);
}

/** Sends a request with its credentials taken away; success is an ignored_auth failure. */
export async function withoutCredentials(context: RunContext, run: OperationRun, request: HttpRequest): Promise<void> {
  await probe(context, run, run.credentials.strip(request), {
    check: 'ignored_auth',
    verdict: (status) => (status >= 200 && status < 300 ? `request without credentials succeeded with ${status}` : undefined),
  }, SERVER_ERRORS_ONLY);
}

/**
 * ignored_auth: a request without credentials (and, when the user gave real ones, with wrong
 * ones) must not succeed. Probed on a minimal valid request and on requests that succeeded.
 */
export async function ignoredAuth(context: RunContext, run: OperationRun): Promise<void> {
  if (!run.operation.security.length || !run.credentials.required) return;
  const candidates = [baseRequest(context, run), ...run.successes.slice(0, 2)];
  for (const request of candidates) {
    await withoutCredentials(context, run, request);
    if (run.credentials.userSupplied) {
      let wrong = request;
      const credentialHeaders = new Set(run.operation.security.flat().map((s) => (s.parameterName ?? '').toLowerCase()));
      for (const name of Object.keys(context.options.headers)) {
        if (credentialHeaders.has(name.toLowerCase())) wrong = withHeader(wrong, name, 'specwright-invalid-credentials');
      }
      await probe(context, run, wrong, {
        check: 'ignored_auth',
        verdict: (status) => (status >= 200 && status < 300 ? `request with invalid credentials succeeded with ${status}` : undefined),
      }, SERVER_ERRORS_ONLY);
    }
  }
}

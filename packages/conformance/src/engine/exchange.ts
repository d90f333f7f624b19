import type { CheckName } from '../checks/names';
import { RESPONSE_CHECKS } from '../checks/response-checks';
import type { CaseKind } from '../checks/context';
import type { HttpRequest, HttpResponse, RequestCase } from '../model/types';
import { serializeRequest, toCurl } from '../request';
import { tally, type OperationRun, type RunContext } from './operation-run';
import type { Failure } from './report-types';

/** What fetch can put on the wire: token names, Latin-1 values without control characters. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export interface CheckFailure {
  readonly check: CheckName;
  readonly message: string;
}

export interface ExchangeResult {
  readonly request: HttpRequest;
  readonly response?: HttpResponse;
  readonly failures: readonly CheckFailure[];
}

/** The wire request for a case: serialised, user headers applied, credentials added. */
export function buildRequest(context: RunContext, run: OperationRun, requestCase: RequestCase): HttpRequest {
  const serialised = serializeRequest(run.operation, requestCase, { registry: context.model.registry });
  const user = context.options.headers;
  const names = new Set(Object.keys(user).map((n) => n.toLowerCase()));
  const headers = [
    ...serialised.headers.filter(([name]) => !names.has(name.toLowerCase())),
    ...Object.entries(user).map(([name, value]) => [name, value] as const),
  ];
  return run.credentials.add({ ...serialised, headers });
}

/**
 * Sends one request and judges the response with every enabled per-exchange check. Suspicious
 * verdicts about the data (a valid case rejected, an invalid one accepted) are confirmed with
 * the oracle first, so a case-generation bug is counted as discarded, never reported.
 */
export async function exchange(
  context: RunContext,
  run: OperationRun,
  request: HttpRequest,
  kind: CaseKind,
  mutation?: string,
  only?: ReadonlySet<CheckName>,
): Promise<ExchangeResult> {
  if (!request.headers.every(([name, value]) => HEADER_NAME.test(name) && HEADER_VALUE.test(value))) {
    // fetch cannot send it; the case generator should not have built it.
    run.discarded++;
    return { request, failures: [] };
  }
  run.requests++;
  let response: HttpResponse;
  try {
    response = await context.target.send(request);
  } catch (error) {
    const message = `request failed: ${describeError(error)}`;
    return { request, failures: run.enabled.has('not_a_server_error') ? [{ check: 'not_a_server_error', message }] : [] };
  }
  const failures: CheckFailure[] = [];
  for (const [check, judge] of RESPONSE_CHECKS) {
    if (!run.enabled.has(check) || (only && !only.has(check))) continue;
    if (check === 'negative_data_rejection' && kind !== 'negative') continue;
    if (check === 'positive_data_acceptance' && kind !== 'positive') continue;
    tally(run, check).exchanges++;
    const message = judge({ operation: run.operation, request, response, kind, schemas: context.schemas, ...(mutation ? { mutation } : {}) });
    if (message !== undefined) failures.push({ check, message });
  }
  if (response.status >= 200 && response.status < 300 && kind === 'positive') {
    if (run.successes.length < 8) run.successes.push(request);
  }
  const suspicious = failures.find((f) => f.check === 'positive_data_acceptance' || f.check === 'negative_data_rejection');
  if (suspicious) {
    const accepted = await context.oracle.accepts(request);
    if (suspicious.check === 'positive_data_acceptance' && !accepted) {
      // Not the valid request it was built to be: its response says nothing about the server,
      // except that it must not crash.
      run.discarded++;
      return { request, response, failures: failures.filter((f) => f.check === 'not_a_server_error') };
    }
    if (suspicious.check === 'negative_data_rejection' && accepted) {
      return { request, response, failures: failures.filter((f) => f !== suspicious) };
    }
  }
  return { request, response, failures };
}

/** Keeps the first failures of each check (the rest of a run usually repeats them). */
export function recordFailures(
  context: RunContext,
  run: OperationRun,
  result: ExchangeResult,
  details: { shrinks?: number; steps?: readonly string[]; onlyNew?: boolean } = {},
): CheckFailure[] {
  const recorded: CheckFailure[] = [];
  for (const failure of result.failures) {
    const entry = tally(run, failure.check);
    // A shrunk failure is more useful than a boundary value's: it replaces those.
    if (details.shrinks !== undefined && entry.failures.every((f) => DETERMINISTIC.has(f.phase))) entry.failures.length = 0;
    if (entry.failures.length >= context.options.maxFailuresPerCheck) continue;
    if (entry.failures.some((f) => f.message === failure.message)) continue;
    entry.failures.push(toFailure(context, run, result, failure, details));
    recorded.push(failure);
  }
  return recorded;
}

function toFailure(
  context: RunContext,
  run: OperationRun,
  result: ExchangeResult,
  failure: CheckFailure,
  details: { shrinks?: number; steps?: readonly string[] },
): Failure {
  return {
    operationId: run.operation.operationId,
    check: failure.check,
    phase: run.phase,
    message: failure.message,
    request: result.request,
    curl: toCurl(result.request, context.target.baseUrl),
    ...(result.response
      ? { response: { status: result.response.status, headers: result.response.headers, body: result.response.bodyText.slice(0, 2000) } }
      : {}),
    seed: context.options.seed,
    shrinks: details.shrinks ?? 0,
    ...(details.steps && details.steps.length > 0 ? { steps: details.steps } : {}),
  };
}

/** Has this check already got all the failures it keeps? Then fuzzing stops hunting for it. */
export function saturated(context: RunContext, run: OperationRun, check: CheckName): boolean {
  const failures = run.tallies.get(check)?.failures ?? [];
  return failures.length >= context.options.maxFailuresPerCheck && !failures.every((f) => DETERMINISTIC.has(f.phase));
}

/** Phases whose cases are fixed values: their failures are not shrunk, so fuzzing still hunts for a minimal one. */
const DETERMINISTIC: ReadonlySet<string> = new Set(['examples', 'coverage']);

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    return `${error.message}${detail}`;
  }
  return String(error);
}

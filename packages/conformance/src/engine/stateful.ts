import fc from 'fast-check';
import { documentedResponse } from '../checks/match-response';
import type { ConformanceLink, ConformanceOperation, HttpRequest, RequestCase } from '../model/types';
import { toCurl } from '../request';
import { buildRequest, exchange, recordFailures, type ExchangeResult } from './exchange';
import { withoutCredentials } from './probes';
import { SchemaArbitraryError } from '../schema';
import { evaluate, UNRESOLVED, type LinkSource } from './link-expressions';
import { derivedSeed } from './options';
import { tally, type OperationRun, type RunContext } from './operation-run';

/** Sequences started per linking operation: enough to see state handling, few enough for big specs. */
const MAX_SEQUENCES = 5;

/** Methods that create (or replace) a resource, whose links to a GET must then work. */
const CREATING = new Set(['post', 'put']);

/**
 * Stateful sequences through OpenAPI links: send the source operation, follow each link of the
 * response it got with values taken from that exchange, and judge what state the server kept.
 *  - ensure_resource_availability: after a successful POST/PUT, a linked GET must not be 404.
 *  - use_after_free: after a successful linked DELETE, the linked GET must not succeed.
 */
export async function runStateful(context: RunContext, source: OperationRun): Promise<void> {
  const operation = source.operation;
  if (!operation.responses.some((r) => r.links.length > 0)) return;
  source.phase = 'stateful';
  const cases = context.cases(operation);
  const seed = derivedSeed(context.options.seed, operation.operationId, 'stateful');
  const [first] = cases.coverage(seed);
  const starts = [first!.requestCase, ...fc.sample(cases.positive, { seed, numRuns: Math.min(context.options.cases, MAX_SEQUENCES) - 1 })];

  for (const requestCase of starts) {
    const request = buildRequest(context, source, requestCase);
    const result = await exchange(context, source, request, 'positive');
    recordFailures(context, source, result);
    const response = result.response;
    if (!response || response.status < 200 || response.status >= 300) continue;
    const links = documentedResponse(operation, response.status)?.links ?? [];
    if (links.length === 0) continue;
    const from: LinkSource = { requestCase, method: request.method, url: context.target.baseUrl + request.url, response };
    const steps = [toCurl(request, context.target.baseUrl)];

    const reads: { run: OperationRun; request: HttpRequest }[] = [];
    const deletes: { run: OperationRun; request: HttpRequest }[] = [];
    for (const link of links) {
      const target = context.operations.get(link.targetOperationId);
      if (!target) continue;
      const targetCase = linkedCase(context, target, link, from);
      if (!targetCase) continue;
      const run = context.runOf(target);
      const step = { run, request: buildRequest(context, run, targetCase) };
      if (target.method === 'get') reads.push(step);
      else if (target.method === 'delete') deletes.push(step);
    }

    for (const read of reads) {
      const result = await follow(context, read.run, read.request, 'stateful');
      if (!CREATING.has(operation.method) || !source.enabled.has('ensure_resource_availability')) continue;
      tally(source, 'ensure_resource_availability').exchanges++;
      if (result.response?.status === 404) {
        recordFailures(context, source, withFailure(result, 'ensure_resource_availability',
          `${read.request.method} ${read.request.url} answered 404 right after ${request.method} ${request.url} answered ${response.status}: the created resource is not available`), { steps });
      }
    }
    for (const del of deletes) {
      // A resource that exists is the one case where a DELETE without credentials can show it
      // is ignored: a random id would just be a 404.
      if (del.run.enabled.has('ignored_auth') && del.run.credentials.required) {
        del.run.phase = 'stateful';
        await withoutCredentials(context, del.run, del.request);
      }
      const deleted = await follow(context, del.run, del.request, 'stateful');
      const status = deleted.response?.status ?? 0;
      if (status < 200 || status >= 300 || !del.run.enabled.has('use_after_free')) continue;
      for (const read of reads) {
        const after = await follow(context, read.run, read.request, 'stateful');
        tally(del.run, 'use_after_free').exchanges++;
        const again = after.response?.status ?? 0;
        if (again >= 200 && again < 300) {
          recordFailures(context, del.run, withFailure(after, 'use_after_free',
            `${read.request.method} ${read.request.url} answered ${again} after ${del.request.method} ${del.request.url} answered ${status}: the deleted resource is still there`),
            { steps: [...steps, toCurl(del.request, context.target.baseUrl)] });
        }
      }
    }
  }
}

/** A linked request is an ordinary positive exchange of its own operation too. */
async function follow(context: RunContext, run: OperationRun, request: HttpRequest, phase: 'stateful'): Promise<ExchangeResult> {
  const previous = run.phase;
  run.phase = phase;
  // Linked ids may name a resource that is gone (after DELETE), so only the per-exchange checks run.
  const result = await exchange(context, run, request, 'probe');
  recordFailures(context, run, result);
  run.phase = previous;
  return result;
}

function withFailure(result: ExchangeResult, check: 'use_after_free' | 'ensure_resource_availability', message: string): ExchangeResult {
  return { ...result, failures: [{ check, message }] };
}

/** The target's request: the link's values, and a minimal valid value for every other required parameter. */
function linkedCase(context: RunContext, target: ConformanceOperation, link: ConformanceLink, from: LinkSource): RequestCase | undefined {
  let base;
  try {
    [base] = context.cases(target).coverage(derivedSeed(context.options.seed, target.operationId, 'coverage'));
  } catch (error) {
    if (error instanceof SchemaArbitraryError) return undefined; // reported on the target's own run
    throw error;
  }
  let out: RequestCase = base!.requestCase;
  for (const [qualified, expression] of Object.entries(link.parameters)) {
    const value = evaluate(expression, from);
    if (value === UNRESOLVED) return undefined;
    const [where, name] = qualified.includes('.') ? (qualified.split(/\.(.*)/s) as [string, string]) : [undefined, qualified];
    const parameter = target.parameters.find((p) => p.name === name && (where === undefined || p.in === where));
    if (!parameter) continue;
    const bucket = parameter.in === 'path' ? 'path' : parameter.in === 'query' ? 'query' : parameter.in === 'header' ? 'headers' : 'cookies';
    out = { ...out, [bucket]: { ...out[bucket], [parameter.name]: value } };
  }
  if (link.requestBody !== undefined && out.body) {
    const value = evaluate(link.requestBody, from);
    if (value !== UNRESOLVED) out = { ...out, body: { mediaType: out.body.mediaType, value } };
  }
  return out;
}

/** Which operations stateful checks apply to: `ensure_resource_availability` on sources, `use_after_free` on DELETE targets. */
export function statefulApplicability(operations: readonly ConformanceOperation[]): { sources: Set<string>; deletes: Set<string> } {
  const byId = new Map(operations.map((o) => [o.operationId, o]));
  const sources = new Set<string>();
  const deletes = new Set<string>();
  for (const operation of operations) {
    for (const response of operation.responses) {
      if (!/^2/.test(response.status)) continue;
      const targets = response.links.map((l) => byId.get(l.targetOperationId)).filter((t): t is ConformanceOperation => t !== undefined);
      const readable = targets.some((t) => t.method === 'get');
      if (readable && CREATING.has(operation.method)) sources.add(operation.operationId);
      if (readable) for (const t of targets) if (t.method === 'delete') deletes.add(t.operationId);
    }
  }
  return { sources, deletes };
}

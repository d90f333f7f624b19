import { checkOpenApiVersion, type OpenApiDocument, type OperationConformanceCheck } from '@specwright/core';
import { buildConformanceModel } from '../model/build-model';
import type { ConformanceModel } from '../model/types';
import { DEFAULT_SEED, type CheckSwitches, type Phase } from '../engine/options';
import { runConformance } from '../engine/run-conformance';
import { formatFailure } from '../report/format-failure';
import { inProcessTarget } from '../target/in-process';

export interface OperationCheckOptions {
  /** Seeds every random choice, so a candidate's verdict is the same on every run; default DEFAULT_SEED. */
  readonly seed?: number;
  /** Random cases of the fuzzing phase; default 10 (the full suite's default is 25). */
  readonly cases?: number;
}

export const OPERATION_CHECK_CASES = 10;

/**
 * Phases that send valid requests: with negative_data_rejection off, coverage and fuzzing send
 * only requests the spec allows, which pass validation and reach the handler. Stateful
 * sequences follow links to other operations, which have no handler while one candidate is
 * verified (they answer 501), so they wait for the full suite.
 */
const PHASES: readonly Phase[] = ['examples', 'coverage', 'fuzzing'];

/**
 * Checks of what the runtime answers before a handler runs: request validation, required
 * headers, routing, security. A candidate cannot change those answers, so they must not reject
 * it (a spec that does not declare 400 would otherwise reject every candidate); the full suite
 * still runs them. Set per operation, which wins over the spec's `x-specwright-conformance`.
 */
const RUNTIME_CHECKS_OFF: CheckSwitches = {
  negative_data_rejection: false,
  missing_required_header: false,
  unsupported_method: false,
  ignored_auth: false,
  use_after_free: false,
  ensure_resource_availability: false,
};

/**
 * Core's verifier calls this with each candidate served in the real runtime app: the conformance
 * engine runs that one operation's cases in-process (the spec's examples, boundary values and a
 * few seeded random requests, all valid) and judges what the handler answers: no 5xx, declared
 * status, content type, headers and body schema, valid requests not refused. Each failure comes
 * back as people read it: the check, the minimal request as a curl line, the response, the seed.
 * Empty: the candidate conforms.
 */
export function createOperationConformanceCheck(options: OperationCheckOptions = {}): OperationConformanceCheck {
  const seed = options.seed ?? DEFAULT_SEED;
  const cases = options.cases ?? OPERATION_CHECK_CASES;
  // One model per document: a run verifies many candidates against the same spec, and building
  // the model of a large spec costs seconds.
  const models = new WeakMap<object, ConformanceModel>();
  const modelOf = (document: unknown): ConformanceModel => {
    if (document === null || typeof document !== 'object') throw new TypeError('the document to check against is not an OpenAPI object');
    let model = models.get(document);
    if (!model) {
      const spec = document as OpenApiDocument;
      model = buildConformanceModel(spec, checkOpenApiVersion(spec, 'openapi.json'));
      models.set(document, model);
    }
    return model;
  };

  return async ({ app, operationId, document }) => {
    const report = await runConformance(modelOf(document), inProcessTarget(app), {
      seed,
      cases,
      phases: PHASES,
      include: [operationId],
      operations: { [operationId]: { checks: RUNTIME_CHECKS_OFF } },
    });
    return report.operations.flatMap((operation) => operation.checks.flatMap((check) => check.failures.map((failure) => formatFailure(failure))));
  };
}

import { CHECK_NAMES, type CheckName } from '../checks/names';
import type { ConformanceModel, ConformanceOperation } from '../model/types';
import { credentialsFor } from './credentials';
import { checkEnabled, type ResolvedOptions } from './options';
import { unsupportedMethodFor } from './probes';
import { statefulApplicability } from './stateful';

export interface CheckPlan {
  readonly check: CheckName;
  /** Turned off by options or the spec's `x-specwright-conformance`. */
  readonly enabled: boolean;
}

/**
 * The checks that mean something for each operation, known before any request is sent (the
 * Jest suite declares one test per operation and check from this). A check with nothing to
 * judge is left out rather than reported as a pass that proves nothing.
 */
export function planChecks(model: ConformanceModel, options: ResolvedOptions): Map<string, CheckPlan[]> {
  const stateful = statefulApplicability(model.operations);
  const plans = new Map<string, CheckPlan[]>();
  for (const operation of model.operations) {
    const applicable = CHECK_NAMES.filter((check) => applies(check, operation, model, stateful, options));
    plans.set(
      operation.operationId,
      applicable.map((check) => ({ check, enabled: checkEnabled(check, operation.operationId, operation.checks, options) })),
    );
  }
  return plans;
}

function applies(
  check: CheckName,
  operation: ConformanceOperation,
  model: ConformanceModel,
  stateful: { sources: Set<string>; deletes: Set<string> },
  options: ResolvedOptions,
): boolean {
  const phases = options.phases;
  const sendsValid = phases.has('examples') || phases.has('coverage') || phases.has('fuzzing');
  switch (check) {
    case 'negative_data_rejection':
      return (phases.has('negative') || phases.has('coverage')) && (operation.parameters.length > 0 || operation.requestBody !== undefined);
    case 'positive_data_acceptance':
      return sendsValid;
    case 'missing_required_header':
      return operation.parameters.some((p) => p.in === 'header' && p.required);
    case 'unsupported_method':
      return unsupportedMethodFor({ model }, operation.path) !== undefined;
    case 'use_after_free':
      return phases.has('stateful') && stateful.deletes.has(operation.operationId);
    case 'ensure_resource_availability':
      return phases.has('stateful') && stateful.sources.has(operation.operationId);
    case 'ignored_auth':
      return credentialsFor(operation, options.headers).required;
    default:
      return true;
  }
}

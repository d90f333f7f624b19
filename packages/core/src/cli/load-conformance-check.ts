import type { OperationConformanceCheck } from '../verify/verify-types';

/**
 * The conformance stage of verification comes from @specwright/conformance, which depends on
 * core (so core cannot import it): it is looked up at run time, and only when a model provider
 * needs verification. Without it installed, candidates are still typechecked and policy-checked,
 * and the caller says so.
 */
export function loadConformanceCheck(): OperationConformanceCheck | undefined {
  let module: { createOperationConformanceCheck?: () => OperationConformanceCheck };
  try {
    module = require('@specwright/conformance') as typeof module;
  } catch {
    return undefined;
  }
  return typeof module.createOperationConformanceCheck === 'function' ? module.createOperationConformanceCheck() : undefined;
}

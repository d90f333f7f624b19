/**
 * @specwright/conformance: Schemathesis-grade contract tests from an OpenAPI spec. Build a model
 * from a spec, pick a target (an app in-process, or a live URL), run, report.
 */
export { buildConformanceModel, OPERATION_EXTENSION } from './model/build-model';
export { loadConformanceModel, type LoadModelOptions } from './model/load-model';
export * from './model/types';
export { CHECK_NAMES, CHECK_DESCRIPTIONS, isCheckName, type CheckName } from './checks/names';
export { runConformance, type RunConformanceOptions } from './engine/run-conformance';
export { planChecks, type CheckPlan } from './engine/applicable-checks';
export {
  PHASES,
  DEFAULT_CASES,
  DEFAULT_SEED,
  resolveOptions,
  type Phase,
  type CheckSwitches,
  type ConformanceOptions,
  type OperationOptions,
} from './engine/options';
export type { CheckResult, CheckStatus, ConformanceReport, Failure, FailureResponse, OperationReport } from './engine/report-types';
export { inProcessTarget, type FetchApp } from './target/in-process';
export { liveTarget, type LiveTargetOptions } from './target/live';
export type { Target } from './target/target';
export { formatFailure } from './report/format-failure';
export { formatReport } from './report/summary';
export { toJunitXml, type JunitOptions } from './report/junit';
export { serializeRequest, toCurl } from './request';
export {
  validArbitrary,
  negativeArbitrary,
  coverageValues,
  negativeCoverageValues,
  createSchemaValidator,
  type SchemaArbitraryOptions,
  type NegativeValue,
  type CoverageValue,
} from './schema';
export { createOperationConformanceCheck, OPERATION_CHECK_CASES, type OperationCheckOptions } from './verify/operation-check';

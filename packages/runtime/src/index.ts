/**
 * @specwright/runtime: what generated servers import. `createSpecApp` serves an ApiSpec (emitted
 * by @specwright/core into `spec.ts`) as a Hono app; the handler types tie handlers to the
 * openapi-typescript types of the same spec.
 */
export { createSpecApp, precompileValidators, type SpecAppOptions } from './create-spec-app';
export { DEFAULT_BODY_LIMIT, type BodyLimitOption } from './body-limit';
export { escapeData, escapeSchema, unescapeName } from './proto-names';
export type { ErrorInfo } from './serve-operation';
export type { Authenticate, AuthenticateRequest } from './security';
export type { Handler, HandlerContext, HandlerMap, HandlerResult, HandlerReturn, ParameterRecord } from './handler';
export type {
  OperationContext,
  OperationHandler,
  OperationHandlers,
  OperationResult,
  OperationReturn,
  RequestBodyType,
  RequestMediaType,
} from './operation-handler';
export {
  createMemoryStore,
  isResourceRecord,
  memoryStoreOf,
  recordWith,
  DEFAULT_MAX_RECORDS_PER_COLLECTION,
  type CreateOptions,
  type IdKind,
  type MemoryStoreOptions,
  type ResourceId,
  type ResourceRecord,
  type ResourceStore,
  type WriteOptions,
} from './resource-store';
export { createDefaultServices, type DefaultServices } from './services';
export { createSchemaCheck, type SchemaCheck } from './schema-check';
export { createValidatorCache, parametersSchema, type OperationValidators, type ValidatorCache } from './validators';
export {
  PROBLEM_CONTENT_TYPE,
  problemResponse,
  validationProblem,
  type IssueLocation,
  type ProblemDetails,
  type ValidationIssue,
} from './problem';
export { isHeaderName, isHeaderValue, readHeader } from './http-header';
export { bodyKindOf, essence, isJsonMediaType, matchMediaType, type BodyKind } from './media-type';
export { compilePattern, patternRegExpEngine, type PatternMatcher } from './pattern-engine';
export * from './operation-spec';

export { SpecwrightError, isSpecwrightError, formatError, formatLocation, type SpecwrightErrorCode, type SourceLocation } from './errors';
export { loadSpec, type LoadSpecOptions, type SpecSource } from './spec/load-spec';
export { collectRefClosure, getAt, type RefClosure, type RefClosureOptions } from './spec/ref-closure';
export { checkOpenApiVersion, type OpenApiDocument, type OpenApiVersion } from './spec/openapi-version';
export { lintSpec, formatLintProblem, formatLintTotals, BUILTIN_RULESETS, type LintOptions, type LintProblem, type LintResult } from './spec/lint';
export { isSwagger2 } from './spec/swagger2';
export { defaultWorkspaceRoot } from './cli/default-workspace-root';
export { chooseWorkspaceRoot, withRootFix } from './cli/workspace-root-option';
export {
  indexOperations,
  operationContract,
  operationKey,
  HTTP_METHODS,
  RefGraph,
  refTokens,
  type Operation,
  type HttpMethod,
  type KeyInputs,
} from './contract/index-operations';
export { canonicalJson, sha256, stableStringify } from './contract/canonical-json';
export { FORMAT_EXAMPLES } from './schema/format-examples';
export { describePatternProblem, findPatternProblems, withoutInvalidPatterns, type PatternProblem } from './schema/patterns';
export { toJsonSchema, type ToJsonSchemaOptions, type JsonSchemaValue, type Direction } from './schema/to-json-schema';
export { buildApiSpec, describeParameter, type DescribedParameter } from './emit/api-spec';
export type { GeneratedFile } from './emit/generated-file';
export type { Manifest, ManifestOperation } from './emit/emit-manifest';
export {
  generate,
  generateToDisk,
  describeHandlers,
  EMIT_KINDS,
  type EmitKind,
  type GenerateOptions,
  type GenerateProgress,
  type GenerateResult,
  type GenerateSummary,
} from './generate';
export type { HandlerProvider, ImplementRequest, Implementation, ImplementationProvenance } from './providers/provider';
export { createOfflineProvider } from './providers/offline/offline-provider';
export { sampleFromSchema, type SampleContext } from './providers/offline/sample-from-schema';
export { writeOutputAtomically } from './write/atomic-write';
export { EMITTED_INTERFACE_VERSION, OFFLINE_MODEL_ID, OFFLINE_PROVIDER_VERSION } from './versions';
export { registerTypeScript } from './load/register-typescript';
export { resolveProvider, PROVIDER_IDS, type ProviderId, type ProviderSettings } from './providers/resolve-provider';
export {
  createAnthropicProvider,
  checkPromptCaching,
  DEFAULT_MAX_RETRIES,
  DEFAULT_MAX_TOKENS,
  type AnthropicProvider,
  type AnthropicProviderOptions,
  type PromptCachingReport,
} from './providers/anthropic/anthropic-provider';
export { validateModelId, estimateCost, findModel, KNOWN_MODELS, BATCH_DISCOUNT, type KnownModel, type ModelPrice } from './providers/anthropic/models';
export { buildPrompt, handlerTypeName, PROMPT_VERSION, REPLY_SCHEMA, type BuiltPrompt, type PromptOptions, type PromptParams } from './providers/anthropic/prompt';
export { callModel, DEFAULT_TIMEOUT_MS, type CallModelOptions, type ModelReply } from './providers/anthropic/call-model';
export { ModelReplyError, parseModelReply, replyTextOf, tokenUsageOf, type ModelReplyProblem, type ParsedReply } from './providers/anthropic/parse-reply';
export { isFailureAfterHeaders, toProviderError, type ErrorContext } from './providers/anthropic/api-errors';
export {
  readLock,
  pinStatus,
  writeLock,
  LOCK_DIR_NAME,
  LOCK_FORMAT_VERSION,
  LOCK_INDEX,
  LOCK_VERDICTS,
  PENDING_BATCH_FILE,
  type LockState,
  type LockUpdate,
  type NewLockPin,
  type WriteLockResult,
  type LockEntry,
  type LockIndex,
  type LockVerdict,
  type PendingBatch,
  type PinStatus,
} from './lock';
export { createVerifier, DEFAULT_VERIFY_TIMEOUT_MS, type CreateVerifierOptions } from './verify/create-verifier';
export type { Candidate, OperationConformanceCheck, Verifier, VerifyResult, VerifyStage } from './verify/verify-types';
export { createProgressPrinter, formatGenerateSummary, type ProgressPrinter, type ProgressStream } from './cli/progress-printer';
export { diffSpecs, ACCEPT_EXTENSION, type DiffInput, type DiffSpecsOptions } from './diff/diff-specs';
export { diffSpecFiles, type DiffSpecFilesOptions, type DiffFilesResult } from './diff/diff-spec-files';
export { failingFindings, type DiffFinding, type DiffLocation, type DiffResult, type DiffSummary, type FailOn } from './diff/diff-result';
export { formatFindings, DIFF_FORMATS, DIFF_JSON_VERSION, type DiffFormat } from './diff/format-findings';
export { DIFF_RULES, DIFF_RULE_IDS, SEVERITIES, type DiffRule, type DiffRuleId, type Severity } from './diff/rules';
export { loadAcceptFile, defaultAcceptFile, ACCEPT_FILE_NAME } from './diff/accept-file';
export type { AcceptEntry } from './diff/acceptance';
export { specAtRevision, type SpecAtRevision } from './git/spec-at-revision';

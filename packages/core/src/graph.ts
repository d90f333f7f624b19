/**
 * The light entry point for code that runs while Nx builds its project graph: the `$ref`
 * closure walk and error formatting, without the emitters (openapi-typescript, Redocly), whose
 * loading alone costs half a second per plugin worker.
 */
export { collectRefClosure, type RefClosure, type RefClosureOptions } from './spec/ref-closure';
export { SpecwrightError, isSpecwrightError, formatError, type SourceLocation, type SpecwrightErrorCode } from './errors';
export { defaultLockDirOf } from './lock/default-lock-dir';

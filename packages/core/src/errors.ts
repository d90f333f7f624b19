/**
 * Errors a user can hit are values with a code, a message naming file and location, and a fix.
 * Front ends (the CLI, the Nx executors) print them without a stack trace; `--verbose` adds it.
 */

export type SpecwrightErrorCode =
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  | 'PARSE_ERROR'
  | 'INVALID_TEXT'
  | 'YAML_ALIAS_LIMIT'
  | 'NESTING_TOO_DEEP'
  | 'NOT_OPENAPI'
  | 'SWAGGER_2'
  | 'UNSUPPORTED_OPENAPI_VERSION'
  | 'REF_UNRESOLVED'
  | 'REF_REMOTE'
  | 'REF_OUTSIDE_WORKSPACE'
  | 'REF_CYCLE'
  | 'REF_UNSUPPORTED'
  | 'BUNDLE_FAILED'
  | 'LINT_FAILED'
  | 'LINT_CONFIG'
  | 'INVALID_OPTION'
  | 'OPERATION_ID_CONFLICT'
  | 'HANDLER_FILE_CONFLICT'
  | 'HANDLER_FILE_CASE'
  | 'OUTPUT_LOCKED'
  | 'UNSAFE_OUTPUT_DIR'
  | 'WRITE_FAILED'
  | 'INVALID_SCHEMA'
  | 'LOCK_STALE'
  | 'IMPLEMENT_FAILED'
  | 'BATCH_FAILED'
  | 'MISSING_API_KEY'
  | 'MODEL_UNREACHABLE'
  | 'MODEL_AUTH_FAILED'
  | 'MODEL_API_ERROR'
  | 'MODEL_TIMEOUT'
  | 'MODEL_REPLY_INVALID'
  | 'LOCK_INVALID'
  | 'LOCK_CONFLICT'
  | 'VERIFIER_SETUP'
  | 'ACCEPT_INVALID';

export interface SourceLocation {
  /** Workspace-relative (or as given) path of the file. */
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** JSON pointer inside the file, when known. */
  readonly pointer?: string;
}

export class SpecwrightError extends Error {
  readonly code: SpecwrightErrorCode;
  readonly location?: SourceLocation;
  readonly fix?: string;

  constructor(
    code: SpecwrightErrorCode,
    message: string,
    details: { location?: SourceLocation; fix?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SpecwrightError';
    this.code = code;
    this.location = details.location;
    this.fix = details.fix;
  }
}

export function isSpecwrightError(error: unknown): error is SpecwrightError {
  return error instanceof SpecwrightError;
}

export function formatLocation(location: SourceLocation): string {
  let text = location.file;
  if (location.line !== undefined) {
    text += `:${location.line}`;
    if (location.column !== undefined) text += `:${location.column}`;
  }
  if (location.pointer !== undefined && location.line === undefined) text += `#${location.pointer}`;
  return text;
}

/**
 * One clear message: `file:line:col: message (CODE)` then the fix. Unknown errors (bugs) keep
 * their message; the stack is only shown when asked for, because users act on the message.
 */
export function formatError(error: unknown, options: { verbose?: boolean } = {}): string {
  if (isSpecwrightError(error)) {
    const where = error.location ? `${formatLocation(error.location)}: ` : '';
    let text = `${where}${error.message} [${error.code}]`;
    if (error.fix) text += `\n  fix: ${error.fix}`;
    if (options.verbose && error.stack) text += `\n${error.stack}`;
    return text;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  const text = `Unexpected error: ${err.message}`;
  return options.verbose && err.stack ? `${text}\n${err.stack}` : `${text}\n  (run with --verbose for the stack trace)`;
}

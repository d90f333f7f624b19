/**
 * Errors of the schema → arbitrary module, as values with a code so the engine can report them
 * per operation (one broken schema must not stop the whole run) without a stack trace.
 */
export type SchemaArbitraryErrorCode = 'UNRESOLVABLE_REF' | 'UNSATISFIABLE_SCHEMA' | 'INVALID_SCHEMA';

export class SchemaArbitraryError extends Error {
  constructor(
    readonly code: SchemaArbitraryErrorCode,
    message: string,
    readonly fix?: string,
  ) {
    super(message);
    this.name = 'SchemaArbitraryError';
  }
}

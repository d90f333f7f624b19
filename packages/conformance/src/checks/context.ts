import type { ConformanceOperation, HttpRequest, HttpResponse } from '../model/types';
import type { SchemaChecker } from '../engine/schema-checker';

/** Whether the request was built to satisfy the spec (positive), to violate it (negative), or by a check of its own (probe). */
export type CaseKind = 'positive' | 'negative' | 'probe';

/** What a check that only looks at one exchange sees. */
export interface ResponseCheckContext {
  readonly operation: ConformanceOperation;
  readonly request: HttpRequest;
  readonly response: HttpResponse;
  readonly kind: CaseKind;
  readonly schemas: SchemaChecker;
  /** For negative cases: what was made invalid, for the failure message. */
  readonly mutation?: string;
}

/** A check of one exchange: a failure message, or undefined when it passed. */
export type ResponseCheck = (context: ResponseCheckContext) => string | undefined;

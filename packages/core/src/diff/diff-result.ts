import type { AcceptEntry } from './acceptance';
import type { DiffRuleId, Severity } from './rules';
import { severityRank } from './rules';

/** Where a finding is: a spec file as shown (workspace-relative), the line when known, and the pointer. */
export interface DiffLocation {
  readonly file: string;
  readonly line?: number;
  /** JSON pointer in the bundled document of that spec. */
  readonly pointer: string;
}

export interface DiffFinding {
  /** `GET /pets/{petId}` (the head's path; the base's for a removed operation). */
  readonly operation: string;
  /** The head's operationId (the base's for a removed operation); derived when the spec has none. */
  readonly operationId: string;
  readonly rule: DiffRuleId;
  readonly severity: Severity;
  /** One line: what changed, naming the part of the operation. */
  readonly message: string;
  /** In the head spec, or in the base spec when the thing exists only there (a removed operation). */
  readonly location: DiffLocation;
  /** Accepted on purpose (accept file or x-specwright-accept-breaking): reported, never failing. */
  readonly accepted: boolean;
  readonly acceptedReason?: string;
  /** Where the acceptance was written. */
  readonly acceptedBy?: string;
}

export interface DiffSummary {
  /** Findings by severity, accepted ones included. */
  readonly error: number;
  readonly warning: number;
  readonly info: number;
  /** How many of them are accepted. */
  readonly accepted: number;
  readonly operations: {
    readonly base: number;
    readonly head: number;
    /** Operations in both versions with an equal contract (nothing to compare). */
    readonly unchanged: number;
  };
}

export interface DiffResult {
  /** The base spec as shown (workspace-relative root file). */
  readonly base: string;
  readonly head: string;
  /** Sorted by operation (path, then method), severity (errors first), rule, message. */
  readonly findings: readonly DiffFinding[];
  readonly summary: DiffSummary;
  /** Accept-file entries no finding matched: likely stale (the change shipped) or misspelt operations. */
  readonly unusedAcceptances: readonly AcceptEntry[];
}

export type FailOn = 'error' | 'warning';

/** Findings that make the diff fail: not accepted, and at or above `failOn`. */
export function failingFindings(result: DiffResult, failOn: FailOn = 'error'): DiffFinding[] {
  const threshold = severityRank(failOn);
  return result.findings.filter((f) => !f.accepted && severityRank(f.severity) >= threshold);
}

import type { CheckName } from '../checks/names';
import type { HttpMethod, HttpRequest } from '../model/types';
import type { Phase } from './options';

export interface FailureResponse {
  readonly status: number;
  readonly headers: { readonly [name: string]: string };
  /** The body, cut at 2,000 characters. */
  readonly body: string;
}

/** One distinct failure: the minimal request that shows it, and how to replay it. */
export interface Failure {
  readonly operationId: string;
  readonly check: CheckName;
  readonly phase: Phase;
  readonly message: string;
  readonly request: HttpRequest;
  readonly curl: string;
  /** Absent when the request itself failed (connection refused, timeout). */
  readonly response?: FailureResponse;
  /** The run's seed: rerunning with it (and the same cases count) sends the same requests. */
  readonly seed: number;
  /** How many times fast-check shrank the case before this minimal one. */
  readonly shrinks: number;
  /** Earlier requests of a stateful sequence, as curl lines, in order. */
  readonly steps?: readonly string[];
}

export type CheckStatus = 'passed' | 'failed' | 'skipped';

export interface CheckResult {
  readonly check: CheckName;
  readonly status: CheckStatus;
  /** Why a check was skipped (turned off), or what a passing check could not exercise. */
  readonly note?: string;
  /** Exchanges this check judged. */
  readonly exchanges: number;
  readonly failures: readonly Failure[];
}

export interface OperationReport {
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly path: string;
  /** Applicable checks only, in CHECK_NAMES order. */
  readonly checks: readonly CheckResult[];
  /** Requests sent for this operation. */
  readonly requests: number;
  /** Generated cases dropped because our own validator disagreed with the generator (should be 0). */
  readonly discarded: number;
  /** Problems in the spec itself, e.g. an example that does not match its schema. */
  readonly warnings: readonly string[];
}

export interface ConformanceReport {
  readonly title: string;
  readonly baseUrl: string;
  readonly seed: number;
  readonly cases: number;
  readonly operations: readonly OperationReport[];
  /** About the spec as a whole rather than one operation (see ConformanceModel.warnings). */
  readonly warnings?: readonly string[];
  readonly durationMs: number;
  readonly totals: {
    readonly operations: number;
    readonly requests: number;
    readonly checksPassed: number;
    readonly checksFailed: number;
    readonly checksSkipped: number;
    readonly failures: number;
  };
}

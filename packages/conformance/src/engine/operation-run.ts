import type { CheckName } from '../checks/names';
import type { ConformanceModel, ConformanceOperation, HttpRequest } from '../model/types';
import type { SchemaChecker } from './schema-checker';
import type { Target } from '../target/target';
import type { Credentials } from './credentials';
import type { Oracle } from './oracle';
import type { Phase, ResolvedOptions } from './options';
import type { Failure } from './report-types';
import type { OperationCases } from './operation-cases';

/** Shared by every operation of one run. */
export interface RunContext {
  readonly model: ConformanceModel;
  readonly target: Target;
  readonly options: ResolvedOptions;
  readonly schemas: SchemaChecker;
  readonly oracle: Oracle;
  /** Operations by id, for links. */
  readonly operations: ReadonlyMap<string, ConformanceOperation>;
  /** Lazily built case generators, by operationId. */
  cases(operation: ConformanceOperation): OperationCases;
  /** The run-in-progress of each operation, so stateful sequences can report on their targets. */
  runOf(operation: ConformanceOperation): OperationRun;
}

export interface CheckTally {
  exchanges: number;
  readonly failures: Failure[];
  note?: string;
}

/** The state of one operation during a run: tallies per check, counters, and what went well. */
export interface OperationRun {
  readonly operation: ConformanceOperation;
  readonly credentials: Credentials;
  /** Checks that apply to this operation and are turned on. */
  readonly enabled: ReadonlySet<CheckName>;
  readonly tallies: Map<CheckName, CheckTally>;
  requests: number;
  discarded: number;
  readonly warnings: string[];
  /** Requests that got a 2xx, for probes that need a request the server accepted. */
  readonly successes: HttpRequest[];
  phase: Phase;
  /** Why no request could be built for this operation (its checks are then skipped). */
  unusable?: string;
}

export function tally(run: OperationRun, check: CheckName): CheckTally {
  let found = run.tallies.get(check);
  if (!found) {
    found = { exchanges: 0, failures: [] };
    run.tallies.set(check, found);
  }
  return found;
}

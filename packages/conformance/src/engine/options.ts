import { CHECK_NAMES, type CheckName } from '../checks/names';

/** Phases, as in Schemathesis. */
export const PHASES = ['examples', 'coverage', 'fuzzing', 'negative', 'stateful'] as const;
export type Phase = (typeof PHASES)[number];

export type CheckSwitches = { readonly [check in CheckName]?: boolean };

export interface OperationOptions {
  readonly checks?: CheckSwitches;
  /** Leave the operation out of the run entirely. */
  readonly skip?: boolean;
}

export interface ConformanceOptions {
  /** Seeds every random choice; the same seed and options replay the same requests. */
  readonly seed?: number;
  /** Random cases per operation in each of the fuzzing and negative phases (shrinking comes on top). */
  readonly cases?: number;
  readonly phases?: readonly Phase[];
  /** Project-wide switches, e.g. `{ ignored_auth: false }`; every check is on by default. */
  readonly checks?: CheckSwitches;
  /** Per-operation switches, by operationId; they win over project-wide ones and the spec's `x-specwright-conformance`. */
  readonly operations?: { readonly [operationId: string]: OperationOptions };
  /** Only these operationIds (all when absent). */
  readonly include?: readonly string[];
  /** Sent with every request, e.g. `{ Authorization: 'Bearer …' }`; they replace generated credentials. */
  readonly headers?: { readonly [name: string]: string };
  /** How many failures to keep per check and operation (the first, shrunk, is the one that matters). Default 1. */
  readonly maxFailuresPerCheck?: number;
  /** Called after each operation, e.g. for progress output. */
  readonly onOperation?: (report: import('./report-types').OperationReport) => void;
}

export const DEFAULT_SEED = 0x5eed;
export const DEFAULT_CASES = 25;

export interface ResolvedOptions {
  readonly seed: number;
  readonly cases: number;
  readonly phases: ReadonlySet<Phase>;
  readonly headers: { readonly [name: string]: string };
  readonly maxFailuresPerCheck: number;
  readonly include?: ReadonlySet<string>;
  readonly checks?: CheckSwitches;
  readonly operations: { readonly [operationId: string]: OperationOptions };
  readonly onOperation?: ConformanceOptions['onOperation'];
}

export function resolveOptions(options: ConformanceOptions): ResolvedOptions {
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed)) throw new TypeError(`seed must be an integer, got ${String(seed)}`);
  const cases = options.cases ?? DEFAULT_CASES;
  if (!Number.isInteger(cases) || cases < 1) throw new TypeError(`cases must be a positive integer, got ${String(cases)}`);
  for (const phase of options.phases ?? []) {
    if (!(PHASES as readonly string[]).includes(phase)) throw new TypeError(`unknown phase "${phase}"; phases are ${PHASES.join(', ')}`);
  }
  const checkLists = [options.checks, ...Object.values(options.operations ?? {}).map((o) => o.checks)];
  for (const list of checkLists) {
    for (const name of Object.keys(list ?? {})) {
      if (!(CHECK_NAMES as readonly string[]).includes(name)) throw new TypeError(`unknown check "${name}"; checks are ${CHECK_NAMES.join(', ')}`);
    }
  }
  return {
    seed: seed | 0,
    cases,
    phases: new Set(options.phases ?? PHASES),
    headers: options.headers ?? {},
    maxFailuresPerCheck: options.maxFailuresPerCheck ?? 1,
    ...(options.include ? { include: new Set(options.include) } : {}),
    ...(options.checks ? { checks: options.checks } : {}),
    operations: options.operations ?? {},
    ...(options.onOperation ? { onOperation: options.onOperation } : {}),
  };
}

/** Is a check on for an operation? Options for the operation, then the spec's extension, then project options. */
export function checkEnabled(
  check: CheckName,
  operationId: string,
  fromSpec: { readonly [check: string]: boolean } | undefined,
  options: ResolvedOptions,
): boolean {
  return options.operations[operationId]?.checks?.[check] ?? fromSpec?.[check] ?? options.checks?.[check] ?? true;
}

/** A 32-bit seed for one operation and phase, so a single operation replays alone with the same seed. */
export function derivedSeed(seed: number, ...parts: string[]): number {
  let hash = 0x811c9dc5 ^ seed;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      hash ^= part.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    hash ^= 0xff;
  }
  return hash | 0;
}

import type { CheckName } from '../checks/names';
import type { ConformanceModel, ConformanceOperation } from '../model/types';
import type { Target } from '../target/target';
import { planChecks } from './applicable-checks';
import { credentialsFor } from './credentials';
import { operationCases, type OperationCases } from './operation-cases';
import { createOracle } from './oracle';
import { resolveOptions, type ConformanceOptions } from './options';
import type { OperationRun, RunContext } from './operation-run';
import { runPhase } from './phases';
import { ignoredAuth, missingRequiredHeader, unsupportedMethod } from './probes';
import type { CheckResult, ConformanceReport, OperationReport } from './report-types';
import { createSchemaChecker } from './schema-checker';
import { SchemaArbitraryError } from '../schema';
import { runStateful } from './stateful';

export interface RunConformanceOptions extends ConformanceOptions {
  /** Called as operations finish their single-operation phases: (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Runs every phase and check for every operation of the model against a target and returns the
 * report. Never throws for what the server does: failures are data. Throws only for bad
 * options (unknown check or phase names), before any request.
 */
export async function runConformance(model: ConformanceModel, target: Target, options: RunConformanceOptions = {}): Promise<ConformanceReport> {
  const started = performance.now();
  const resolved = resolveOptions(options);
  const plans = planChecks(model, resolved);
  const selected = model.operations.filter(
    (o) => (!resolved.include || resolved.include.has(o.operationId)) && resolved.operations[o.operationId]?.skip !== true,
  );
  if (resolved.include) {
    const known = new Set(model.operations.map((o) => o.operationId));
    const unknown = [...resolved.include].filter((id) => !known.has(id));
    if (unknown.length > 0) throw new TypeError(`unknown operation ${unknown.map((id) => `"${id}"`).join(', ')}; the spec has ${model.operations.length} operations`);
  }

  const caseCache = new Map<string, OperationCases>();
  const runs = new Map<string, OperationRun>();
  const newRun = (operation: ConformanceOperation): OperationRun => ({
    operation,
    credentials: credentialsFor(operation, resolved.headers),
    enabled: new Set((plans.get(operation.operationId) ?? []).filter((p) => p.enabled).map((p) => p.check)),
    tallies: new Map(),
    requests: 0,
    discarded: 0,
    warnings: [],
    successes: [],
    phase: 'examples',
  });
  const context: RunContext = {
    model,
    target,
    options: resolved,
    schemas: createSchemaChecker(model.registry),
    oracle: createOracle(model.apiSpec),
    operations: new Map(model.operations.map((o) => [o.operationId, o])),
    cases(operation) {
      let cases = caseCache.get(operation.operationId);
      if (!cases) {
        cases = operationCases(operation, model.registry, (schema, value) => context.schemas.valid(schema, value));
        caseCache.set(operation.operationId, cases);
      }
      return cases;
    },
    runOf(operation) {
      let run = runs.get(operation.operationId);
      if (!run) {
        run = newRun(operation);
        runs.set(operation.operationId, run);
      }
      return run;
    },
  };

  let done = 0;
  for (const operation of selected) {
    const run = context.runOf(operation);
    await guarded(run, async () => {
      for (const phase of ['examples', 'coverage', 'fuzzing', 'negative'] as const) {
        if (resolved.phases.has(phase)) await runPhase(context, run, phase);
      }
      if (run.enabled.has('missing_required_header')) await missingRequiredHeader(context, run);
      if (run.enabled.has('unsupported_method')) await unsupportedMethod(context, run);
      if (run.enabled.has('ignored_auth')) await ignoredAuth(context, run);
    });
    options.onProgress?.(++done, selected.length);
  }
  if (resolved.phases.has('stateful')) {
    for (const operation of selected) {
      const run = context.runOf(operation);
      if (!run.unusable) await guarded(run, () => runStateful(context, run));
    }
  }

  const reports = selected.map((operation) => operationReport(context.runOf(operation), plans.get(operation.operationId) ?? []));
  for (const report of reports) resolved.onOperation?.(report);
  const checks = reports.flatMap((r) => r.checks);
  return {
    title: model.title,
    baseUrl: target.baseUrl,
    seed: resolved.seed,
    cases: resolved.cases,
    operations: reports,
    warnings: model.warnings ?? [],
    durationMs: performance.now() - started,
    totals: {
      operations: reports.length,
      requests: reports.reduce((sum, r) => sum + r.requests, 0),
      checksPassed: checks.filter((c) => c.status === 'passed').length,
      checksFailed: checks.filter((c) => c.status === 'failed').length,
      checksSkipped: checks.filter((c) => c.status === 'skipped').length,
      failures: checks.reduce((sum, c) => sum + c.failures.length, 0),
    },
  };
}

/**
 * A schema no value can satisfy (or a `$ref` that leads nowhere) makes an operation untestable,
 * not the whole run: the operation's checks are skipped with the reason, which is also a warning.
 */
async function guarded(run: OperationRun, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof SchemaArbitraryError)) throw error;
    const reason = `cannot build requests: ${error.message}${error.fix ? ` (${error.fix})` : ''}`;
    run.unusable = reason;
    run.warnings.push(reason);
  }
}

function operationReport(run: OperationRun, plan: readonly { check: CheckName; enabled: boolean }[]): OperationReport {
  const checks: CheckResult[] = plan.map(({ check, enabled }) => {
    if (!enabled) return { check, status: 'skipped', note: 'turned off', exchanges: 0, failures: [] };
    if (run.unusable) return { check, status: 'skipped', note: run.unusable, exchanges: 0, failures: [] };
    const tally = run.tallies.get(check);
    const failures = tally?.failures ?? [];
    return {
      check,
      status: failures.length > 0 ? 'failed' : 'passed',
      ...(tally?.note ? { note: tally.note } : {}),
      ...((tally?.exchanges ?? 0) === 0 && failures.length === 0 ? { note: 'nothing to judge in this run' } : {}),
      exchanges: tally?.exchanges ?? 0,
      failures,
    };
  });
  return {
    operationId: run.operation.operationId,
    method: run.operation.method,
    path: run.operation.path,
    checks,
    requests: run.requests,
    discarded: run.discarded,
    warnings: run.warnings,
  };
}

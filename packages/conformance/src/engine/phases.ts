import fc from 'fast-check';
import type { CheckName } from '../checks/names';
import type { CaseKind } from '../checks/context';
import type { RequestCase } from '../model/types';
import { buildRequest, exchange, recordFailures, saturated, type ExchangeResult } from './exchange';
import { derivedSeed, type Phase } from './options';
import type { OperationRun, RunContext } from './operation-run';
import type { NegativeCase } from './operation-cases';

/** Rounds of fuzzing per phase: each round hunts for a check that has not failed yet. */
const MAX_ROUNDS = 3;
/** Bounds the time one round (cases plus shrinking) may take on a slow server. */
const ROUND_TIME_LIMIT_MS = 60_000;

export async function runPhase(context: RunContext, run: OperationRun, phase: Phase): Promise<void> {
  run.phase = phase;
  const cases = context.cases(run.operation);
  const seed = derivedSeed(context.options.seed, run.operation.operationId, phase);
  switch (phase) {
    case 'examples':
      const { cases: examples, warnings } = cases.examples(seed);
      run.warnings.push(...warnings);
      for (const { requestCase } of examples) await judge(context, run, { requestCase, kind: 'positive' });
      return;
    case 'coverage':
      for (const { requestCase } of cases.coverage(seed)) await judge(context, run, { requestCase, kind: 'positive' });
      if (run.enabled.has('negative_data_rejection')) {
        for (const n of cases.negativeCoverage(seed)) await judge(context, run, { ...n, kind: 'negative' });
      }
      return;
    case 'fuzzing':
      await hunt(context, run, cases.positive, (requestCase) => send(context, run, { requestCase, kind: 'positive' }), seed);
      return;
    case 'negative':
      if (cases.negative && run.enabled.has('negative_data_rejection')) {
        const negative: fc.Arbitrary<NegativeCase> = cases.negative;
        await hunt(context, run, negative, (n) => send(context, run, { ...n, kind: 'negative' }), seed);
      }
      return;
    case 'stateful':
      return; // sequences span operations: see stateful.ts
  }
}

/** One request to make: a case, what it is meant to be, and (for negative cases) what was broken. */
interface Attempt {
  readonly requestCase: RequestCase;
  readonly kind: CaseKind;
  readonly mutation?: string;
  readonly only?: ReadonlySet<CheckName>;
}

async function send(context: RunContext, run: OperationRun, attempt: Attempt): Promise<ExchangeResult> {
  const request = buildRequest(context, run, attempt.requestCase);
  return exchange(context, run, request, attempt.kind, attempt.mutation, attempt.only);
}

async function judge(context: RunContext, run: OperationRun, attempt: Attempt): Promise<void> {
  recordFailures(context, run, await send(context, run, attempt));
}

/**
 * Random cases through fast-check, so a failure is shrunk to a minimal request before it is
 * reported. fast-check stops at the first failing property, so each round hunts only for checks
 * that have not failed yet; a check that keeps failing does not hide the others.
 */
async function hunt<T>(
  context: RunContext,
  run: OperationRun,
  arbitrary: fc.Arbitrary<T>,
  send: (value: T) => Promise<ExchangeResult>,
  seed: number,
): Promise<void> {
  const open = (check: CheckName): boolean => !saturated(context, run, check);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const outcome = await fc.check(
      fc.asyncProperty(arbitrary, async (value) => {
        const result = await send(value);
        return !result.failures.some((failure) => open(failure.check));
      }),
      {
        seed: derivedSeed(seed, String(round)),
        numRuns: context.options.cases,
        interruptAfterTimeLimit: ROUND_TIME_LIMIT_MS,
        markInterruptAsFailure: false,
      },
    );
    if (!outcome.failed || outcome.counterexample === null) return;
    const [minimal] = outcome.counterexample;
    const result = await send(minimal);
    const recorded = recordFailures(context, run, result, { shrinks: outcome.numShrinks });
    if (recorded.length === 0) return; // the server did not fail the same way twice: flaky, stop hunting
  }
}

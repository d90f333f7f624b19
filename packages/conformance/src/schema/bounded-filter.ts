/**
 * A filter that cannot hang or throw.
 *
 * fast-check's `.filter` retries forever when the predicate keeps failing. Ours probes the
 * arbitrary once, at construction, with a fixed seed: no success means the combination is
 * unsatisfiable in practice and the caller gets `null` (and can drop a oneOf branch, omit an
 * optional property, …). Otherwise generation retries a bounded number of times and then falls
 * back to one of the probe's successes. Everything is a function of the seed, so runs replay.
 */
import * as fc from 'fast-check';

export const PROBE_SEED = 0x5eed;
const PROBE_RUNS = 24;
const MAX_ATTEMPTS = 48;
const FALLBACK = Symbol('bounded-filter fallback');

export function boundedFilter<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => boolean, probeRuns = PROBE_RUNS): fc.Arbitrary<T> | null {
  const successes = fc.sample(arbitrary, { seed: PROBE_SEED, numRuns: probeRuns }).filter(predicate);
  if (successes.length === 0) return null;
  return new BoundedFilterArbitrary(arbitrary, predicate, successes);
}

/** Deterministic sample of values satisfying `predicate` (at most `count`), for coverage. */
export function sampleWhere<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => boolean, count: number, runs = 32): T[] {
  return fc
    .sample(arbitrary, { seed: PROBE_SEED, numRuns: runs })
    .filter(predicate)
    .slice(0, count);
}

/**
 * Arrays of distinct items (by `equals`), `minLength` to `maxLength` long; null when the items
 * cannot supply `minLength` distinct values. Built as "draw, drop repeats, check the length"
 * because fast-check's uniqueArray loops forever when minLength exceeds what the items can give.
 */
export function distinctArray<T>(
  items: fc.Arbitrary<T>,
  constraints: { readonly minLength: number; readonly maxLength: number; readonly equals: (a: T, b: T) => boolean },
): fc.Arbitrary<T[]> | null {
  const { minLength, maxLength, equals } = constraints;
  const drawn = fc.array(items, { minLength, maxLength: Math.max(minLength, Math.min(maxLength * 2, maxLength + 10)) }).map((values) => {
    const out: T[] = [];
    for (const value of values) {
      if (out.length >= maxLength) break;
      if (!out.some((kept) => equals(kept, value))) out.push(value);
    }
    return out;
  });
  return minLength === 0 ? drawn : boundedFilter(drawn, (values) => values.length >= minLength);
}

class BoundedFilterArbitrary<T> extends fc.Arbitrary<T> {
  constructor(
    private readonly arbitrary: fc.Arbitrary<T>,
    private readonly predicate: (value: T) => boolean,
    private readonly fallbacks: readonly T[],
  ) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const candidate = this.arbitrary.generate(mrng, biasFactor);
      if (this.predicate(candidate.value)) return candidate;
    }
    return new fc.Value(this.fallbacks[mrng.nextInt(0, this.fallbacks.length - 1)] as T, FALLBACK);
  }

  canShrinkWithoutContext(value: unknown): value is T {
    return this.arbitrary.canShrinkWithoutContext(value) && this.predicate(value);
  }

  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    if (context === FALLBACK) return fc.Stream.nil();
    return this.arbitrary.shrink(value, context).filter((shrunk) => this.predicate(shrunk.value));
  }
}

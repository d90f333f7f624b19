/**
 * Numbers: `minimum`/`maximum`/`exclusiveMinimum`/`exclusiveMaximum` (normalize.ts folds the
 * OpenAPI 3.0 boolean forms), `multipleOf`, integer vs number, and the OpenAPI formats
 * int32/int64/float/double as ranges.
 *
 * Multiples are built as k × step, rounded to the decimals of the step: 3 × 0.1 is
 * 0.30000000000000004 in floating point, which overshoots `maximum: 0.3`; 0.3 does not, and ajv
 * (multipleOfPrecision 9) accepts 0.3 as a multiple of 0.1. Several multipleOf values combine
 * into their least common multiple (exact for decimals); integers are multiples of 1 too.
 */
import * as fc from 'fast-check';
import { boundedFilter } from './bounded-filter';
import type { Bound } from './normalize';
import type { Shape } from './shape';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const FLOAT_MAX = 3.4028234663852886e38;
/** Magnitude of unbounded doubles in the common case (the full range is drawn too, more rarely). */
const TYPICAL_MAGNITUDE = 1e6;
/**
 * Largest |k| for a fractional step: ajv compares value/step with its rounding to 1e-9, and
 * value/step carries a relative error of ~1e-16, so k must stay well below 1e7.
 */
const MAX_FRACTIONAL_K = 1e6;

export type NumberPlan =
  | { readonly kind: 'multiple'; readonly step: number; readonly kMin: number; readonly kMax: number; readonly exact: boolean }
  | { readonly kind: 'integer'; readonly min: number | undefined; readonly max: number | undefined }
  | { readonly kind: 'double'; readonly lower: Bound | undefined; readonly upper: Bound | undefined };

export interface NumberConstraints {
  readonly integer: boolean;
  readonly lower: Bound | undefined;
  readonly upper: Bound | undefined;
  readonly multipleOf: readonly number[];
}

/** The constraints a shape puts on numbers of `type` (integer or number). */
export function numberConstraints(shape: Shape, integer: boolean): NumberConstraints {
  let { lower, upper } = shape;
  // int32/int64 are checked by ajv only on numbers, and both require an integer.
  const int32 = shape.formats.includes('int32');
  const int64 = shape.formats.includes('int64');
  const float = shape.formats.includes('float');
  const clampLower = (value: number): void => {
    if (!lower || lower.value < value) lower = { value, exclusive: false };
  };
  const clampUpper = (value: number): void => {
    if (!upper || upper.value > value) upper = { value, exclusive: false };
  };
  if (int32) {
    clampLower(INT32_MIN);
    clampUpper(INT32_MAX);
  }
  if (float) {
    clampLower(-FLOAT_MAX);
    clampUpper(FLOAT_MAX);
  }
  return { integer: integer || int32 || int64, lower, upper, multipleOf: shape.multipleOf };
}

/** Accepts `value` exactly as ajv would (bounds, multipleOf with precision 1e-9, integer). */
export function acceptsNumber(c: NumberConstraints, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (c.integer && !Number.isInteger(value)) return false;
  if (c.lower && (c.lower.exclusive ? !(value > c.lower.value) : !(value >= c.lower.value))) return false;
  if (c.upper && (c.upper.exclusive ? !(value < c.upper.value) : !(value <= c.upper.value))) return false;
  return c.multipleOf.every((m) => {
    const division = value / m;
    return Math.abs(Math.round(division) - division) <= 1e-9;
  });
}

export function planNumbers(c: NumberConstraints): NumberPlan | null {
  const { lower, upper } = c;
  if (lower && upper && (lower.value > upper.value || (lower.value === upper.value && (lower.exclusive || upper.exclusive)))) return null;
  if (c.multipleOf.length > 0) return planMultiples(c);
  if (c.integer) {
    let min = lower ? (lower.exclusive ? Math.floor(lower.value) + 1 : Math.ceil(lower.value)) : undefined;
    let max = upper ? (upper.exclusive ? Math.ceil(upper.value) - 1 : Math.floor(upper.value)) : undefined;
    if (min !== undefined) min = Math.max(min, Number.MIN_SAFE_INTEGER);
    if (max !== undefined) max = Math.min(max, Number.MAX_SAFE_INTEGER);
    if (min !== undefined && max !== undefined && min > max) return null;
    if (min !== undefined && min > Number.MAX_SAFE_INTEGER) return null;
    if (max !== undefined && max < Number.MIN_SAFE_INTEGER) return null;
    return { kind: 'integer', min, max };
  }
  return { kind: 'double', lower, upper };
}

function planMultiples(c: NumberConstraints): NumberPlan | null {
  const { step, exact } = combinedStep(c.multipleOf, c.integer);
  const fractional = !Number.isInteger(step);
  const kLimit = fractional ? MAX_FRACTIONAL_K : Math.floor(Number.MAX_SAFE_INTEGER / step);
  const span = fractional ? Math.min(MAX_FRACTIONAL_K, Math.max(1000, Math.floor(TYPICAL_MAGNITUDE / step))) : Math.max(1000, Math.floor(INT32_MAX / step));
  let kMin = c.lower ? Math.ceil(c.lower.value / step) - 1 : undefined;
  let kMax = c.upper ? Math.floor(c.upper.value / step) + 1 : undefined;
  if (kMin === undefined && kMax === undefined) {
    kMin = -span;
    kMax = span;
  } else if (kMin === undefined) kMin = (kMax as number) - 2 * span;
  else if (kMax === undefined) kMax = kMin + 2 * span;
  kMin = Math.max(kMin, -kLimit);
  kMax = Math.min(kMax as number, kLimit);
  const valueAt = multipleValue(step);
  // The estimates above are one step wide on each side: walk in to the first accepted value.
  for (let i = 0; i < 4 && kMin <= kMax && !acceptsNumber(c, valueAt(kMin)); i++) kMin++;
  for (let i = 0; i < 4 && kMin <= kMax && !acceptsNumber(c, valueAt(kMax)); i++) kMax--;
  if (kMin > kMax || !acceptsNumber(c, valueAt(kMin)) || !acceptsNumber(c, valueAt(kMax))) return null;
  return { kind: 'multiple', step, kMin, kMax, exact };
}

/** k ↦ k × step, rounded to the step's decimals (see the module comment). */
export function multipleValue(step: number): (k: number) => number {
  const places = decimals(step);
  return (k: number) => {
    const raw = k * step;
    const rounded = places === 0 ? Math.round(raw) : places <= 20 ? Number(raw.toFixed(places)) : raw;
    return rounded === 0 ? 0 : rounded; // never -0
  };
}

/** Decimal places of a number as JavaScript prints it (`1e-7` has 7, `0.25` has 2). */
export function decimals(value: number): number {
  const match = /^-?\d+(?:\.(\d+))?(?:e([+-]\d+))?$/i.exec(String(value));
  if (!match) return 20;
  return Math.max(0, (match[1]?.length ?? 0) - (match[2] ? Number(match[2]) : 0));
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * The least common multiple of the multipleOf values (and of 1 for integers), computed on
 * decimals scaled to integers. When that is not exactly possible, the largest value is used
 * and the result is checked (`exact: false`).
 */
export function combinedStep(values: readonly number[], integer: boolean): { step: number; exact: boolean } {
  const list = integer ? [...values, 1] : [...values];
  const places = Math.max(...list.map(decimals));
  if (places <= 15) {
    const scale = 10 ** places;
    const scaled = list.map((v) => Math.round(v * scale));
    if (scaled.every((v) => v > 0 && Number.isSafeInteger(v))) {
      let lcm = scaled[0] as number;
      for (const v of scaled.slice(1)) {
        lcm = (lcm / gcd(lcm, v)) * v;
        if (!Number.isSafeInteger(lcm)) break;
      }
      if (Number.isSafeInteger(lcm)) return { step: lcm / scale, exact: true };
    }
  }
  return { step: Math.max(...list), exact: false };
}

export function numberArbitrary(c: NumberConstraints): fc.Arbitrary<number> | null {
  const plan = planNumbers(c);
  if (!plan) return null;
  switch (plan.kind) {
    case 'multiple': {
      const arbitrary = fc.integer({ min: plan.kMin, max: plan.kMax }).map(multipleValue(plan.step));
      const risky = !plan.exact || (!Number.isInteger(plan.step) && Math.max(Math.abs(plan.kMin), Math.abs(plan.kMax)) > MAX_FRACTIONAL_K / 10);
      return risky ? boundedFilter(arbitrary, (value) => acceptsNumber(c, value)) : arbitrary;
    }
    case 'integer':
      return integerArbitrary(plan.min, plan.max);
    case 'double':
      return doubleArbitrary(c, plan.lower, plan.upper);
  }
}

function integerArbitrary(min: number | undefined, max: number | undefined): fc.Arbitrary<number> {
  if (min === undefined && max === undefined) {
    return fc.oneof({ arbitrary: fc.integer(), weight: 4 }, { arbitrary: fc.maxSafeInteger(), weight: 1 });
  }
  const low = min ?? Math.max(Number.MIN_SAFE_INTEGER, (max as number) - 2 * INT32_MAX);
  const high = max ?? Math.min(Number.MAX_SAFE_INTEGER, (min as number) + 2 * INT32_MAX);
  return fc.integer({ min: low, max: high });
}

function doubleArbitrary(c: NumberConstraints, lower: Bound | undefined, upper: Bound | undefined): fc.Arbitrary<number> | null {
  const full = fc
    .double({
      min: lower?.value,
      max: upper?.value,
      minExcluded: lower?.exclusive ?? false,
      maxExcluded: upper?.exclusive ?? false,
      noNaN: true,
      noDefaultInfinity: true,
    })
    .map((value) => (value === 0 ? 0 : value));
  const arms: fc.WeightedArbitrary<number>[] = [{ arbitrary: full, weight: 1 }];
  // Most APIs see ordinary numbers; integers and moderate magnitudes get most of the weight.
  const integers = planNumbers({ ...c, integer: true });
  if (integers?.kind === 'integer') arms.push({ arbitrary: integerArbitrary(integers.min, integers.max), weight: 2 });
  const typicalLower = lower && lower.value > -TYPICAL_MAGNITUDE ? lower : { value: -TYPICAL_MAGNITUDE, exclusive: false };
  const typicalUpper = upper && upper.value < TYPICAL_MAGNITUDE ? upper : { value: TYPICAL_MAGNITUDE, exclusive: false };
  if (typicalLower.value < typicalUpper.value) {
    arms.push({
      arbitrary: fc
        .double({
          min: typicalLower.value,
          max: typicalUpper.value,
          minExcluded: typicalLower.exclusive,
          maxExcluded: typicalUpper.exclusive,
          noNaN: true,
          noDefaultInfinity: true,
        })
        .map((value) => (value === 0 ? 0 : value)),
      weight: 2,
    });
  }
  // -0 and values at an excluded bound are the edge cases fast-check may still produce.
  return boundedFilter(fc.oneof(...arms), (value) => acceptsNumber(c, value));
}

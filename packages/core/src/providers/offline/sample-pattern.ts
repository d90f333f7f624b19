/**
 * Strings that match a schema `pattern` within a length range, in bounded work.
 *
 * fast-check builds strings from the regex, but knows nothing of minLength/maxLength: filtering
 * its output with `.filter` retries forever when lengths are rare (AWS QLDB's
 * `^[A-Za-z-0-9]+$` with minLength = maxLength = 22 hung generate). Instead a fixed number of
 * candidates is drawn at a few sizes (long lengths need the larger ones), with a fixed seed, so
 * the result is the same on every machine, and an empty list means "use the fallback string".
 * Candidates are checked with the runtime's pattern engine: linear time, as the server checks.
 */
import fc from 'fast-check';
import { compilePattern, type PatternMatcher } from '@specwright/runtime';

const SEED = 42;
/** Candidates per size: enough to find the rare lengths of a fixed-length pattern, bounded. */
const RUNS_PER_SIZE = 16;
const SIZES = ['small', 'medium', 'large'] as const;

/**
 * Results by arguments. Building fast-check's arbitrary for `\p{L}` or `[^/]` takes up to a
 * second, and big specs repeat a pattern in dozens of operations (AWS Location: 14 s without).
 * Capped, as a long-lived process (the Nx daemon) generates many specs.
 */
const results = new Map<string, readonly string[]>();
const MAX_CACHED = 2_000;

/** Up to `count` distinct strings matching `pattern` with `min` ≤ code points ≤ `max`. */
export function stringsMatching(pattern: string, min: number, max: number, count: number): string[] {
  const key = `${min}:${max}:${count}:${pattern}`;
  let cached = results.get(key);
  if (!cached) {
    cached = generateMatching(pattern, min, max, count);
    if (results.size >= MAX_CACHED) results.delete(results.keys().next().value as string);
    results.set(key, cached);
  }
  return [...cached];
}

function generateMatching(pattern: string, min: number, max: number, count: number): string[] {
  const matcher = matcherFor(pattern);
  if (!matcher || max < min) return [];
  let generator: RegExp;
  try {
    generator = new RegExp(pattern, 'u');
  } catch {
    return [];
  }
  // No longer than needed: a `+` may otherwise unfold into thousands of characters.
  const maxLength = Number.isFinite(max) ? max : Math.max(min + 20, 40);
  const out: string[] = [];
  for (const size of SIZES) {
    let values: string[];
    try {
      // A fresh arbitrary per size: fast-check fixes the size when it builds one.
      values = fc.sample(fc.stringMatching(generator, { maxLength, size }), { seed: SEED, numRuns: RUNS_PER_SIZE });
    } catch {
      // fast-check cannot generate from this regex (lookarounds, backreferences).
      return out;
    }
    for (const value of values) {
      const length = [...value].length;
      if (length >= min && length <= max && !out.includes(value) && matcher.test(value)) out.push(value);
      if (out.length >= count) return out;
    }
  }
  return out;
}

/** Whether `value` matches `pattern` (false for a pattern JavaScript cannot compile). */
export function matchesPattern(pattern: string, value: string): boolean {
  return matcherFor(pattern)?.test(value) ?? false;
}

function matcherFor(pattern: string): PatternMatcher | undefined {
  try {
    return compilePattern(pattern);
  } catch {
    return undefined;
  }
}

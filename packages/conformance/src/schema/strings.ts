/**
 * Strings: `minLength`/`maxLength` (in code points, as ajv counts them), `pattern`, `format`.
 *
 * One generator is chosen constructively (format, else the first pattern, else plain text of
 * the right length); what it does not guarantee by construction (length of a format value, a
 * second pattern) is a bounded filter. Plain text is printable ASCII with an occasional BMP
 * letter, one code point per unit, so fast-check's length is ajv's length.
 */
import * as fc from 'fast-check';
import { boundedFilter } from './bounded-filter';
import { formatArbitrary } from './formats';
import type { PatternMatcher } from '@specwright/runtime';
import { compilePattern, type Shape } from './shape';
import { codePointLength } from './util';

/** Longest plain string generated when the schema sets no maxLength (beyond minLength). */
export const DEFAULT_MAX_LENGTH = 20;

const ASCII = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
const NON_ASCII = fc.constantFrom('é', 'ß', 'ø', 'ñ', 'ü', 'λ', 'ж', 'あ', '中', '€');
/** One code point: printable ASCII, sometimes a non-ASCII BMP letter. */
export const CHAR: fc.Arbitrary<string> = fc.oneof({ arbitrary: ASCII, weight: 12 }, { arbitrary: NON_ASCII, weight: 1 });

export interface LengthRange {
  readonly min: number;
  /** The schema's maxLength (Infinity when absent). */
  readonly max: number;
  /** The longest we generate: the schema's maxLength, capped to keep values readable. */
  readonly generatedMax: number;
}

export function lengthRange(shape: Shape): LengthRange | null {
  const min = Math.max(0, shape.minLength);
  const max = shape.maxLength ?? Infinity;
  if (max < min) return null;
  return { min, max, generatedMax: Math.min(max, Math.max(DEFAULT_MAX_LENGTH, min + 5)) };
}

export function plainString(min: number, max: number): fc.Arbitrary<string> {
  return fc.string({ unit: CHAR, minLength: min, maxLength: max });
}

/** Whether a string is valid in a format (ajv's opinion); unknown formats accept everything. */
export type FormatCheck = (format: string, value: string) => boolean;

export function stringArbitrary(shape: Shape, formatOk: FormatCheck = () => true): fc.Arbitrary<string> | null {
  const range = lengthRange(shape);
  if (!range) return null;
  // A pattern JavaScript cannot compile is left out, as generate leaves it out of the server
  // (buildConformanceModel already removed those of the spec and warned about each).
  const sources = shape.patterns.filter((source) => compilePattern(source) !== null);
  const patterns = sources.map((source) => compilePattern(source) as PatternMatcher);
  const lengthOk = (value: string): boolean => {
    const length = codePointLength(value);
    return length >= range.min && length <= range.max;
  };
  const formatsOk = (value: string): boolean => shape.formats.every((format) => formatOk(format, value));
  const format = shape.formats.map(formatArbitrary).find((arbitrary) => arbitrary !== undefined);
  if (format) {
    if (range.min === 0 && range.max === Infinity && patterns.length === 0) return format;
    const fromFormat = boundedFilter(format, (value) => lengthOk(value) && patterns.every((regex) => regex.test(value)));
    if (fromFormat || patterns.length === 0) return fromFormat;
  }
  // From the pattern (or plain text), the format checked: `^\d{2}$` with hostname is "42",
  // which our hostname generator would never produce.
  const [first, ...others] = sources;
  if (first !== undefined) {
    return patternArbitrary(first, range, (value) => lengthOk(value) && others.every((source) => compilePattern(source)?.test(value) === true) && formatsOk(value));
  }
  const plain = plainString(range.min, range.generatedMax);
  return shape.formats.length === 0 ? plain : boundedFilter(plain, formatsOk);
}

/**
 * Strings matching `source`, within `range`, satisfying `accept`. fast-check builds them from
 * the regex; it cannot do lookarounds, so those are stripped for generation and enforced by the
 * filter. Several size settings are tried because a long minLength needs long repetitions.
 */
export function patternArbitrary(source: string, range: LengthRange, accept: (value: string) => boolean = () => true): fc.Arbitrary<string> | null {
  const regex = compilePattern(source);
  if (!regex) return null;
  const cap = range.max === Infinity ? Math.max(range.min + 20, 40) : range.max;
  const keep = (value: string): boolean => regex.test(value) && accept(value);
  for (const generatorSource of [source, stripLookarounds(source)]) {
    // fast-check needs a RegExp to read; what it generates is checked with the linear `regex`.
    const generatorRegex = toRegExp(generatorSource);
    if (!generatorRegex) continue;
    for (const size of [undefined, 'large'] as const) {
      try {
        const arbitrary = matching(generatorRegex, cap, size);
        const filtered = boundedFilter(arbitrary, keep);
        if (filtered) return filtered;
      } catch {
        // fast-check cannot build this regex (backreference, lookaround, too long a minimum).
        break;
      }
    }
  }
  return null;
}

function toRegExp(source: string): RegExp | null {
  try {
    return new RegExp(source, 'u');
  } catch {
    return null;
  }
}

const matchingCache = new Map<string, fc.Arbitrary<string> | Error>();

/** fc.stringMatching, memoised: building one for a long pattern takes tens of milliseconds. */
function matching(regex: RegExp, maxLength: number, size: 'large' | undefined): fc.Arbitrary<string> {
  const key = `${maxLength}:${size ?? ''}:${regex.source}`;
  let arbitrary = matchingCache.get(key);
  if (!arbitrary) {
    try {
      arbitrary = fc.stringMatching(regex, size ? { maxLength, size } : { maxLength });
    } catch (error) {
      arbitrary = error as Error;
    }
    matchingCache.set(key, arbitrary);
  }
  if (arbitrary instanceof Error) throw arbitrary;
  return arbitrary;
}

/** `source` without `(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)` groups: matches a superset. */
export function stripLookarounds(source: string): string {
  let out = '';
  let i = 0;
  let inClass = false;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '\\') {
      out += source.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      i++;
      continue;
    }
    if (/^\(\?(=|!|<=|<!)/.test(source.slice(i, i + 4))) {
      i = skipGroup(source, i);
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Index just past the group opening at `start`. */
function skipGroup(source: string, start: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return source.length;
}

/**
 * Turning arbitrary case values into text. Cases may be deliberately invalid (an object where a
 * string belongs, a bigint, NaN, null), so nothing here throws: every value has a text form.
 */

export type ValueKind = 'array' | 'object' | 'scalar';

/** Shape by the value itself, not by the schema: a negative case may not match its schema. */
export function kindOf(value: unknown): ValueKind {
  if (Array.isArray(value)) return 'array';
  if (isRecord(value)) return 'object';
  return 'scalar';
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** Own properties that are sent; `undefined` means "not sent", as in JSON. */
export function entriesOf(value: Readonly<Record<string, unknown>>): [string, unknown][] {
  return Object.entries(value).filter(([, item]) => item !== undefined);
}

/**
 * One value as a single text item: strings as they are, numbers and booleans as JS prints them,
 * null (and undefined) as empty, and anything structured as JSON text, which is what OpenAPI
 * leaves for nested values that a style cannot express.
 */
export function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return jsonText(value);
}

const BIGINT_MARK = '\u0000specwright-bigint:';

/**
 * JSON text of any value. Unlike JSON.stringify it never throws: bigints become plain digits
 * (a huge integer is a fair negative case), cycles and other oddities fall back to String(),
 * and `undefined` at the top becomes `null`.
 */
export function jsonText(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_, item: unknown) => (typeof item === 'bigint' ? `${BIGINT_MARK}${item}` : item));
    if (text === undefined) return 'null';
    return text.replace(/"\\u0000specwright-bigint:(-?\d+)"/g, '$1');
  } catch {
    return String(value);
  }
}

/**
 * Small helpers shared by the schema modules: JSON equality with ajv's semantics, code point
 * length (how ajv measures minLength/maxLength), safe object building and JSON pointers.
 */

/**
 * Deep equality as ajv's `uniqueItems`/`enum`/`const` see it (fast-deep-equal): primitives by
 * `===` (so `0` equals `-0`), arrays element-wise, objects by own enumerable keys in any order.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => deepEqual(item, b[index]));
  }
  if (Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  return keysA.every((key) => Object.prototype.hasOwnProperty.call(recordB, key) && deepEqual(recordA[key], recordB[key]));
}

/** True when no two items are deepEqual (what `uniqueItems: true` demands). */
export function allUnique(items: readonly unknown[]): boolean {
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) if (deepEqual(items[i], items[j])) return false;
  }
  return true;
}

/** String length in code points, as ajv's ucs2length counts it (a surrogate pair is one). */
export function codePointLength(value: string): number {
  let length = 0;
  for (let pos = 0; pos < value.length; pos++) {
    length++;
    const code = value.charCodeAt(pos);
    if (code >= 0xd800 && code <= 0xdbff && pos + 1 < value.length && (value.charCodeAt(pos + 1) & 0xfc00) === 0xdc00) pos++;
  }
  return length;
}

/**
 * Builds an object from entries with own data properties only. Plain assignment would turn a
 * property named `__proto__` into a prototype change and lose it from the JSON.
 */
export function objectFromEntries(entries: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** `target[key] = value` as an own data property, so that a `__proto__` key is kept (see objectFromEntries). */
export function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A copy of `object` with `key` set (own data property, see objectFromEntries). */
export function withProperty(object: Readonly<Record<string, unknown>>, key: string, value: unknown): Record<string, unknown> {
  const out = objectFromEntries(Object.entries(object));
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

/** A copy of `object` without `key`. */
export function withoutProperty(object: Readonly<Record<string, unknown>>, key: string): Record<string, unknown> {
  return objectFromEntries(Object.entries(object).filter(([name]) => name !== key));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 6901 escaping of one reference token. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerJoin(pointer: string, token: string | number): string {
  return `${pointer}/${escapePointerToken(String(token))}`;
}

/** JSON text of a value for descriptions, cut to a readable size. */
export function preview(value: unknown, max = 40): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** JSON type name of a value as JSON Schema's `type` keyword names it. */
export function jsonTypeOf(value: unknown): 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object' | 'undefined' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'string':
      return 'string';
    case 'object':
      return 'object';
    default:
      return 'undefined';
  }
}

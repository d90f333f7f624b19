/**
 * OpenAPI parameter serialisation styles, undone: strings from the URL, headers or cookies →
 * strings, string arrays and string records. Types are left as strings on purpose; coercion to
 * numbers and booleans happens in ajv, against the schema.
 *
 * Input values are already percent-decoded. Splitting after decoding is deliberate: common
 * clients (URLSearchParams, Python requests) encode the delimiters themselves (`ids=1%2C2`), so
 * a literal delimiter inside one array item cannot be told apart and is not supported.
 *
 * Reference: https://spec.openapis.org/oas/v3.1.0#style-values
 */
import type { ParameterStyle } from './operation-spec';
import type { ValueShape } from './schema-shape';

export type Deserialized =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string };

/** Decoded query or cookie pairs: name → every value given for it, in order. */
export type Pairs = ReadonlyMap<string, readonly string[]>;

export interface StyleOptions {
  readonly name: string;
  readonly style: ParameterStyle;
  readonly explode: boolean;
  readonly shape: ValueShape;
}

const ok = (value: unknown): Deserialized => ({ ok: true, value });
const fail = (message: string): Deserialized => ({ ok: false, message });

/** A path parameter: `simple` (`3,4`), `label` (`.3.4`) or `matrix` (`;id=3;id=4`). */
export function fromPathValue(text: string, options: StyleOptions): Deserialized {
  const { name, style, explode, shape } = options;
  if (style === 'label') {
    if (!text.startsWith('.')) return fail(`must start with "." (label style)`);
    const rest = text.slice(1);
    return split(rest, shape, explode ? '.' : ',', explode);
  }
  if (style === 'matrix') {
    if (!text.startsWith(';')) return fail(`must start with ";${name}" (matrix style)`);
    const parts = text.slice(1).split(';');
    if (shape === 'object' && explode) return toRecord(parts, true);
    const values: string[] = [];
    for (const part of parts) {
      const [key, value] = splitOnce(part, '=');
      if (key !== name) return fail(`must be written ";${name}=…" (matrix style)`);
      values.push(value);
    }
    if (shape === 'array' && explode) return ok(values);
    return split(values[0], shape, ',', false);
  }
  return split(text, shape, ',', explode);
}

/** A header parameter: always `simple`; items may carry optional whitespace (`a, b`). */
export function fromHeaderValue(text: string, options: StyleOptions): Deserialized {
  const result = split(text, options.shape, ',', options.explode);
  if (!result.ok) return result;
  return ok(trimStrings(result.value));
}

/**
 * A query or cookie parameter: `form`, `spaceDelimited`, `pipeDelimited` or `deepObject`.
 * Returns `undefined` when the parameter is absent. `ownsKey` says which top-level names belong
 * to a form-exploded object, whose properties appear as top-level pairs (`?role=admin`).
 */
export function fromPairs(
  pairs: Pairs,
  options: StyleOptions,
  ownsKey: (key: string) => boolean,
): Deserialized | undefined {
  const { name, style, explode, shape } = options;
  if (style === 'deepObject') return fromDeepObject(pairs, name);
  if (shape === 'object' && explode) {
    const record: Record<string, unknown> = {};
    for (const [key, values] of pairs) if (ownsKey(key)) put(record, key, single(values));
    return Object.keys(record).length > 0 ? ok(record) : undefined;
  }
  const values = pairs.get(name);
  if (values === undefined) return undefined;
  if (shape === 'array' && explode) return ok([...values]);
  const delimiter = style === 'spaceDelimited' ? ' ' : style === 'pipeDelimited' ? '|' : ',';
  return split(values[0], shape, delimiter, false);
}

/** `?filter[color]=red&filter[size][]=1&filter[size][]=2` → `{ color: 'red', size: ['1','2'] }`. */
function fromDeepObject(pairs: Pairs, name: string): Deserialized | undefined {
  const prefix = `${name}[`;
  let root: Record<string, unknown> | undefined;
  for (const [key, values] of pairs) {
    if (!key.startsWith(prefix)) continue;
    const brackets = /^((?:\[[^[\]]*\])+)$/.exec(key.slice(name.length));
    if (!brackets) return fail(`has a malformed deepObject key "${key}"`);
    // `[]` only says "array"; repeated values already make one, so empty segments are dropped.
    const path = brackets[1].slice(1, -1).split('][').filter((segment) => segment !== '');
    if (path.length === 0) return fail(`has a deepObject key without a property name "${key}"`);
    root ??= {};
    let node = root;
    for (const segment of path.slice(0, -1)) {
      const child = Object.hasOwn(node, segment) ? node[segment] : undefined;
      if (child !== undefined && !isRecord(child)) return fail(`has conflicting deepObject keys at "${segment}"`);
      const next = child ?? {};
      put(node, segment, next);
      node = next;
    }
    put(node, path[path.length - 1], single(values));
  }
  return root === undefined ? undefined : ok(root);
}

/** Splits one delimited string per the target shape; `explode` objects use `k=v` items. */
function split(text: string, shape: ValueShape, delimiter: string, explode: boolean): Deserialized {
  if (shape === 'primitive') return ok(text);
  const parts = text === '' ? [] : text.split(delimiter);
  if (shape === 'array') return ok(parts);
  return toRecord(parts, explode);
}

/** `['role=admin', 'age=5']` (keyValue) or `['role', 'admin', 'age', '5']` (alternating). */
function toRecord(parts: readonly string[], keyValue: boolean): Deserialized {
  const record: Record<string, unknown> = {};
  if (keyValue) {
    for (const part of parts) {
      if (part === '') continue;
      const [key, value] = splitOnce(part, '=');
      put(record, key, value);
    }
    return ok(record);
  }
  if (parts.length % 2 !== 0) return fail('must be a list of key,value pairs');
  for (let i = 0; i < parts.length; i += 2) put(record, parts[i], parts[i + 1]);
  return ok(record);
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, ''] : [text.slice(0, at), text.slice(at + separator.length)];
}

/** One value stays a string; repeats become an array (ajv turns either into what the schema wants). */
function single(values: readonly string[]): string | string[] {
  return values.length === 1 ? values[0] : [...values];
}

function trimStrings(value: unknown): unknown {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(trimStrings);
  if (isRecord(value)) {
    const trimmed: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) put(trimmed, key.trim(), trimStrings(item));
    return trimmed;
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Defines an own property, so a key named `__proto__` is data rather than a prototype swap. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

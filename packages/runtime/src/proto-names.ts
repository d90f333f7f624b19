/**
 * Property names that are `Object.prototype` keys, made safe for ajv.
 *
 * `constructor`, `toString`, `hasOwnProperty` and the like only need ajv's `ownProperties`
 * option (validators.ts): without it `data.constructor` finds Object's, so a missing required
 * `constructor` passes and an absent optional one fails its type. `__proto__` is harder: ajv
 * skips a `properties` (and `dependencies`) entry named `__proto__` on purpose, against prototype
 * pollution, so a spec property of that name would never be validated (and would count as
 * additional). So, only for specs that use the name, both the schemas and the request data are
 * renamed before ajv sees them, and the data renamed back afterwards.
 *
 * The renaming is a bijection on one family of names, `__proto__` followed by n tildes → n + 1
 * tildes, and the identity on every other name, so no two names can collide whatever a client
 * sends. A `patternProperties` or `propertyNames` pattern meant to match `__proto__` sees the
 * renamed key; that corner is not handled.
 */

const FAMILY = /^__proto__~*$/;

/** The name ajv sees for a spec or request property name. */
export function escapeName(name: string): string {
  return FAMILY.test(name) ? `${name}~` : name;
}

/** The spec's name for a name ajv saw (the inverse of escapeName). */
export function unescapeName(name: string): string {
  return FAMILY.test(name) && name !== '__proto__' ? name.slice(0, -1) : name;
}

/** Keywords whose value maps property names (not patterns, not definition names) to something. */
const NAME_MAPS = new Set(['properties', 'dependentRequired', 'dependentSchemas', 'dependencies']);
/** Keywords whose value is data compared with (or inserted into) the request's values. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default']);

/**
 * A schema (or a container of schemas, like `{ components: { schemas } }`) with every property
 * name of the family renamed: keys of `properties` and the like, `required` entries, and object
 * keys inside `const`/`enum`/`default` values. Returns the same object when nothing was renamed,
 * so specs that never use the name pay one walk at compile time and nothing per request.
 */
export function escapeSchema<T>(schema: T): T {
  // Native serialisation is several times faster than the walk, and almost no spec has the name.
  if (!JSON.stringify(schema)?.includes('__proto__')) return schema;
  return walkSchema(schema, false) as T;
}

function walkSchema(node: unknown, isNameMap: boolean): unknown {
  if (Array.isArray(node)) return sameOr(node, node.map((item) => walkSchema(item, false)));
  if (!isObject(node)) return node;
  let changed = false;
  const entries = Object.entries(node).map(([key, value]): [string, unknown] => {
    const name = isNameMap ? escapeName(key) : key;
    let next: unknown;
    if (isNameMap) next = Array.isArray(value) ? sameOr(value, value.map(escapeString)) : walkSchema(value, false);
    else if (key === 'required' && Array.isArray(value)) next = sameOr(value, value.map(escapeString));
    else if (DATA_KEYWORDS.has(key)) next = escapeData(value);
    else next = walkSchema(value, NAME_MAPS.has(key));
    changed ||= name !== key || next !== value;
    return [name, next];
  });
  return changed ? fromEntries(entries) : node;
}

function escapeString(value: unknown): unknown {
  return typeof value === 'string' ? escapeName(value) : value;
}

/** Request data (or a schema's data value) with every object key of the family renamed. */
export function escapeData(value: unknown): unknown {
  return renameKeys(value, escapeName);
}

/** The inverse of escapeData, for the coerced value handed to the handler. */
export function unescapeData(value: unknown): unknown {
  return renameKeys(value, unescapeName);
}

/**
 * Plain objects and arrays with renamed keys, copied (keeping key order) only where something
 * was renamed; other values (files, bytes) are kept as they are. Each object key is defined, not
 * assigned: assigning `out['__proto__']` would set the prototype and lose the value.
 */
function renameKeys(value: unknown, rename: (name: string) => string): unknown {
  if (Array.isArray(value)) return sameOr(value, value.map((item) => renameKeys(item, rename)));
  if (!isObject(value)) return value;
  let changed = false;
  const entries = Object.entries(value).map(([key, item]): [string, unknown] => {
    const next: [string, unknown] = [rename(key), renameKeys(item, rename)];
    changed ||= next[0] !== key || next[1] !== item;
    return next;
  });
  return changed ? fromEntries(entries) : value;
}

/** Like Object.fromEntries (which also defines), written out for the reason above. */
function fromEntries(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) defineOwn(out, key, value);
  return out;
}

/** Sets an own, enumerable data property whatever the key, `__proto__` included. */
export function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function sameOr<T>(original: T[], next: unknown[]): T[] {
  return next.every((item, i) => item === original[i]) ? original : (next as T[]);
}

/** A plain object (JSON or null-prototype), not a Blob, a byte array or another class instance. */
function isObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

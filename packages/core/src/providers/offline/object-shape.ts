/**
 * The top-level shape of an object schema as the resource pattern needs it: which properties it
 * names, which it requires, and which are readOnly/writeOnly. `$ref`s are followed and `allOf`
 * members merged; `oneOf`/`anyOf` are not looked into (their shape is one of several, so no
 * property is known for sure). Only ever a hint: every record a stateful handler sends is still
 * checked against the full response schema at run time.
 */
type Obj = { [key: string]: unknown };

export interface ObjectShape {
  /** Property name → its schema (as written, `$ref`s kept). */
  readonly properties: ReadonlyMap<string, unknown>;
  readonly required: ReadonlySet<string>;
}

/** How deep `$ref` chains and `allOf` nesting are followed. */
const MAX_DEPTH = 16;

export function deref(node: unknown, resolve: (ref: string) => unknown): unknown {
  let current = node;
  for (let i = 0; i < MAX_DEPTH && isObj(current) && typeof current.$ref === 'string'; i++) current = resolve(current.$ref);
  return isObj(current) && typeof current.$ref === 'string' ? undefined : current;
}

/** The object's properties and required names, or undefined when the schema is not an object schema. */
export function objectShape(schema: unknown, resolve: (ref: string) => unknown): ObjectShape | undefined {
  const properties = new Map<string, unknown>();
  const required = new Set<string>();
  const objectLike = collect(schema, resolve, properties, required, 0);
  return objectLike ? { properties, required } : undefined;
}

function collect(schema: unknown, resolve: (ref: string) => unknown, properties: Map<string, unknown>, required: Set<string>, depth: number): boolean {
  const node = deref(schema, resolve);
  if (!isObj(node) || depth > MAX_DEPTH) return false;
  let objectLike = typesOf(node).includes('object');
  if (isObj(node.properties)) {
    objectLike = true;
    for (const [name, property] of Object.entries(node.properties)) if (!properties.has(name)) properties.set(name, property);
  }
  if (Array.isArray(node.required)) for (const name of node.required) if (typeof name === 'string') required.add(name);
  if (Array.isArray(node.allOf)) {
    for (const member of node.allOf) objectLike = collect(member, resolve, properties, required, depth + 1) || objectLike;
  }
  return objectLike;
}

/** Whether a schema describes an array (`type: array`, or `items` without object properties). */
export function isArraySchema(schema: unknown, resolve: (ref: string) => unknown): boolean {
  const node = deref(schema, resolve);
  if (!isObj(node)) return false;
  const types = typesOf(node);
  return types.includes('array') || (types.length === 0 && node.items !== undefined && node.properties === undefined);
}

/** The single JSON type a schema declares (`integer`, or `[integer]` in 3.1), else undefined. */
export function singleType(schema: unknown, resolve: (ref: string) => unknown): string | undefined {
  const node = deref(schema, resolve);
  if (!isObj(node)) return undefined;
  const types = typesOf(node);
  return types.length === 1 ? types[0] : undefined;
}

/** Whether a property schema is marked readOnly/writeOnly (on itself or along its `$ref` chain). */
export function isMarked(schema: unknown, keyword: 'readOnly' | 'writeOnly', resolve: (ref: string) => unknown): boolean {
  let current = schema;
  for (let i = 0; i < MAX_DEPTH && isObj(current); i++) {
    if (current[keyword] === true) return true;
    if (typeof current.$ref !== 'string') return false;
    current = resolve(current.$ref);
  }
  return false;
}

function typesOf(node: Obj): string[] {
  if (typeof node.type === 'string') return [node.type];
  return Array.isArray(node.type) ? node.type.filter((t): t is string => typeof t === 'string') : [];
}

function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Dialect differences, read in one place.
 *
 * Our converter already turns OpenAPI 3.0 schemas into draft-07, but schemas can reach us raw
 * (hand-written registries, older cached models), so the 3.0-only forms are accepted here too
 * and rewritten exactly as the converter would (core `to-json-schema.ts`): `nullable: true` →
 * a `null` type (and `null` added to an `enum`), boolean `exclusiveMinimum`/`exclusiveMaximum` →
 * the numeric form. The validator compiles the same rewritten schemas, so generation and
 * validation never disagree about them (ajv itself would reject a boolean exclusiveMinimum and
 * read `nullable` differently).
 */
import type { Dialect, JsonSchema } from '../model/types';
import { defineOwn } from './util';
import { isSchema, isSchemaObject, mapSubschemas, type SchemaObject } from './walk';

export type JsonType = 'null' | 'boolean' | 'object' | 'array' | 'string' | 'number' | 'integer';
export const JSON_TYPES: readonly JsonType[] = ['null', 'boolean', 'object', 'array', 'string', 'number', 'integer'];

export interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
}

const shallowCache = new WeakMap<SchemaObject, SchemaObject>();

/** One schema object with the raw OpenAPI 3.0 forms rewritten (subschemas untouched); memoised. */
export function normalizeKeywords(schema: SchemaObject): SchemaObject {
  const cached = shallowCache.get(schema);
  if (cached) return cached;
  let out: Record<string, unknown> | undefined;
  const edit = (): Record<string, unknown> => (out ??= { ...schema });
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    const flag = schema[exclusive];
    if (typeof flag !== 'boolean') continue;
    const o = edit();
    if (flag && typeof schema[bound] === 'number') {
      o[exclusive] = schema[bound];
      delete o[bound];
    } else delete o[exclusive];
  }
  let result: SchemaObject;
  if ('nullable' in schema) {
    const o = edit();
    delete o.nullable;
    result = schema.nullable === true ? makeNullable(o) : o;
  } else result = out ?? schema;
  shallowCache.set(schema, result);
  return result;
}

function makeNullable(schema: Record<string, unknown>): SchemaObject {
  const addNullToEnum = (): void => {
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...(schema.enum as unknown[]), null];
  };
  if (typeof schema.type === 'string') {
    schema.type = [schema.type, 'null'];
    addNullToEnum();
    return schema;
  }
  if (Array.isArray(schema.type)) {
    if (!schema.type.includes('null')) schema.type = [...(schema.type as unknown[]), 'null'];
    addNullToEnum();
    return schema;
  }
  // No type: everything but what the other keywords forbid; `null` joins as an alternative.
  return { anyOf: [schema, { type: 'null' }] };
}

const deepCache = new WeakMap<SchemaObject, JsonSchema>();
const inProgress = new WeakSet<SchemaObject>();

/** The whole tree normalised (for ajv); the same object when nothing needed rewriting. */
export function normalizeDeep(schema: JsonSchema): JsonSchema {
  if (!isSchemaObject(schema)) return schema;
  const cached = deepCache.get(schema);
  if (cached !== undefined) return cached;
  // Schemas parsed from JSON are trees; a dereferenced (cyclic) object graph is left as is.
  if (inProgress.has(schema)) return schema;
  inProgress.add(schema);
  try {
    const own = normalizeKeywords(schema);
    const result = mapSubschemas(own, normalizeDeep);
    deepCache.set(schema, result);
    return result;
  } finally {
    inProgress.delete(schema);
  }
}

/** A registry document with every schema in it normalised (its `components.schemas` included). */
export function normalizeDocument(document: SchemaObject): SchemaObject {
  const top = normalizeDeep(document);
  const base: SchemaObject = isSchemaObject(top) ? top : document;
  const components = base.components;
  if (!isSchemaObject(components) || !isSchemaObject(components.schemas)) return base;
  let changed = false;
  const schemas: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(components.schemas)) {
    const next = isSchema(schema) ? normalizeDeep(schema) : schema;
    defineOwn(schemas, name, next); // a component may be named `__proto__`
    if (next !== schema) changed = true;
  }
  return changed ? { ...base, components: { ...components, schemas } } : base;
}

/** The `type` keyword as a list (unknown names dropped); undefined when absent. */
export function readTypes(schema: SchemaObject): JsonType[] | undefined {
  const type = schema.type;
  const list = typeof type === 'string' ? [type] : Array.isArray(type) ? type : undefined;
  if (!list) return undefined;
  return list.filter((name): name is JsonType => typeof name === 'string' && (JSON_TYPES as readonly string[]).includes(name));
}

/**
 * Array item layout in either dialect: `prefix` schemas for the first positions, `rest` for the
 * positions after them. draft-07 spells these `items: [..]` + `additionalItems` (and plain
 * `items` for all positions); 2020-12 spells them `prefixItems` + `items`.
 */
export function arrayLayout(schema: SchemaObject, dialect: Dialect): { prefix?: readonly JsonSchema[]; rest?: JsonSchema } {
  const items = schema.items;
  if (dialect === '2020-12') {
    const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems.filter(isSchema) : undefined;
    return { prefix, rest: isSchema(items) ? items : undefined };
  }
  if (Array.isArray(items)) {
    return { prefix: items.filter(isSchema), rest: isSchema(schema.additionalItems) ? schema.additionalItems : undefined };
  }
  return { rest: isSchema(items) ? items : undefined };
}

/** The tighter of two lower bounds (the larger value; exclusive wins a tie). */
export function tighterLower(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.value !== b.value) return a.value > b.value ? a : b;
  return a.exclusive ? a : b;
}

/** The tighter of two upper bounds (the smaller value; exclusive wins a tie). */
export function tighterUpper(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.value !== b.value) return a.value < b.value ? a : b;
  return a.exclusive ? a : b;
}

/** Numeric bounds of one (normalised) schema object. */
export function numericBounds(schema: SchemaObject): { lower?: Bound; upper?: Bound } {
  const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  const minimum = num(schema.minimum);
  const maximum = num(schema.maximum);
  const exclusiveMinimum = num(schema.exclusiveMinimum);
  const exclusiveMaximum = num(schema.exclusiveMaximum);
  return {
    lower: tighterLower(
      minimum === undefined ? undefined : { value: minimum, exclusive: false },
      exclusiveMinimum === undefined ? undefined : { value: exclusiveMinimum, exclusive: true },
    ),
    upper: tighterUpper(
      maximum === undefined ? undefined : { value: maximum, exclusive: false },
      exclusiveMaximum === undefined ? undefined : { value: exclusiveMaximum, exclusive: true },
    ),
  };
}

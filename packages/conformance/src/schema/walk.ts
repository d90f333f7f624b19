/**
 * Where subschemas live inside a schema object. Keyword-aware on purpose: `enum`, `const`,
 * `default` and `examples` hold data that merely looks like schemas, and must never be
 * rewritten or searched for `$ref`s.
 */
import type { JsonSchema } from '../model/types';
import { defineOwn } from './util';

export type SchemaObject = { readonly [keyword: string]: unknown };

/** Keywords whose value is one subschema. */
const SINGLE = [
  'items',
  'additionalItems',
  'additionalProperties',
  'not',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
] as const;
/** Keywords whose value is a list of subschemas (`items` in its draft-07 tuple form too). */
const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'] as const;
/** Keywords whose value is a map of subschemas (`dependencies` only for its schema entries). */
const MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies'] as const;

export function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'boolean' || isSchemaObject(value);
}

/** Calls `visit` on every direct subschema of `schema`. */
export function forEachSubschema(schema: SchemaObject, visit: (subschema: JsonSchema) => void): void {
  for (const keyword of SINGLE) {
    const value = schema[keyword];
    if (isSchema(value)) visit(value);
  }
  for (const keyword of LIST) {
    const value = schema[keyword];
    if (Array.isArray(value)) for (const item of value) if (isSchema(item)) visit(item);
  }
  for (const keyword of MAP) {
    const value = schema[keyword];
    if (isSchemaObject(value)) for (const item of Object.values(value)) if (isSchema(item)) visit(item);
  }
}

/**
 * A copy of `schema` with every direct subschema replaced by `map(subschema)`; the same object
 * when nothing changed, so callers can memoise by identity.
 */
export function mapSubschemas(schema: SchemaObject, map: (subschema: JsonSchema) => JsonSchema): SchemaObject {
  let out: Record<string, unknown> | undefined;
  const set = (keyword: string, value: unknown): void => {
    out ??= { ...schema };
    out[keyword] = value;
  };
  for (const keyword of SINGLE) {
    const value = schema[keyword];
    if (!isSchema(value)) continue;
    const mapped = map(value);
    if (mapped !== value) set(keyword, mapped);
  }
  for (const keyword of LIST) {
    const value = schema[keyword];
    if (!Array.isArray(value)) continue;
    const mapped = value.map((item: unknown) => (isSchema(item) ? map(item) : item));
    if (mapped.some((item, index) => item !== value[index])) set(keyword, mapped);
  }
  for (const keyword of MAP) {
    const value = schema[keyword];
    if (!isSchemaObject(value)) continue;
    let changed = false;
    const mapped: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
      // Keys here are property names from the spec, `__proto__` included: define, never assign.
      const next = isSchema(item) ? map(item) : item;
      defineOwn(mapped, name, next);
      if (next !== item) changed = true;
    }
    if (changed) set(keyword, mapped);
  }
  return out ?? schema;
}

/** Every schema object in the tree under `schema` (itself included), each once. */
export function collectSchemaObjects(schema: JsonSchema, into: Set<SchemaObject> = new Set()): Set<SchemaObject> {
  const stack: JsonSchema[] = [schema];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!isSchemaObject(current) || into.has(current)) continue;
    into.add(current);
    forEachSubschema(current, (sub) => stack.push(sub));
  }
  return into;
}

/** The schemas a registry document holds: its `components.schemas` and, if it is a schema, itself. */
export function documentSchemas(document: SchemaObject): JsonSchema[] {
  const out: JsonSchema[] = [document];
  const components = document.components;
  if (isSchemaObject(components) && isSchemaObject(components.schemas)) {
    for (const schema of Object.values(components.schemas)) if (isSchema(schema)) out.push(schema);
  }
  return out;
}

/**
 * Just enough schema reading to deserialise a parameter: is its value a primitive, an array or
 * an object, and which property names does it have? Validation itself is ajv's job; this only
 * decides how to split the raw string (`a,b,c` is one string for `type: string`, three items
 * for `type: array`).
 */
import { COMPONENTS_SCHEMA_ID, type ApiSpec, type JsonSchema } from './operation-spec';

export type ValueShape = 'primitive' | 'array' | 'object';

type Components = ApiSpec['components']['schemas'];
type SchemaObject = { readonly [keyword: string]: unknown };

/** Matches both the rewritten (`urn:specwright:api#/…`) and the local (`#/…`) reference forms. */
const COMPONENT_REF = new RegExp(`^(?:${COMPONENTS_SCHEMA_ID})?#/components/schemas/([^/]+)$`);
/** Bounds `$ref` chains and `allOf` nesting, so a cyclic schema cannot hang a request. */
const MAX_DEPTH = 32;

/** Follows `$ref`s to component schemas (both the rewritten and the local form). */
export function resolveSchema(schema: JsonSchema, components: Components): JsonSchema {
  let current = schema;
  for (let hops = 0; hops < MAX_DEPTH && typeof current === 'object'; hops++) {
    const ref = current.$ref;
    const found = typeof ref === 'string' ? COMPONENT_REF.exec(ref) : null;
    if (!found) break;
    const name = decodeURIComponent(found[1]).replace(/~1/g, '/').replace(/~0/g, '~');
    const target = Object.hasOwn(components, name) ? components[name] : undefined;
    if (target === undefined) break;
    current = target;
  }
  return current;
}

export function shapeOf(schema: JsonSchema, components: Components, depth = 0): ValueShape {
  const resolved = resolveSchema(schema, components);
  if (typeof resolved !== 'object' || depth > MAX_DEPTH) return 'primitive';
  const types = typesOf(resolved);
  // A type union that admits an array or object is split as one: single values still coerce.
  if (types.includes('array')) return 'array';
  if (types.includes('object')) return 'object';
  if (types.length > 0) return 'primitive';
  if ('items' in resolved || 'prefixItems' in resolved) return 'array';
  if ('properties' in resolved || 'additionalProperties' in resolved || 'patternProperties' in resolved) {
    return 'object';
  }
  for (const member of subschemas(resolved)) {
    const shape = shapeOf(member, components, depth + 1);
    if (shape !== 'primitive') return shape;
  }
  return 'primitive';
}

/**
 * Declared property names of an object schema (through `$ref` and `allOf`/`anyOf`/`oneOf`),
 * and whether it admits other names. Form-exploded objects (`?role=admin&name=Alex`) have no
 * prefix of their own, so this is how their keys are told apart from other query parameters.
 */
export function objectProperties(
  schema: JsonSchema,
  components: Components,
  depth = 0,
): { readonly names: readonly string[]; readonly open: boolean } {
  const resolved = resolveSchema(schema, components);
  if (typeof resolved !== 'object') return { names: [], open: resolved };
  if (depth > MAX_DEPTH) return { names: [], open: false };
  const names = new Set<string>(Object.keys(asObject(resolved.properties)));
  let open = resolved.additionalProperties !== undefined && resolved.additionalProperties !== false;
  for (const member of subschemas(resolved)) {
    const inner = objectProperties(member, components, depth + 1);
    inner.names.forEach((name) => names.add(name));
    open ||= inner.open;
  }
  return { names: [...names], open };
}

function typesOf(schema: SchemaObject): readonly string[] {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

function subschemas(schema: SchemaObject): JsonSchema[] {
  return ['allOf', 'anyOf', 'oneOf'].flatMap((keyword) => {
    const list = schema[keyword];
    return Array.isArray(list) ? list.filter(isSchema) : [];
  });
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'boolean' || (typeof value === 'object' && value !== null && !Array.isArray(value));
}

function asObject(value: unknown): SchemaObject {
  return typeof value === 'object' && value !== null ? (value as SchemaObject) : {};
}


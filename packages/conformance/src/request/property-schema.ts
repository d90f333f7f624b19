/**
 * Just enough schema reading for multipart bodies: the schema of one property of a body (through
 * absolute `$ref`s and `allOf`/`anyOf`/`oneOf`), and whether it describes file content.
 */
import type { JsonSchema, JsonSchemaObject, SchemaRegistry } from '../model/types';

/** Bounds `$ref` chains and composition nesting, so a cyclic schema cannot hang. */
const MAX_DEPTH = 32;

/** Follows `$ref`s into the registry; without one (or for an unknown ref) returns the schema as is. */
export function resolve(schema: JsonSchema | undefined, registry: SchemaRegistry | undefined): JsonSchema | undefined {
  let current = schema;
  for (let hops = 0; hops < MAX_DEPTH && isObject(current) && typeof current.$ref === 'string'; hops++) {
    const target = lookup(current.$ref, registry);
    if (target === undefined) break;
    current = target;
  }
  return current;
}

function lookup(ref: string, registry: SchemaRegistry | undefined): JsonSchema | undefined {
  const at = ref.indexOf('#');
  const document = registry?.documents[at === -1 ? ref : ref.slice(0, at)];
  if (document === undefined) return undefined;
  const pointer = at === -1 ? '' : ref.slice(at + 1);
  let node: unknown = document;
  for (const token of pointer.split('/').slice(1)) {
    const key = decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return typeof node === 'boolean' || isObject(node) ? node : undefined;
}

/** The schema of `property` in an object schema, or `undefined` when none is declared. */
export function propertySchema(
  schema: JsonSchema | undefined,
  property: string,
  registry: SchemaRegistry | undefined,
  depth = 0,
): JsonSchema | undefined {
  const resolved = resolve(schema, registry);
  if (!isObject(resolved) || depth > MAX_DEPTH) return undefined;
  const properties = resolved.properties;
  if (isObject(properties) && Object.hasOwn(properties, property)) return properties[property] as JsonSchema;
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const members = resolved[keyword];
    if (!Array.isArray(members)) continue;
    for (const member of members) {
      const found = propertySchema(member as JsonSchema, property, registry, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The items schema of an array schema (`items`, as both dialects write it for a list). */
export function itemsSchema(schema: JsonSchema | undefined, registry: SchemaRegistry | undefined): JsonSchema | undefined {
  const resolved = resolve(schema, registry);
  if (!isObject(resolved)) return undefined;
  const items = resolved.items;
  return typeof items === 'boolean' || isObject(items) ? items : undefined;
}

/**
 * The media type of file content the schema describes, if it does: `format: binary` (OpenAPI
 * 3.0) → `application/octet-stream`; `contentMediaType` without `contentEncoding` (3.1) → that
 * type. Base64 (`format: byte`, `contentEncoding`) is text, not a file.
 */
export function fileMediaType(schema: JsonSchema | undefined, registry: SchemaRegistry | undefined): string | undefined {
  const resolved = resolve(schema, registry);
  if (!isObject(resolved)) return undefined;
  if (resolved.format === 'binary') return 'application/octet-stream';
  if (typeof resolved.contentMediaType === 'string' && resolved.contentEncoding === undefined) return resolved.contentMediaType;
  return undefined;
}

function isObject(value: unknown): value is JsonSchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

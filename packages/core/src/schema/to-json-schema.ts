import type { OpenApiVersion } from '../spec/openapi-version';
import { setOwn } from '../util/own-property';

export type JsonSchemaObject = { [keyword: string]: unknown };
export type JsonSchemaValue = boolean | JsonSchemaObject;
export type Direction = 'request' | 'response';

export interface ToJsonSchemaOptions {
  readonly version: OpenApiVersion;
  /** Requests must not be required to send readOnly properties; responses writeOnly ones. */
  readonly direction: Direction;
  /** Looks up the schema a `$ref` names, to see whether a referenced property is readOnly/writeOnly. */
  readonly resolve: (ref: string) => unknown;
  /** Rewrites each `$ref` (e.g. to an absolute URI the validator knows). */
  readonly rewriteRef?: (ref: string) => string;
  /** Drop annotations that validators ignore (examples, descriptions, xml, x-*) to keep output small. */
  readonly stripAnnotations?: boolean;
}

/** Keywords with no effect on validation; dropped when stripAnnotations is set. */
const ANNOTATIONS = new Set([
  'description',
  'title',
  'example',
  'examples',
  'xml',
  'externalDocs',
  'deprecated',
  'discriminator',
  '$comment',
]);

/** Keywords whose value is one subschema. */
const SCHEMA_KEYWORDS = new Set([
  'items',
  'additionalProperties',
  'not',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'unevaluatedItems',
  'unevaluatedProperties',
  'additionalItems',
  'contentSchema',
]);
/** Keywords whose value is an array of subschemas. */
const SCHEMA_ARRAY_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
/** Keywords whose value is a map of subschemas. */
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);

/**
 * Turns an OpenAPI Schema Object into JSON Schema a standard validator understands, for one
 * direction of traffic. OpenAPI 3.0's dialect becomes draft-07 (`nullable` → a `null` type,
 * boolean `exclusiveMinimum` → numeric, `$ref` siblings ignored as 3.0 says); 3.1 schemas are
 * already JSON Schema 2020-12 and only get the direction rule. Written by hand: the existing
 * converters handle 3.0 only and know nothing of direction.
 */
export function toJsonSchema(schema: unknown, options: ToJsonSchemaOptions): JsonSchemaValue {
  return convert(schema, options);
}

function convert(schema: unknown, options: ToJsonSchemaOptions): JsonSchemaValue {
  if (typeof schema === 'boolean') return schema;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return {};
  const source = schema as JsonSchemaObject;

  if (typeof source.$ref === 'string') {
    const ref = options.rewriteRef ? options.rewriteRef(source.$ref) : source.$ref;
    if (options.version === '3.0') {
      // OpenAPI 3.0: siblings of $ref are ignored, except that `nullable` is widely relied upon.
      return source.nullable === true ? { anyOf: [{ $ref: ref }, { type: 'null' }] } : { $ref: ref };
    }
  }

  const out: JsonSchemaObject = {};
  for (const [key, value] of Object.entries(source)) {
    if (options.stripAnnotations && (ANNOTATIONS.has(key) || key.startsWith('x-'))) continue;
    if (key === '$ref' && typeof value === 'string') out.$ref = options.rewriteRef ? options.rewriteRef(value) : value;
    else if (SCHEMA_KEYWORDS.has(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = convert(value, options);
    } else if (key === 'items' && Array.isArray(value)) out[key] = value.map((v) => convert(v, options));
    else if (SCHEMA_ARRAY_KEYWORDS.has(key) && Array.isArray(value)) out[key] = value.map((v) => convert(v, options));
    else if (SCHEMA_MAP_KEYWORDS.has(key) && value !== null && typeof value === 'object') {
      const map: JsonSchemaObject = {};
      for (const [name, sub] of Object.entries(value)) setOwn(map, name, convert(sub, options));
      out[key] = map;
    } else out[key] = value;
  }

  if (options.version === '3.0') applyOpenApi30Dialect(out);
  applyDirection(out, source, options);
  return out;
}

function applyOpenApi30Dialect(schema: JsonSchemaObject): void {
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof schema[exclusive] === 'boolean') {
      if (schema[exclusive] === true && typeof schema[bound] === 'number') {
        schema[exclusive] = schema[bound];
        delete schema[bound];
      } else delete schema[exclusive];
    }
  }
  if (schema.nullable === true) {
    delete schema.nullable;
    if (typeof schema.type === 'string') {
      schema.type = [schema.type, 'null'];
      if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
    } else if (schema.type === undefined) {
      const inner = { ...schema };
      for (const key of Object.keys(schema)) delete schema[key];
      schema.anyOf = [inner, { type: 'null' }];
    }
  } else if (schema.nullable !== undefined) delete schema.nullable;
}

/**
 * A readOnly property is never required of a request and a writeOnly property never of a
 * response (OpenAPI 3.0 §4.7.24, 3.1 keeps the rule through the annotations).
 */
function applyDirection(out: JsonSchemaObject, source: JsonSchemaObject, options: ToJsonSchemaOptions): void {
  const hidden = options.direction === 'request' ? 'readOnly' : 'writeOnly';
  const properties = source.properties;
  if (!Array.isArray(source.required) || properties === null || typeof properties !== 'object') return;
  const required = (source.required as unknown[]).filter(
    (name) => !isMarked((properties as Record<string, unknown>)[String(name)], hidden, options),
  );
  if (required.length === 0) delete out.required;
  else out.required = required;
}

/**
 * Whether a property schema is marked readOnly/writeOnly, following its `$ref` chain. In 3.1 a
 * keyword beside `$ref` applies (`{ $ref: Id, readOnly: true }`); in 3.0 siblings are ignored.
 */
function isMarked(node: unknown, keyword: 'readOnly' | 'writeOnly', options: ToJsonSchemaOptions): boolean {
  let current = node;
  for (let depth = 0; depth < 32; depth++) {
    if (current === null || typeof current !== 'object') return false;
    const schema = current as JsonSchemaObject;
    if (typeof schema.$ref !== 'string') return schema[keyword] === true;
    if (options.version === '3.1' && schema[keyword] === true) return true;
    current = options.resolve(schema.$ref);
  }
  return false;
}

/**
 * A response schema as one self-contained JSON Schema, for a stateful offline handler to check a
 * stored record against before sending it (createSchemaCheck in @specwright/runtime). The
 * schema is converted for the response direction (a writeOnly property is not required), every
 * internal `$ref` it reaches is copied under `$defs` (2020-12, OpenAPI 3.1) or `definitions`
 * (draft-07, OpenAPI 3.0) with the references rewritten to point there, and `$id`s are dropped
 * so that no two handlers' schemas claim the same one in the runtime's shared validator.
 */
import type { OpenApiVersion } from '../../spec/openapi-version';
import { toJsonSchema, type JsonSchemaValue } from '../../schema/to-json-schema';
import { setOwn } from '../../util/own-property';

/** Above this much JSON text the schema is not embedded (the handler stays stateless). */
export const MAX_EMBEDDED_SCHEMA_LENGTH = 256 * 1024;

/**
 * The self-contained schema, or undefined when it cannot be built: a reference outside the
 * document, or more text than MAX_EMBEDDED_SCHEMA_LENGTH.
 */
export function selfContainedSchema(schema: unknown, version: OpenApiVersion, resolve: (ref: string) => unknown): JsonSchemaValue | undefined {
  const defsKeyword = version === '3.1' ? '$defs' : 'definitions';
  const names = new Map<string, string>();
  const queue: string[] = [];
  let external = false;
  const rewriteRef = (ref: string): string => {
    if (!ref.startsWith('#')) {
      external = true;
      return ref;
    }
    let name = names.get(ref);
    if (name === undefined) {
      // Numbered in order of first use, so the same spec gives the same bytes.
      name = `s${names.size}`;
      names.set(ref, name);
      queue.push(ref);
    }
    return `#/${defsKeyword}/${name}`;
  };
  const convert = (node: unknown): JsonSchemaValue =>
    withoutId(toJsonSchema(node, { version, direction: 'response', resolve, rewriteRef, stripAnnotations: true }));

  const root = convert(schema);
  const defs: Record<string, JsonSchemaValue> = {};
  for (let i = 0; i < queue.length; i++) {
    const ref = queue[i] as string;
    const target = resolve(ref);
    if (target === undefined) return undefined;
    setOwn(defs, names.get(ref) as string, convert(target));
  }
  if (external) return undefined;
  if (queue.length === 0) return checkedSize(root);
  // Beside `$ref`, draft-07 ignores every keyword: the definitions go one level up from it. A
  // `$defs` the schema itself had is replaced: every reference, its own too, now points to ours.
  if (typeof root === 'boolean' || Object.hasOwn(root, '$ref')) return checkedSize({ allOf: [root], [defsKeyword]: defs });
  return checkedSize({ ...root, [defsKeyword]: defs });
}

function checkedSize(schema: JsonSchemaValue): JsonSchemaValue | undefined {
  return JSON.stringify(schema).length > MAX_EMBEDDED_SCHEMA_LENGTH ? undefined : schema;
}

/** A top-level `$id` (and `$schema`) removed: the runtime validator holds every handler's schema. */
function withoutId(schema: JsonSchemaValue): JsonSchemaValue {
  if (typeof schema === 'boolean' || (!Object.hasOwn(schema, '$id') && !Object.hasOwn(schema, '$schema') && !Object.hasOwn(schema, 'id'))) return schema;
  const { $id: _id, $schema: _schema, ...rest } = schema;
  // draft-04's `id` is a keyword only where it is a string; a property named `id` lives under `properties`.
  if (typeof rest.id === 'string') delete rest.id;
  return rest;
}

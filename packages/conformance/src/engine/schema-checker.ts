import { createSchemaValidator } from '../schema';
import type { JsonSchema, SchemaRegistry } from '../model/types';

/** Validation against the model's schemas, shared by every check of a run (compiled once per schema). */
export interface SchemaChecker {
  readonly registry: SchemaRegistry;
  /** ajv errors as `/pointer message` strings; empty when the value is valid. */
  errors(schema: JsonSchema, value: unknown): string[];
  valid(schema: JsonSchema, value: unknown): boolean;
  /** The JSON types a schema admits (following `$ref`, `anyOf`/`oneOf`/`allOf`); empty when unconstrained. */
  typesOf(schema: JsonSchema): ReadonlySet<string>;
}

export function createSchemaChecker(registry: SchemaRegistry): SchemaChecker {
  const validator = createSchemaValidator(registry);
  const types = new WeakMap<object, ReadonlySet<string>>();
  const resolve = (ref: string): JsonSchema | undefined => {
    const hash = ref.indexOf('#');
    const document = registry.documents[ref.slice(0, hash)];
    if (!document || hash < 0) return undefined;
    let node: unknown = document;
    for (const raw of ref.slice(hash + 2).split('/')) {
      const token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[token] : undefined;
    }
    return node as JsonSchema | undefined;
  };
  const collect = (schema: JsonSchema | undefined, out: Set<string>, depth: number): void => {
    if (schema === undefined || typeof schema === 'boolean' || depth > 8) return;
    if (typeof schema.$ref === 'string') collect(resolve(schema.$ref), out, depth + 1);
    if (typeof schema.type === 'string') out.add(schema.type);
    if (Array.isArray(schema.type)) for (const t of schema.type) if (typeof t === 'string') out.add(t);
    if (schema.nullable === true) out.add('null');
    for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
      const list = schema[keyword];
      if (Array.isArray(list)) for (const sub of list) collect(sub as JsonSchema, out, depth + 1);
    }
  };
  return {
    registry,
    errors: (schema, value) => validator.errors(schema, value),
    valid: (schema, value) => validator.validate(schema, value),
    typesOf(schema) {
      if (typeof schema === 'boolean') return new Set();
      let found = types.get(schema);
      if (!found) {
        const out = new Set<string>();
        collect(schema, out, 0);
        found = out;
        types.set(schema, found);
      }
      return found;
    },
  };
}

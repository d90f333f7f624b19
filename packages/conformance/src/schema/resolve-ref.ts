/**
 * `$ref` resolution. Refs are absolute (`urn:specwright:request#/components/schemas/Pet`) and
 * resolve through `SchemaRegistry.documents`; local refs (`#/$defs/x`) resolve against the
 * document the referring schema came from, so every schema travels with its Base.
 */
import type { JsonSchema, SchemaRegistry } from '../model/types';
import { SchemaArbitraryError } from './errors';
import { collectSchemaObjects, documentSchemas, forEachSubschema, isSchema, isSchemaObject, mapSubschemas, type SchemaObject } from './walk';

/** The document a schema lives in: its URI (undefined for a free-standing root) and its root. */
export interface Base {
  readonly uri: string | undefined;
  readonly root: JsonSchema | SchemaObject;
}

/** A schema together with the document its local refs resolve against. */
export interface SchemaNode {
  readonly schema: JsonSchema;
  readonly base: Base;
}

const documentBases = new WeakMap<SchemaRegistry, Map<string, Base>>();

/** The (identity-stable) Base of a registry document, or undefined if there is none. */
export function documentBase(registry: SchemaRegistry, uri: string): Base | undefined {
  let bases = documentBases.get(registry);
  if (!bases) {
    bases = new Map();
    documentBases.set(registry, bases);
  }
  let base = bases.get(uri);
  if (!base) {
    const document = registry.documents[uri];
    if (!isSchemaObject(document)) return undefined;
    base = { uri, root: document };
    bases.set(uri, base);
  }
  return base;
}

const freeRoots = new WeakMap<SchemaObject, SchemaNode>();
const registryIndex = new WeakMap<SchemaRegistry, WeakMap<SchemaObject, Base>>();

/**
 * The node for a schema handed to the public API. Usually a free-standing schema (its local refs
 * point into itself); when it is an object taken out of a registry document and has local refs,
 * those refs are meant relative to that document, so we find it there.
 */
export function rootNode(schema: JsonSchema, registry: SchemaRegistry): SchemaNode {
  if (!isSchemaObject(schema)) return { schema, base: { uri: undefined, root: schema } };
  const cached = freeRoots.get(schema);
  if (cached) return cached;
  let base: Base | undefined;
  if (hasLocalRefs(schema)) base = locateInRegistry(registry, schema);
  const node: SchemaNode = { schema, base: base ?? { uri: undefined, root: schema } };
  freeRoots.set(schema, node);
  return node;
}

function locateInRegistry(registry: SchemaRegistry, schema: SchemaObject): Base | undefined {
  let index = registryIndex.get(registry);
  if (!index) {
    index = new WeakMap();
    for (const uri of Object.keys(registry.documents)) {
      const base = documentBase(registry, uri);
      if (!base || !isSchemaObject(base.root)) continue;
      const objects = new Set<SchemaObject>();
      for (const top of documentSchemas(base.root)) collectSchemaObjects(top, objects);
      for (const object of objects) if (!index.has(object)) index.set(object, base);
    }
    registryIndex.set(registry, index);
  }
  return index.get(schema);
}

/** Resolves `ref` as seen from a schema in `base`. Throws SchemaArbitraryError if it cannot. */
export function resolveRef(ref: string, base: Base, registry: SchemaRegistry): SchemaNode {
  const hash = ref.indexOf('#');
  const uri = hash < 0 ? ref : ref.slice(0, hash);
  const fragment = hash < 0 ? '' : ref.slice(hash + 1);
  const target = uri === '' || uri === base.uri ? base : documentBase(registry, uri);
  if (!target) {
    throw new SchemaArbitraryError(
      'UNRESOLVABLE_REF',
      `Cannot resolve $ref "${ref}": no document "${uri}" in the schema registry.`,
      'Add the document to SchemaRegistry.documents or make the $ref point to one that is there.',
    );
  }
  let schema: unknown;
  if (fragment === '') schema = target.root;
  else if (fragment.startsWith('/')) schema = followPointer(target.root, parsePointer(fragment));
  else schema = findAnchor(target.root, fragment);
  if (!isSchema(schema)) {
    throw new SchemaArbitraryError(
      'UNRESOLVABLE_REF',
      `Cannot resolve $ref "${ref}": "#${fragment}" names no schema in ${target.uri ?? 'the root schema'}.`,
      'Check the JSON pointer (escape "/" as ~1 and "~" as ~0).',
    );
  }
  return { schema, base: target };
}

/** Reference tokens of a URI-fragment JSON pointer: percent-decoded, then `~1` → `/`, `~0` → `~`. */
export function parsePointer(fragment: string): string[] {
  if (fragment === '') return [];
  return fragment
    .split('/')
    .slice(1)
    .map((token) => {
      let decoded = token;
      try {
        decoded = decodeURIComponent(token);
      } catch {
        // Not percent-encoded after all (a literal `%`): keep the token as written.
      }
      return decoded.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

function followPointer(root: unknown, tokens: readonly string[]): unknown {
  let current = root;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (isSchemaObject(current) && Object.prototype.hasOwnProperty.call(current, token)) {
      current = current[token];
    } else return undefined;
  }
  return current;
}

/** `#name` refs: a 2020-12 `$anchor` or a draft-07 `$id: "#name"` somewhere in the document. */
function findAnchor(root: unknown, name: string): unknown {
  const tops = isSchemaObject(root) ? documentSchemas(root) : [];
  for (const top of tops) {
    for (const object of collectSchemaObjects(top)) {
      if (object.$anchor === name || object.$id === `#${name}`) return object;
    }
  }
  return undefined;
}

const localRefCache = new WeakMap<SchemaObject, boolean>();

/** Whether the tree under `schema` has a `$ref` starting with `#` (relative to its document). */
export function hasLocalRefs(schema: JsonSchema): boolean {
  if (!isSchemaObject(schema)) return false;
  const cached = localRefCache.get(schema);
  if (cached !== undefined) return cached;
  localRefCache.set(schema, false); // guards against cyclic object graphs
  let found = typeof schema.$ref === 'string' && schema.$ref.startsWith('#');
  if (!found) forEachSubschema(schema, (sub) => (found ||= hasLocalRefs(sub)));
  localRefCache.set(schema, found);
  return found;
}

const absoluteCache = new WeakMap<SchemaObject, Map<string, JsonSchema>>();

/**
 * A copy of `schema` whose local refs name `uri` explicitly, so that a subschema compiled on its
 * own still finds the definitions of the document it was taken from.
 */
export function absolutizeRefs(schema: JsonSchema, uri: string): JsonSchema {
  if (!isSchemaObject(schema) || !hasLocalRefs(schema)) return schema;
  let byUri = absoluteCache.get(schema);
  if (!byUri) {
    byUri = new Map();
    absoluteCache.set(schema, byUri);
  }
  const cached = byUri.get(uri);
  if (cached !== undefined) return cached;
  let out = mapSubschemas(schema, (sub) => absolutizeRefs(sub, uri));
  if (typeof out.$ref === 'string' && out.$ref.startsWith('#')) out = { ...out, $ref: `${uri}${out.$ref}` };
  byUri.set(uri, out);
  return out;
}

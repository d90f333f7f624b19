/**
 * Finds the resources a spec describes the usual REST way, so that the offline handlers can keep
 * state: a collection path (`/pets`) with POST (create) and/or GET (list), and its item path
 * (`/pets/{petId}`) with GET, PUT, PATCH and DELETE. Only the plain case is recognised, where
 * being wrong costs little:
 * - the collection path has no parameters, and the item path is it plus one `/{id}` segment;
 * - the id parameter is an integer, a number, a UUID string or an unconstrained string (an id the
 *   store makes must be one a client can send back);
 * - the operations that write (POST, PUT, PATCH) take a JSON body;
 * - something creates records: a POST on the collection or a PUT on the item.
 * Anything else keeps its stateless handler. Detection is a hint, never a promise: what a
 * stateful handler sends is checked against the response schema at run time.
 */
import { isJsonMediaType, type IdKind } from '@specwright/runtime';
import { refTokens } from '../../contract/index-operations';
import type { OpenApiDocument } from '../../spec/openapi-version';
import { getAt } from '../../spec/ref-closure';
import { chooseResponse } from './choose-response';
import { deref, isArraySchema, objectShape, singleType } from './object-shape';

type Obj = { [key: string]: unknown };

export type ResourceRole = 'create' | 'list' | 'read' | 'replace' | 'update' | 'remove';

export interface ResourcePattern {
  /** The collection path, e.g. `/pets`; also the store's collection name. */
  readonly collectionPath: string;
  /** The item path, e.g. `/pets/{petId}`. */
  readonly itemPath: string;
  /** The item path's parameter that holds the id, e.g. `petId`. */
  readonly idParameter: string;
  /** The record property that holds the id: the item schema's property named like the parameter, else `id`. */
  readonly idProperty: string;
  /** What kind of id the store makes for a created record. */
  readonly idKind: IdKind;
  /** Whether a POST on the collection creates records (then a PUT on a missing id answers "not found"). */
  readonly creates: boolean;
}

export interface ResourceOperation {
  readonly pattern: ResourcePattern;
  readonly role: ResourceRole;
  /** `list` only: the response object's property that holds the records; absent when the body is the array itself. */
  readonly listProperty?: string;
}

/** The property names a list response commonly wraps its records in, after the collection's own name. */
const LIST_PROPERTIES = ['items', 'data', 'results', 'records', 'values', 'entries'];

const cache = new WeakMap<object, ReadonlyMap<string, ResourceOperation>>();

/** The resource role of one operation, or undefined when it takes part in no recognised resource. */
export function resourceOperationOf(document: OpenApiDocument, method: string, path: string): ResourceOperation | undefined {
  let index = cache.get(document);
  if (!index) {
    index = findResourceOperations(document);
    cache.set(document, index);
  }
  return index.get(operationKey(method, path));
}

/** Every operation that takes part in a resource, keyed `method path` (`post /pets`). */
export function findResourceOperations(document: OpenApiDocument): ReadonlyMap<string, ResourceOperation> {
  const resolve = (ref: string): unknown => getAt(document, refTokens(ref));
  const paths = (document.paths ?? {}) as Obj;
  const found = new Map<string, ResourceOperation>();
  for (const collectionPath of Object.keys(paths)) {
    if (!collectionPath.startsWith('/') || collectionPath.includes('{') || collectionPath.includes('}')) continue;
    const prefix = collectionPath.endsWith('/') ? collectionPath : `${collectionPath}/`;
    const items = Object.keys(paths).filter((p) => p.startsWith(prefix) && /^\{[^{}/]+\}$/.test(p.slice(prefix.length)));
    // Two item paths for one collection (`/pets/{id}` and `/pets/{name}`) cannot both be the resource.
    if (items.length !== 1) continue;
    const itemPath = items[0] as string;
    const detected = detect(collectionPath, itemPath, pathItemAt(paths, collectionPath, resolve), pathItemAt(paths, itemPath, resolve), resolve);
    for (const [key, operation] of detected) found.set(key, operation);
  }
  return found;
}

function detect(collectionPath: string, itemPath: string, collection: Obj, item: Obj, resolve: (ref: string) => unknown): Map<string, ResourceOperation> {
  const idParameter = itemPath.slice(itemPath.lastIndexOf('{') + 1, -1);
  const post = operationAt(collection, 'post');
  const list = operationAt(collection, 'get');
  const read = operationAt(item, 'get');
  const put = operationAt(item, 'put');
  const patch = operationAt(item, 'patch');
  const remove = operationAt(item, 'delete');

  const creates = post !== undefined && takesJson(post, resolve);
  const replaces = put !== undefined && takesJson(put, resolve);
  if (!creates && !replaces) return new Map();

  const parameter = idParameterSchema(idParameter, item, [read, put, patch, remove], resolve);
  if (parameter === undefined) return new Map();
  const itemSchema = [read, post, put, patch].map((op) => (op ? successSchema(op, resolve) : undefined)).find((schema) => schema !== undefined);
  const properties = objectShape(itemSchema, resolve)?.properties;
  const idProperty = [idParameter, 'id'].find((name) => properties?.has(name)) ?? idParameter;
  const idKind = idKindOf(parameter, properties?.get(idProperty), resolve);
  if (idKind === undefined) return new Map();

  const pattern: ResourcePattern = { collectionPath, itemPath, idParameter, idProperty, idKind, creates };
  const roles = new Map<string, ResourceOperation>();
  if (creates) roles.set(operationKey('post', collectionPath), { pattern, role: 'create' });
  if (list) {
    const listed = listShape(successSchema(list, resolve), collectionPath, resolve);
    if (listed) roles.set(operationKey('get', collectionPath), { pattern, role: 'list', ...listed });
  }
  // An item operation reads the id from its typed `path`, which has it only if declared for it.
  const declares = (operation: Obj): boolean => declaresPathParameter(idParameter, [item, operation], resolve);
  if (read && declares(read)) roles.set(operationKey('get', itemPath), { pattern, role: 'read' });
  if (put && replaces && declares(put)) roles.set(operationKey('put', itemPath), { pattern, role: 'replace' });
  if (patch && takesJson(patch, resolve) && declares(patch)) roles.set(operationKey('patch', itemPath), { pattern, role: 'update' });
  if (remove && declares(remove)) roles.set(operationKey('delete', itemPath), { pattern, role: 'remove' });
  // Nothing can create a record then (a PUT that does not declare the id): no state to keep.
  if (![...roles.values()].some((r) => r.role === 'create' || r.role === 'replace')) return new Map();
  return roles;
}

/**
 * The id parameter's schema, from the path item's parameters or else its operations'. Undefined
 * when no operation declares it as a path parameter with a schema.
 */
function idParameterSchema(name: string, item: Obj, operations: ReadonlyArray<Obj | undefined>, resolve: (ref: string) => unknown): unknown {
  for (const owner of [item, ...operations]) {
    const parameter = pathParameter(name, owner, resolve);
    if (parameter && parameter.schema !== undefined) return parameter.schema;
  }
  return undefined;
}

function declaresPathParameter(name: string, owners: ReadonlyArray<Obj>, resolve: (ref: string) => unknown): boolean {
  return owners.some((owner) => pathParameter(name, owner, resolve) !== undefined);
}

function pathParameter(name: string, owner: Obj | undefined, resolve: (ref: string) => unknown): Obj | undefined {
  if (!owner || !Array.isArray(owner.parameters)) return undefined;
  for (const raw of owner.parameters) {
    const parameter = deref(raw, resolve);
    if (isObj(parameter) && parameter.in === 'path' && parameter.name === name) return parameter;
  }
  return undefined;
}

/**
 * The kind of id made for a created record: what the parameter accepts and, among those, what the
 * id property's schema says (an integer id under a string parameter is still sent back as `5`).
 * Undefined for a parameter whose constraints a made id might not meet (a pattern, an enum).
 */
function idKindOf(parameterSchema: unknown, propertySchema: unknown, resolve: (ref: string) => unknown): IdKind | undefined {
  const parameter = deref(parameterSchema, resolve);
  // A nullable id would be typed `number | null`, which no store id is.
  if (!isObj(parameter) || parameter.nullable === true) return undefined;
  const type = singleType(parameter, resolve);
  const propertyType = singleType(propertySchema, resolve);
  if (type === 'integer' || type === 'number') return propertyType === 'string' ? 'string' : 'integer';
  if (type !== 'string' || parameter.pattern !== undefined || parameter.enum !== undefined || parameter.const !== undefined) return undefined;
  if (parameter.format === 'uuid') return 'uuid';
  if (parameter.format !== undefined || (typeof parameter.minLength === 'number' && parameter.minLength > 1)) return undefined;
  return propertyType === 'integer' || propertyType === 'number' ? 'integer' : 'string';
}

/** How a list response holds its records: the body itself (an array), or one array property of an object. */
function listShape(schema: unknown, collectionPath: string, resolve: (ref: string) => unknown): { listProperty?: string } | undefined {
  if (schema === undefined) return undefined;
  if (isArraySchema(schema, resolve)) return {};
  const shape = objectShape(schema, resolve);
  if (!shape) return undefined;
  const arrays = [...shape.properties].filter(([, property]) => isArraySchema(property, resolve)).map(([name]) => name);
  const own = collectionPath.split('/').filter(Boolean).pop();
  const listProperty = [own, ...LIST_PROPERTIES].find((name) => name !== undefined && arrays.includes(name)) ?? (arrays.length === 1 ? arrays[0] : undefined);
  return listProperty === undefined ? undefined : { listProperty };
}

/** The schema of the operation's success response when it is JSON. */
function successSchema(operation: Obj, resolve: (ref: string) => unknown): unknown {
  const choice = chooseResponse(operation.responses, resolve);
  return choice.contentType !== undefined && isJsonMediaType(choice.contentType) ? choice.schema : undefined;
}

/** Whether the operation's request body can be JSON (an object, checked at run time). */
function takesJson(operation: Obj, resolve: (ref: string) => unknown): boolean {
  const body = deref(operation.requestBody, resolve);
  return isObj(body) && isObj(body.content) && Object.keys(body.content).some((mediaType) => isJsonMediaType(mediaType));
}

function pathItemAt(paths: Obj, path: string, resolve: (ref: string) => unknown): Obj {
  const item = deref(paths[path], resolve);
  return isObj(item) ? item : {};
}

function operationAt(item: Obj, method: string): Obj | undefined {
  const operation = Object.hasOwn(item, method) ? item[method] : undefined;
  return isObj(operation) ? operation : undefined;
}

function operationKey(method: string, path: string): string {
  return `${method} ${path}`;
}

function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A small in-memory store of resources by collection name: what the offline handlers keep their
 * state in (a POST that creates, then a GET that reads it back), and a stand-in for a database
 * in tests and demos. One store per app (createApp makes a fresh one), nothing shared between
 * processes, nothing persisted.
 *
 * Names and ids come from requests, so they are data throughout: collections and records are
 * kept in Maps (an id `__proto__` or `constructor` is an id like any other), and a record's
 * properties are copied as own properties whatever their name. Records go in and come out as
 * copies, so a caller that changes a returned record does not change the store.
 *
 * The store is bounded so that a long-running server cannot grow without limit: past
 * `maxRecordsPerCollection` records or `maxBytesPerCollection` of JSON text in a collection, the
 * least recently written records of that collection are evicted.
 */

/** One stored resource: a JSON object. */
export type ResourceRecord = { readonly [property: string]: unknown };

export type ResourceId = string | number;

/**
 * How create() makes an id for a record that has none: `integer` counts up from 1 per collection
 * (past every integer id already stored), `uuid` is a random v4 UUID, `string` is the integer
 * count as text.
 */
export type IdKind = 'integer' | 'string' | 'uuid';

export interface WriteOptions {
  /** The property that holds a record's id; default `id`. */
  readonly idProperty?: string;
  /**
   * Values for properties the record lacks (e.g. ones a response requires that a request may
   * leave out); the record's own values win.
   */
  readonly defaults?: ResourceRecord;
  /**
   * Checked with the record as it would be stored (after id and defaults); when it returns
   * false nothing changes and the method returns undefined. Lets a caller store only records
   * it can later send (e.g. that pass a response schema).
   */
  readonly accept?: (record: ResourceRecord) => boolean;
  /**
   * Properties never stored, whatever the record says: e.g. the writeOnly ones of a schema (a
   * password), which a later response must not echo. The id property is never omitted.
   */
  readonly omit?: readonly string[];
}

export interface CreateOptions extends WriteOptions {
  /** The kind of id made for a record without one; default `integer`. */
  readonly idKind?: IdKind;
}

export interface ResourceStore {
  /**
   * Stores a new record. Its id is the record's own (a string or finite number under
   * `idProperty`) or a new one of `idKind`, set on the stored record. A record with the id of
   * one already stored replaces it. Returns the stored record, or undefined when `accept` refused it.
   */
  create(collection: string, record: ResourceRecord, options?: CreateOptions): ResourceRecord | undefined;
  /** Every record of the collection, oldest write first. */
  list(collection: string): ResourceRecord[];
  /** The record with this id (`3` and `"3"` are the same id), or undefined. */
  get(collection: string, id: ResourceId): ResourceRecord | undefined;
  /** Replaces (or creates) the record with this id; the id is set under `idProperty`. */
  put(collection: string, id: ResourceId, record: ResourceRecord, options?: WriteOptions): ResourceRecord | undefined;
  /**
   * Merges the changes into the stored record (a shallow merge; the id stays). Returns the
   * merged record, or undefined when there is no such record or `accept` refused the result.
   */
  patch(collection: string, id: ResourceId, changes: ResourceRecord, options?: WriteOptions): ResourceRecord | undefined;
  /** Removes the record; returns it, or undefined when there was none. */
  delete(collection: string, id: ResourceId): ResourceRecord | undefined;
  /** Removes every record of one collection, or of all of them. */
  clear(collection?: string): void;
}

export interface MemoryStoreOptions {
  /** Records kept per collection before the least recently written are evicted; default 10,000. */
  readonly maxRecordsPerCollection?: number;
  /** JSON text (in UTF-16 units) kept per collection before eviction; default 64 Mi. */
  readonly maxBytesPerCollection?: number;
  /** Collections kept before the least recently written is dropped whole; default 1,000. */
  readonly maxCollections?: number;
}

export const DEFAULT_MAX_RECORDS_PER_COLLECTION = 10_000;
const DEFAULT_MAX_BYTES_PER_COLLECTION = 64 * 1024 * 1024;
const DEFAULT_MAX_COLLECTIONS = 1_000;

interface Entry {
  readonly record: ResourceRecord;
  readonly size: number;
}

interface Collection {
  /** Keyed by the id as text; insertion order is write order (a write re-inserts). */
  readonly entries: Map<string, Entry>;
  bytes: number;
  /** The largest integer id made or seen, for the next `integer`/`string` id. */
  counter: number;
}

export function createMemoryStore(options: MemoryStoreOptions = {}): ResourceStore {
  const maxRecords = positiveLimit(options.maxRecordsPerCollection, DEFAULT_MAX_RECORDS_PER_COLLECTION, 'maxRecordsPerCollection');
  const maxBytes = positiveLimit(options.maxBytesPerCollection, DEFAULT_MAX_BYTES_PER_COLLECTION, 'maxBytesPerCollection');
  const maxCollections = positiveLimit(options.maxCollections, DEFAULT_MAX_COLLECTIONS, 'maxCollections');
  const collections = new Map<string, Collection>();

  const existing = (name: string): Collection | undefined => collections.get(name);
  const writable = (name: string): Collection => {
    let collection = collections.get(name);
    if (collection) collections.delete(name);
    else collection = { entries: new Map(), bytes: 0, counter: 0 };
    // Re-inserted: the Map's order is then the order of last writes, for dropping whole collections.
    collections.set(name, collection);
    while (collections.size > maxCollections) collections.delete(collections.keys().next().value as string);
    return collection;
  };

  /** Writes a finished record under its key, evicting the oldest writes beyond the limits. */
  const write = (collection: Collection, key: string, record: ResourceRecord): ResourceRecord => {
    const stored = copy(record);
    const previous = collection.entries.get(key);
    if (previous) {
      collection.entries.delete(key);
      collection.bytes -= previous.size;
    }
    const size = sizeOf(stored);
    collection.entries.set(key, { record: stored, size });
    collection.bytes += size;
    noteIntegerId(collection, key);
    for (const [oldest, entry] of collection.entries) {
      if (collection.entries.size <= maxRecords && collection.bytes <= maxBytes) break;
      // The record just written stays even when it alone is over the byte limit.
      if (oldest === key) continue;
      collection.entries.delete(oldest);
      collection.bytes -= entry.size;
    }
    return copy(stored);
  };

  const store: ResourceStore = {
    create(name, record, createOptions = {}) {
      const idProperty = createOptions.idProperty ?? 'id';
      const collection = existing(name);
      const own = Object.hasOwn(record, idProperty) ? record[idProperty] : undefined;
      const id = isId(own) ? own : newId(createOptions.idKind ?? 'integer', collection?.counter ?? 0);
      const candidate = compose(createOptions.defaults, record, idProperty, id, createOptions.omit);
      if (createOptions.accept && !createOptions.accept(copy(candidate))) return undefined;
      return write(writable(name), String(id), candidate);
    },
    list(name) {
      return [...(existing(name)?.entries.values() ?? [])].map((entry) => copy(entry.record));
    },
    get(name, id) {
      const entry = existing(name)?.entries.get(String(id));
      return entry ? copy(entry.record) : undefined;
    },
    put(name, id, record, writeOptions = {}) {
      const candidate = compose(writeOptions.defaults, record, writeOptions.idProperty ?? 'id', id, writeOptions.omit);
      if (writeOptions.accept && !writeOptions.accept(copy(candidate))) return undefined;
      return write(writable(name), String(id), candidate);
    },
    patch(name, id, changes, writeOptions = {}) {
      const entry = existing(name)?.entries.get(String(id));
      if (!entry) return undefined;
      const idProperty = writeOptions.idProperty ?? 'id';
      const merged = compose(writeOptions.defaults, assign(assign(Object.create(null) as Record<string, unknown>, entry.record), changes), idProperty, id, writeOptions.omit);
      // The stored id stays whatever the changes say (it is the record's key).
      if (Object.hasOwn(entry.record, idProperty)) defineOwn(merged, idProperty, entry.record[idProperty]);
      if (writeOptions.accept && !writeOptions.accept(copy(merged))) return undefined;
      return write(writable(name), String(id), merged);
    },
    delete(name, id) {
      const collection = existing(name);
      const key = String(id);
      const entry = collection?.entries.get(key);
      if (!collection || !entry) return undefined;
      collection.entries.delete(key);
      collection.bytes -= entry.size;
      return copy(entry.record);
    },
    clear(name) {
      if (name === undefined) collections.clear();
      else collections.delete(name);
    },
  };
  memoryStores.add(store);
  return store;
}

/** Stores made by createMemoryStore, so memoryStoreOf can tell one from a look-alike. */
const memoryStores = new WeakSet<ResourceStore>();

/**
 * The in-memory store among an app's services: `services.store` when createMemoryStore made it
 * (DefaultServices, or a project's services that include one), else undefined. The offline
 * handlers keep state only then: a project's own services have a shape they cannot know.
 */
export function memoryStoreOf(services: unknown): ResourceStore | undefined {
  if (services === null || typeof services !== 'object' || !Object.hasOwn(services, 'store')) return undefined;
  const store = (services as { readonly store: unknown }).store;
  return typeof store === 'object' && store !== null && memoryStores.has(store as ResourceStore) ? (store as ResourceStore) : undefined;
}

/** A copy of a record with one property set (defined, so a name like `__proto__` is data too). */
export function recordWith(record: ResourceRecord, name: string, value: unknown): ResourceRecord {
  const out = assign(Object.create(null) as Record<string, unknown>, record);
  defineOwn(out, name, value);
  return copy(out);
}

/** Whether a value can be stored as a record: a plain object (not an array, Blob or Date). */
export function isResourceRecord(value: unknown): value is ResourceRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function isId(value: unknown): value is ResourceId {
  return (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value));
}

function newId(kind: IdKind, counter: number): ResourceId {
  if (kind === 'uuid') return globalThis.crypto.randomUUID();
  return kind === 'integer' ? counter + 1 : String(counter + 1);
}

/** Keeps the counter past every integer id stored, so a made id never replaces a record. */
function noteIntegerId(collection: Collection, key: string): void {
  if (!/^[1-9]\d{0,15}$/.test(key)) return;
  const value = Number(key);
  if (Number.isSafeInteger(value) && value > collection.counter) collection.counter = value;
}

/** defaults, then the record, then the id: each an own property, whatever its name; then the omitted ones removed. */
function compose(
  defaults: ResourceRecord | undefined,
  record: ResourceRecord,
  idProperty: string,
  id: ResourceId,
  omit: readonly string[] = [],
): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  if (defaults) assign(out, defaults);
  assign(out, record);
  for (const name of omit) delete out[name];
  defineOwn(out, idProperty, id);
  return out;
}

function assign(target: Record<string, unknown>, source: ResourceRecord): Record<string, unknown> {
  for (const key of Object.keys(source)) defineOwn(target, key, source[key]);
  return target;
}

/** Not `target[key] = value`: for `__proto__` that would set the prototype instead. */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A deep copy with Object.prototype (structuredClone keeps `__proto__` as an own key). */
function copy(record: ResourceRecord): ResourceRecord {
  return structuredClone(record) as ResourceRecord;
}

function sizeOf(record: ResourceRecord): number {
  try {
    return JSON.stringify(record)?.length ?? 0;
  } catch {
    // Not JSON (a BigInt): counted by its keys only; such records come from code, not requests.
    return Object.keys(record).length;
  }
}

function positiveLimit(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(value > 0)) throw new RangeError(`createMemoryStore: ${name} must be a positive number, got ${String(value)}`);
  return value;
}

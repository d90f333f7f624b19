import { createMemoryStore, isResourceRecord, memoryStoreOf, recordWith } from './resource-store';

describe('createMemoryStore', () => {
  it('creates records with counted integer ids, lists, reads, replaces, merges and deletes them', () => {
    const store = createMemoryStore();
    const rex = store.create('pets', { name: 'Rex' });
    const tom = store.create('pets', { name: 'Tom', tag: 'cat' });
    expect([rex, tom]).toEqual([{ name: 'Rex', id: 1 }, { name: 'Tom', tag: 'cat', id: 2 }]);
    expect(store.list('pets')).toEqual([rex, tom]);
    // A path parameter may arrive as text or as a number: the same id.
    expect(store.get('pets', '1')).toEqual(rex);
    expect(store.get('pets', 2)).toEqual(tom);

    expect(store.put('pets', 1, { name: 'Rex II' })).toEqual({ name: 'Rex II', id: 1 });
    expect(store.patch('pets', 2, { tag: null, id: 99 })).toEqual({ name: 'Tom', tag: null, id: 2 });
    expect(store.get('pets', 2)).toEqual({ name: 'Tom', tag: null, id: 2 });

    expect(store.delete('pets', 1)).toEqual({ name: 'Rex II', id: 1 });
    expect(store.get('pets', 1)).toBeUndefined();
    expect(store.delete('pets', 1)).toBeUndefined();
    expect(store.patch('pets', 1, { name: 'x' })).toBeUndefined();
    expect(store.list('pets')).toEqual([{ name: 'Tom', tag: null, id: 2 }]);
    expect(store.list('owners')).toEqual([]);
  });

  it('keeps an id the record brings, never hands out an id already stored, and uses the id property asked for', () => {
    const store = createMemoryStore();
    expect(store.create('pets', { petId: 7, name: 'Rex' }, { idProperty: 'petId' })).toEqual({ petId: 7, name: 'Rex' });
    expect(store.create('pets', { name: 'Tom' }, { idProperty: 'petId' })).toEqual({ name: 'Tom', petId: 8 });
    expect(store.create('tags', { name: 'a' }, { idKind: 'string' })).toEqual({ name: 'a', id: '1' });
    const made = store.create('users', { name: 'a' }, { idKind: 'uuid' });
    expect(made?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // An id that is not a string or a number is replaced by a made one.
    expect(store.create('pets', { petId: { nested: true }, name: 'Odd' }, { idProperty: 'petId' })).toEqual({ petId: 9, name: 'Odd' });
  });

  it('fills missing properties from defaults, and stores nothing that `accept` refuses', () => {
    const store = createMemoryStore();
    const named = (record: Record<string, unknown>) => typeof record.name === 'string';
    expect(store.create('pets', { name: 'Rex' }, { defaults: { status: 'available', name: 'sample' }, accept: named })).toEqual({
      status: 'available',
      name: 'Rex',
      id: 1,
    });
    expect(store.create('pets', { tag: 'cat' }, { accept: named })).toBeUndefined();
    expect(store.put('pets', 1, { tag: 'dog' }, { accept: named })).toBeUndefined();
    expect(store.patch('pets', 1, { name: 3 }, { accept: named })).toBeUndefined();
    expect(store.list('pets')).toEqual([{ status: 'available', name: 'Rex', id: 1 }]);
  });

  it('treats ids, collection names and property names like __proto__ as data', () => {
    const store = createMemoryStore();
    const body = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "x"}') as Record<string, unknown>;
    const stored = store.create('__proto__', body, { idProperty: '__proto__' });
    expect(stored).toBeDefined();
    // The body's own __proto__ value is an id only if it is a string or number: here one is made.
    expect(Object.getOwnPropertyDescriptor(stored, '__proto__')?.value).toBe(1);
    expect(store.put('constructor', '__proto__', { name: 'proto' })).toEqual({ name: 'proto', id: '__proto__' });
    expect(store.get('constructor', '__proto__')).toEqual({ name: 'proto', id: '__proto__' });
    expect(store.get('constructor', 'toString')).toBeUndefined();
    expect(store.get('hasOwnProperty', 'constructor')).toBeUndefined();
    const withProto = store.patch('constructor', '__proto__', JSON.parse('{"__proto__": 5}') as Record<string, unknown>);
    expect(Object.keys(withProto ?? {})).toEqual(['name', 'id', '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('hands out copies: changing a returned or given record does not change the store', () => {
    const store = createMemoryStore();
    const given = { name: 'Rex', tags: ['a'] };
    const created = store.create('pets', given) as { tags: string[] };
    given.tags.push('b');
    created.tags.push('c');
    (store.list('pets')[0] as { tags: string[] }).tags.push('d');
    expect(store.get('pets', 1)).toEqual({ name: 'Rex', tags: ['a'], id: 1 });
  });

  it('is bounded: the least recently written records are evicted past the record or size limit', () => {
    const store = createMemoryStore({ maxRecordsPerCollection: 3 });
    for (const name of ['a', 'b', 'c']) store.create('pets', { name });
    store.patch('pets', 1, { name: 'a2' });
    store.create('pets', { name: 'd' });
    expect(store.list('pets').map((pet) => pet.name)).toEqual(['c', 'a2', 'd']);
    // Ids keep counting: an evicted record's id is not handed out again.
    expect(store.create('pets', { name: 'e' })?.id).toBe(5);

    const small = createMemoryStore({ maxBytesPerCollection: 100 });
    for (let i = 0; i < 10; i++) small.create('notes', { text: 'x'.repeat(30) });
    expect(small.list('notes').map((note) => note.id)).toEqual([9, 10]);
    // A record larger than the limit by itself is kept (alone).
    small.create('notes', { text: 'y'.repeat(500) });
    expect(small.list('notes').map((note) => note.id)).toEqual([11]);

    const few = createMemoryStore({ maxCollections: 2 });
    few.create('a', {});
    few.create('b', {});
    few.create('a', {});
    few.create('c', {});
    expect([few.list('a').length, few.list('b').length, few.list('c').length]).toEqual([2, 0, 1]);
  });

  it('holds 10,000 records per collection by default', () => {
    const store = createMemoryStore();
    for (let i = 0; i < 10_001; i++) store.create('pets', { n: i });
    const pets = store.list('pets');
    expect(pets).toHaveLength(10_000);
    expect(pets[0]).toEqual({ n: 1, id: 2 });
  });

  it('clears one collection or all', () => {
    const store = createMemoryStore();
    store.create('pets', {});
    store.create('owners', {});
    store.clear('pets');
    expect([store.list('pets').length, store.list('owners').length]).toEqual([0, 1]);
    store.clear();
    expect(store.list('owners')).toEqual([]);
  });

  it('refuses limits that are not positive numbers', () => {
    expect(() => createMemoryStore({ maxRecordsPerCollection: 0 })).toThrow(/maxRecordsPerCollection must be a positive number/);
    expect(() => createMemoryStore({ maxBytesPerCollection: Number.NaN })).toThrow(RangeError);
  });
});

describe('isResourceRecord', () => {
  it('accepts plain and null-prototype objects only', () => {
    expect(isResourceRecord({ a: 1 })).toBe(true);
    expect(isResourceRecord(Object.create(null))).toBe(true);
    for (const value of [null, undefined, 'x', 3, [], new Date(), new Uint8Array(1), new Blob([])]) expect(isResourceRecord(value)).toBe(false);
  });
});

describe('omit', () => {
  it('never stores the omitted properties (writeOnly ones), whatever the write', () => {
    const store = createMemoryStore();
    const omit = ['password'];
    expect(store.create('users', { name: 'a', password: 'secret' }, { omit })).toEqual({ name: 'a', id: 1 });
    expect(store.put('users', 1, { name: 'b', password: 'secret' }, { omit })).toEqual({ name: 'b', id: 1 });
    expect(store.patch('users', 1, { password: 'secret' }, { omit })).toEqual({ name: 'b', id: 1 });
    // The id is never omitted.
    expect(store.create('users', { name: 'c' }, { omit: ['id'] })).toEqual({ name: 'c', id: 2 });
  });
});

describe('memoryStoreOf', () => {
  it('finds a store createMemoryStore made, and nothing else', () => {
    const store = createMemoryStore();
    expect(memoryStoreOf({ store })).toBe(store);
    expect(memoryStoreOf({ store, db: {} })).toBe(store);
    const lookAlike = { ...store };
    for (const services of [undefined, null, 'x', {}, { store: lookAlike }, { store: null }, Object.create({ store })]) {
      expect(memoryStoreOf(services)).toBeUndefined();
    }
  });
});

describe('recordWith', () => {
  it('copies a record with one property set, __proto__ as data', () => {
    const page = { total: 1, items: [] };
    expect(recordWith(page, 'items', [{ id: 1 }])).toEqual({ total: 1, items: [{ id: 1 }] });
    expect(page.items).toEqual([]);
    expect(Object.keys(recordWith({}, '__proto__', [1]))).toEqual(['__proto__']);
  });
});

/**
 * Behaviour of validArbitrary beyond "values validate" (which schema-table.spec.ts covers):
 * variety, bounds on size, shrinking, determinism, recursion depth, discriminators, direction,
 * and errors for schemas nothing satisfies.
 */
import * as fc from 'fast-check';
import type { JsonSchema } from '../model/types';
import { ref, registryFor } from './__fixtures__/registry';
import { SchemaArbitraryError, validArbitrary } from './index';

const registry = registryFor('2020-12');
const sample = (schema: JsonSchema, numRuns = 200, options: { maxDepth?: number; direction?: 'request' | 'response' } = {}): unknown[] =>
  fc.sample(validArbitrary(schema, { registry, ...options }), { seed: 99, numRuns });

describe('variety', () => {
  it('produces every enum value and both oneOf branches', () => {
    expect(new Set(sample({ enum: ['a', 'b', 1, null] }))).toEqual(new Set(['a', 'b', 1, null]));
    const overlapping = sample({ oneOf: [{ type: 'integer', minimum: 0 }, { type: 'integer', maximum: 10 }] }) as number[];
    expect(overlapping.some((n) => n > 10)).toBe(true);
    expect(overlapping.some((n) => n < 0)).toBe(true);
  });

  it('sends optional properties sometimes, required ones always', () => {
    const values = sample({ type: 'object', required: ['id'], properties: { id: { type: 'integer' }, note: { type: 'string' } } }) as Record<string, unknown>[];
    expect(values.every((v) => typeof v.id === 'number')).toBe(true);
    const withNote = values.filter((v) => 'note' in v).length;
    expect(withNote).toBeGreaterThan(100);
    expect(withNote).toBeLessThan(195);
  });

  it('generates fractions for numbers and decimals of the multipleOf', () => {
    expect((sample({ type: 'number' }) as number[]).some((n) => !Number.isInteger(n))).toBe(true);
    const money = sample({ type: 'number', multipleOf: 0.01, minimum: 0, maximum: 100 }) as number[];
    expect(money.every((n) => /^\d+(\.\d{1,2})?$/.test(String(n)))).toBe(true);
    expect(money.some((n) => !Number.isInteger(n))).toBe(true);
  });

  it('adds entries to maps and keys matching patternProperties', () => {
    const maps = sample({ type: 'object', additionalProperties: { type: 'integer' } }) as object[];
    expect(maps.some((m) => Object.keys(m).length > 0)).toBe(true);
    const patterned = sample({ type: 'object', patternProperties: { '^x-[a-z]+$': { type: 'boolean' } }, additionalProperties: false }) as object[];
    const keys = patterned.flatMap((m) => Object.keys(m));
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => /^x-[a-z]+$/.test(k))).toBe(true);
  });
});

describe('size', () => {
  it('keeps strings and arrays small unless the schema asks for more', () => {
    expect(Math.max(...(sample({ type: 'string' }) as string[]).map((s) => [...s].length))).toBeLessThanOrEqual(20);
    expect(Math.min(...(sample({ type: 'string', minLength: 30 }) as string[]).map((s) => [...s].length))).toBe(30);
    expect(Math.max(...(sample({ type: 'array' }) as unknown[][]).map((a) => a.length))).toBeLessThanOrEqual(5);
    expect(Math.min(...(sample({ type: 'array', minItems: 8 }) as unknown[][]).map((a) => a.length))).toBe(8);
  });

  it('does not invent properties where additionalProperties is absent', () => {
    const values = sample({ type: 'object', properties: { a: { type: 'string' } } }) as object[];
    expect(values.flatMap((v) => Object.keys(v)).filter((k) => k !== 'a')).toEqual([]);
  });
});

describe('shrinking and replay', () => {
  it('shrinks towards small values through filters and combinators', () => {
    const schema = { type: 'array', items: { oneOf: [{ type: 'integer', minimum: 0 }, { type: 'integer', maximum: 10 }] }, uniqueItems: true };
    const result = fc.check(
      fc.property(validArbitrary(schema, { registry }), (value) => (value as unknown[]).length < 3),
      { seed: 5, numRuns: 500 },
    );
    expect(result.failed).toBe(true);
    const [counterexample] = result.counterexample as [number[]];
    expect(counterexample).toHaveLength(3);
  });

  it('shrinks an object to its required properties', () => {
    const schema = ref('Pet');
    const result = fc.check(
      fc.property(validArbitrary(schema, { registry }), (value) => (value as { name: string }).name.length < 5),
      { seed: 5, numRuns: 500 },
    );
    expect(result.failed).toBe(true);
    const [counterexample] = result.counterexample as [Record<string, unknown>];
    expect(Object.keys(counterexample).sort()).toEqual(['id', 'name']);
    expect(counterexample.name).toHaveLength(5);
  });

  it('generates the same values for the same seed', () => {
    for (const schema of [ref('Animal'), ref('Tree'), { type: 'integer', not: { multipleOf: 3 } }]) {
      expect(sample(schema, 30)).toEqual(sample(schema, 30));
    }
  });
});

describe('recursion', () => {
  const depth = (value: unknown): number =>
    Array.isArray(value)
      ? Math.max(0, ...value.map(depth))
      : typeof value === 'object' && value !== null
        ? 1 + Math.max(0, ...Object.values(value).map(depth))
        : 0;

  it('bounds recursive refs by maxDepth', () => {
    for (const maxDepth of [0, 2, 4]) {
      const trees = sample(ref('Tree'), 200, { maxDepth });
      expect(Math.max(...trees.map(depth))).toBeLessThanOrEqual(maxDepth + 1);
    }
    expect(Math.max(...sample(ref('Tree'), 200, { maxDepth: 4 }).map(depth))).toBeGreaterThan(3);
  });

  it('ends required recursion through the non-recursive branch', () => {
    const lists = sample(ref('LinkedList'), 100, { maxDepth: 1 });
    expect(Math.max(...lists.map(depth))).toBeLessThanOrEqual(6);
    const alphas = sample(ref('Alpha'), 100, { maxDepth: 1 });
    expect(alphas.length).toBe(100);
  });
});

describe('OpenAPI specifics', () => {
  it('names the branch in the discriminator property', () => {
    const animals = sample(ref('Animal')) as Record<string, unknown>[];
    expect(animals.filter((a) => a.petType === 'cat').every((a) => typeof a.lives === 'number' && !('bark' in a))).toBe(true);
    expect(animals.filter((a) => a.petType === 'dog').every((a) => typeof a.bark === 'string')).toBe(true);
    expect(new Set(animals.map((a) => a.petType))).toEqual(new Set(['cat', 'dog']));
  });

  it('keeps a required readOnly property in requests (validity first)', () => {
    const schema = { type: 'object', required: ['id'], properties: { id: { type: 'integer', readOnly: true }, secret: { type: 'string', readOnly: true } } };
    const values = sample(schema, 100, { direction: 'request' }) as Record<string, unknown>[];
    expect(values.every((v) => 'id' in v && !('secret' in v))).toBe(true);
  });
});

describe('unsatisfiable schemas', () => {
  it.each<[string, JsonSchema]>([
    ['false', false],
    ['contradictory lengths', { type: 'string', minLength: 5, maxLength: 2 }],
    ['contradictory types', { allOf: [{ type: 'string' }, { type: 'integer' }] }],
    ['empty range', { type: 'integer', exclusiveMinimum: 1, exclusiveMaximum: 2 }],
    ['enum outside type', { type: 'integer', enum: ['a', 'b'] }],
    ['required but forbidden', { type: 'object', required: ['a'], additionalProperties: false }],
    ['oneOf of identical branches', { oneOf: [{ type: 'string' }, { type: 'string' }] }],
    ['too few unique values', { type: 'array', uniqueItems: true, minItems: 3, items: { type: 'boolean' } }],
  ])('%s → UNSATISFIABLE_SCHEMA', (_name, schema) => {
    let error: unknown;
    try {
      validArbitrary(schema, { registry });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SchemaArbitraryError);
    expect((error as SchemaArbitraryError).code).toBe('UNSATISFIABLE_SCHEMA');
  });
});

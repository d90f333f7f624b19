/**
 * The coverage phase: which boundary values come out, with which descriptions (validity of all
 * of them is held to account in schema-table.spec.ts and realistic.spec.ts).
 */
import type { JsonSchema } from '../model/types';
import { ref, registryFor } from './__fixtures__/registry';
import { coverageValues, type CoverageValue } from './index';

const registry = registryFor('2020-12');
const coverage = (schema: JsonSchema): CoverageValue[] => coverageValues(schema, { registry });
const byDescription = (values: CoverageValue[]): Record<string, unknown> => Object.fromEntries(values.map((c) => [c.description, c.value]));

describe('coverageValues', () => {
  it('reaches both length bounds of a string', () => {
    const values = byDescription(coverage({ type: 'string', minLength: 2, maxLength: 64 }));
    expect(values['minLength (2)']).toHaveLength(2);
    expect(values['maxLength (64)']).toHaveLength(64);
  });

  it('reaches numeric bounds, just inside exclusive ones', () => {
    expect(byDescription(coverage({ type: 'integer', minimum: 1, maximum: 10 }))).toMatchObject({ 'minimum (1)': 1, 'maximum (10)': 10 });
    const integers = coverage({ type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 10 }).map((c) => c.value);
    expect(integers).toEqual(expect.arrayContaining([1, 9]));
    const numbers = coverage({ type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }).map((c) => c.value as number);
    expect(Math.min(...numbers)).toBe(Number.MIN_VALUE);
    expect(Math.max(...numbers)).toBe(1 - Number.EPSILON / 2);
    expect(byDescription(coverage({ type: 'number', multipleOf: 0.25, minimum: 0.1, maximum: 1.9 }))).toMatchObject({ 'minimum (0.25)': 0.25, 'maximum (1.75)': 1.75 });
    // 3 × 0.1 is 0.30000000000000004 in floating point, above the maximum: the bound itself is reached.
    expect(byDescription(coverage({ type: 'number', multipleOf: 0.1, minimum: 0.1, maximum: 0.3 }))).toMatchObject({ 'minimum (0.1)': 0.1, 'maximum (0.3)': 0.3 });
    expect(byDescription(coverage({ type: 'number', multipleOf: 0.01, maximum: 1000.07 }))).toMatchObject({ 'maximum (1000.07)': 1000.07 });
  });

  it('lists each enum value, the const, and null for nullable', () => {
    expect(coverage({ enum: ['a', 'b', 3] }).map((c) => c.value)).toEqual(['a', 'b', 3]);
    expect(coverage({ const: 'only' })).toEqual([{ value: 'only', description: 'const' }]);
    expect(coverage({ type: ['string', 'null'] }).map((c) => c.value)).toContain(null);
  });

  it('reaches minItems and maxItems, with distinct items under uniqueItems', () => {
    const values = byDescription(coverage({ type: 'array', items: { type: 'integer', minimum: 0, maximum: 9 }, minItems: 2, maxItems: 6, uniqueItems: true }));
    expect(values['minItems (2)']).toHaveLength(2);
    expect(values['maxItems (6)']).toHaveLength(6);
    expect(new Set(values['maxItems (6)'] as number[]).size).toBe(6);
  });

  it('builds the required-only and the full object, and varies each property', () => {
    const values = coverage(ref('Pet'));
    const described = byDescription(values);
    expect(Object.keys(described['only required properties'] as object).sort()).toEqual(['id', 'name']);
    expect(Object.keys(described['all properties'] as object).sort()).toEqual(['category', 'id', 'name', 'tag']);
    expect(described['name: maxLength (32)']).toMatchObject({ name: 'abcdefghijklmnopqrstuvwxyzabcdef' });
    expect(described['tag: null']).toMatchObject({ tag: null });
  });

  it('takes each branch of a oneOf, labelled', () => {
    const descriptions = coverage({ oneOf: [{ type: 'string', maxLength: 3 }, { type: 'integer' }, { type: 'boolean' }] }).map((c) => c.description);
    for (const branch of ['oneOf[0]', 'oneOf[1]', 'oneOf[2]']) expect(descriptions.some((d) => d.startsWith(branch))).toBe(true);
  });

  it('uses valid examples and ignores invalid ones', () => {
    const values = coverage({ type: 'string', format: 'email', examples: ['pat@example.org', 'not an email'] });
    expect(values[0]).toEqual({ value: 'pat@example.org', description: 'example' });
    expect(values.map((c) => c.value)).not.toContain('not an email');
  });

  it('stays within 32 values and is deterministic', () => {
    const properties = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`p${i}`, { type: 'string', minLength: 1, maxLength: 10 + i, enum: undefined }]),
    );
    const schema = { type: 'object', properties };
    const values = coverage(schema);
    expect(values).toHaveLength(32);
    expect(coverage(schema)).toEqual(values);
  });
});

/**
 * The negative phase: which mutations come out, where they point, and that a mutation the rest
 * of the schema undoes is never offered (invalidity of all values is held to account in
 * schema-table.spec.ts, realistic.spec.ts and fuzz.spec.ts).
 */
import * as fc from 'fast-check';
import type { JsonSchema } from '../model/types';
import { registryFor } from './__fixtures__/registry';
import { createSchemaValidator, negativeArbitrary, negativeCoverageValues, type NegativeValue } from './index';
import { parsePointer } from './resolve-ref';

const registry = registryFor('2020-12');
const validator = createSchemaValidator(registry);
const negatives = (schema: JsonSchema): NegativeValue[] => negativeCoverageValues(schema, { registry });

const ORDER: JsonSchema = {
  type: 'object',
  required: ['id', 'email', 'items'],
  additionalProperties: false,
  properties: {
    id: { type: 'integer', minimum: 1, maximum: 1000 },
    email: { type: 'string', format: 'email' },
    code: { type: 'string', pattern: '^[A-Z]{3}$', minLength: 3, maxLength: 3 },
    status: { enum: ['new', 'paid'] },
    version: { const: 2 },
    price: { type: 'number', multipleOf: 0.01, exclusiveMinimum: 0 },
    items: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3, uniqueItems: true },
  },
};

function at(value: unknown, pointer: string): unknown {
  let current = value;
  for (const token of parsePointer(pointer)) current = (current as Record<string, unknown> | undefined)?.[token];
  return current;
}

describe('negativeCoverageValues', () => {
  const values = negatives(ORDER);
  const mutations = values.map((v) => `${v.pointer} ${v.mutation}`);

  it('offers one value per applicable mutation kind', () => {
    for (const expected of [
      ' wrong type: ',
      '/id missing required property "id"',
      '/email missing required property "email"',
      ' unexpected property ',
      '/id below minimum (1)',
      '/id above maximum (1000)',
      '/email invalid email format',
      '/code shorter than minLength (3)',
      '/code longer than maxLength (3)',
      '/code does not match pattern "^[A-Z]{3}$"',
      '/status not one of enum ["new","paid"]',
      '/version not the const value 2',
      '/price equal to exclusiveMinimum (0)',
      '/price not a multiple of 0.01',
      '/items fewer items than minItems (1)',
      '/items more items than maxItems (3)',
      '/items duplicate items despite uniqueItems',
    ]) {
      expect(mutations.filter((m) => m.includes(expected))).not.toEqual([]);
    }
  });

  it('points at the mutated location, where ajv finds the (first) problem', () => {
    for (const { value, pointer, mutation } of values) {
      const [error] = validator.errors(ORDER, value);
      const parent = pointer.slice(0, pointer.lastIndexOf('/')) || '/';
      if (/^(missing|unexpected)/.test(mutation)) expect(error?.startsWith(`${parent} `)).toBe(true);
      else {
        expect(at(value, pointer)).not.toBeUndefined();
        expect(error?.startsWith(pointer || '/')).toBe(true);
      }
    }
  });

  it('is deterministic', () => {
    expect(negatives(ORDER)).toEqual(values);
  });
});

describe('negativeArbitrary', () => {
  it('is undefined when everything is valid', () => {
    expect(negativeArbitrary({}, { registry })).toBeUndefined();
    expect(negativeArbitrary(true, { registry })).toBeUndefined();
    expect(negativeCoverageValues({ not: { type: 'string' }, anyOf: [true] }, { registry }).every((n) => typeof n.value === 'string')).toBe(true);
  });

  it('drops mutations that another branch undoes', () => {
    const schema = { anyOf: [{ type: 'string', maxLength: 2 }, { type: 'string' }] };
    const arbitrary = negativeArbitrary(schema, { registry });
    expect(arbitrary).toBeDefined();
    const sampled = fc.sample(arbitrary as fc.Arbitrary<NegativeValue>, { seed: 3, numRuns: 100 });
    expect(sampled.every((n) => n.mutation.startsWith('wrong type') && typeof n.value !== 'string')).toBe(true);
  });

  it('mutates inside nested properties and array items', () => {
    const schema = { type: 'object', properties: { tags: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer', maximum: 3 } } } } } };
    const pointers = negatives(schema).map((n) => n.pointer);
    expect(pointers.some((p) => /^\/tags\/\d+\/n$/.test(p))).toBe(true);
  });

  it('treats the false schema as rejecting everything', () => {
    const arbitrary = negativeArbitrary(false, { registry });
    expect(fc.sample(arbitrary as fc.Arbitrary<NegativeValue>, { seed: 1, numRuns: 5 }).map((n) => n.mutation)).toEqual(Array(5).fill('schema accepts no value'));
  });
});

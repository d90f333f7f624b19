/**
 * Every generator against ajv, for every entry of the table, in each dialect it is valid in:
 * valid values validate, coverage values validate, negative values do not.
 */
import * as fc from 'fast-check';
import type { Dialect } from '../model/types';
import { registryFor } from './__fixtures__/registry';
import { TABLE } from './__fixtures__/schema-table';
import { coverageValues, createSchemaValidator, negativeArbitrary, negativeCoverageValues } from './index';
import { constructiveArbitrary } from './valid-arbitrary';

const SEED = 20240531;
const registries = { 'draft-07': registryFor('draft-07'), '2020-12': registryFor('2020-12') } as const;
const cases = TABLE.flatMap((entry) => entry.dialects.map((dialect) => [`${dialect} ${entry.name}`, entry, dialect] as const));

describe.each(cases)('%s', (_name, entry, dialect: Dialect) => {
  const registry = registries[dialect];
  const validator = createSchemaValidator(registry);
  const options = { registry };
  const explain = (value: unknown): string => `${JSON.stringify(value)} → ${validator.errors(entry.schema, value).join('; ')}`;

  it('generates only valid values', () => {
    const arbitrary = constructiveArbitrary(entry.schema, options);
    expect(arbitrary).not.toBeNull();
    fc.assert(
      fc.property(arbitrary as fc.Arbitrary<unknown>, (value) => {
        if (!validator.validate(entry.schema, value)) throw new Error(`invalid: ${explain(value)}`);
      }),
      { numRuns: 200, seed: SEED },
    );
  });

  it('gives valid coverage values', () => {
    const values = coverageValues(entry.schema, options);
    expect(values.length).toBeGreaterThan(0);
    expect(values.length).toBeLessThanOrEqual(32);
    for (const { value, description } of values) {
      if (!validator.validate(entry.schema, value)) throw new Error(`coverage "${description}" invalid: ${explain(value)}`);
    }
  });

  it('gives only invalid negative values', () => {
    const arbitrary = negativeArbitrary(entry.schema, options);
    const coverage = negativeCoverageValues(entry.schema, options);
    if (!arbitrary) {
      expect(coverage).toEqual([]);
      return;
    }
    fc.assert(
      fc.property(arbitrary, ({ value, mutation }) => {
        if (validator.validate(entry.schema, value)) throw new Error(`"${mutation}" is valid: ${JSON.stringify(value)}`);
      }),
      { numRuns: 200, seed: SEED },
    );
    expect(coverage.length).toBeGreaterThan(0);
    for (const { value, mutation } of coverage) {
      if (validator.validate(entry.schema, value)) throw new Error(`negative coverage "${mutation}" is valid: ${JSON.stringify(value)}`);
    }
  });
});

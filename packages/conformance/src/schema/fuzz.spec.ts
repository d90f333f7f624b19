/**
 * The generators fuzzed with random schemas (every keyword family, nested, often contradictory):
 * whatever the schema, a valid value must validate, a coverage value must validate and a
 * negative value must not. A schema nothing can satisfy must yield no arbitrary, not a wrong one.
 */
import * as fc from 'fast-check';
import type { Dialect, JsonSchema } from '../model/types';
import { randomSchema } from './__fixtures__/random-schema';
import { coverageValues, createSchemaValidator, negativeArbitrary, negativeCoverageValues } from './index';
import { constructiveArbitrary } from './valid-arbitrary';

describe.each(['draft-07', '2020-12'] as Dialect[])('random %s schemas', (dialect) => {
  const registry = { dialect, documents: {} };
  const validator = createSchemaValidator(registry);
  const options = { registry };
  const fail = (what: string, schema: JsonSchema, value: unknown, detail = ''): never => {
    throw new Error(`${what}\nschema: ${JSON.stringify(schema)}\nvalue: ${JSON.stringify(value)} ${detail}`);
  };

  it('never produce a value on the wrong side of ajv', () => {
    let generated = 0;
    fc.assert(
      fc.property(randomSchema(dialect), (schema) => {
        const arbitrary = constructiveArbitrary(schema, options);
        if (arbitrary) {
          generated++;
          for (const value of fc.sample(arbitrary, { seed: 7, numRuns: 20 })) {
            if (!validator.validate(schema, value)) fail('invalid valid value', schema, value, validator.errors(schema, value).join('; '));
          }
        }
        for (const { value, description } of coverageValues(schema, options)) {
          if (!validator.validate(schema, value)) fail(`invalid coverage value (${description})`, schema, value);
        }
        const negative = negativeArbitrary(schema, options);
        for (const { value, mutation } of negative ? fc.sample(negative, { seed: 7, numRuns: 10 }) : []) {
          if (validator.validate(schema, value)) fail(`valid negative value (${mutation})`, schema, value);
        }
        for (const { value, mutation } of negativeCoverageValues(schema, options)) {
          if (validator.validate(schema, value)) fail(`valid negative coverage value (${mutation})`, schema, value);
        }
      }),
      { numRuns: 250, seed: 1234 },
    );
    // Most random schemas are satisfiable; the property must not pass by generating nothing.
    expect(generated).toBeGreaterThan(200);
  });
});

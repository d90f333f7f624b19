import * as fc from 'fast-check';
import type { Dialect } from '../model/types';
import { randomSchema } from './__fixtures__/random-schema';
import { coverageValues, createSchemaValidator, negativeArbitrary, negativeCoverageValues } from './index';
import { constructiveArbitrary } from './valid-arbitrary';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
for (const dialect of ['draft-07', '2020-12'] as Dialect[]) {
  it(`fuzz ${dialect}`, () => {
    const registry = { dialect, documents: {} };
    const validator = createSchemaValidator(registry);
    let nulls = 0;
    fc.assert(
      fc.property(randomSchema(dialect), (schema) => {
        const ctxText = JSON.stringify(schema);
        require('fs').writeFileSync(`/tmp/fuzz-current-${dialect}.json`, ctxText); const t0 = Date.now();
        const arbitrary = constructiveArbitrary(schema, { registry });
        if (!arbitrary) { nulls++; require('fs').appendFileSync(`/tmp/fuzz-null-${dialect}.txt`, ctxText + '\n'); return; }
        for (const value of fc.sample(arbitrary, { seed: 7, numRuns: 30 })) {
          if (!validator.validate(schema, value)) throw new Error(`valid gen: ${ctxText}\nvalue ${JSON.stringify(value)}\n${validator.errors(schema, value)}`);
        }
        for (const c of coverageValues(schema, { registry })) {
          if (!validator.validate(schema, c.value)) throw new Error(`coverage: ${ctxText}\n${c.description} ${JSON.stringify(c.value)}`);
        }
        const neg = negativeArbitrary(schema, { registry });
        if (neg) for (const n of fc.sample(neg, { seed: 7, numRuns: 20 })) {
          if (validator.validate(schema, n.value)) throw new Error(`negative: ${ctxText}\n${n.mutation} ${JSON.stringify(n.value)}`);
        }
        if (Date.now() - t0 > 1000) console.log('SLOW', Date.now() - t0, ctxText);
        for (const n of negativeCoverageValues(schema, { registry })) {
          if (validator.validate(schema, n.value)) throw new Error(`negcov: ${ctxText}\n${n.mutation} ${JSON.stringify(n.value)}`);
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 42) },
    );
    console.log(dialect, 'null arbitraries', nulls);
  });
}

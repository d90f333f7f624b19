/**
 * A realistic component set (pet store, customers, discriminated orders, recursion, raw 3.0
 * forms), in both directions and both dialects, as the engine uses the module.
 */
import * as fc from 'fast-check';
import type { Dialect } from '../model/types';
import { shopComponentNames, shopRegistry, SHOP_REQUEST, SHOP_RESPONSE } from './__fixtures__/shop';
import { coverageValues, createSchemaValidator, negativeArbitrary, negativeCoverageValues, validArbitrary } from './index';
import { constructiveArbitrary } from './valid-arbitrary';

const SEED = 4242;
// One registry per dialect, shared as the engine shares its model's (compiled schemas are cached per registry).
const REGISTRIES = { 'draft-07': shopRegistry('draft-07'), '2020-12': shopRegistry('2020-12') } as const;
const ORDER_READ_ONLY = ['id', 'createdAt'];
/** Component → readOnly properties it (or, for PetPage, its items) has. */
const READ_ONLY: Readonly<Record<string, string[]>> = {
  Pet: ['id'],
  NewPet: ['id'],
  PetPage: ['id'],
  Customer: ['id'],
  BaseOrder: ORDER_READ_ONLY,
  OnlineOrder: ORDER_READ_ONLY,
  StoreOrder: ORDER_READ_ONLY,
  Order: ORDER_READ_ONLY,
};
const WRITE_ONLY: Readonly<Record<string, string[]>> = { Customer: ['password'] };
type Direction = 'request' | 'response';

const cases = (['draft-07', '2020-12'] as Dialect[]).flatMap((dialect) =>
  (['request', 'response'] as Direction[]).flatMap((direction) =>
    shopComponentNames(dialect).map((name) => [`${dialect} ${direction} ${name}`, dialect, direction, name] as const),
  ),
);

describe.each(cases)('%s', (_title, dialect, direction, name) => {
  const registry = REGISTRIES[dialect];
  const validator = createSchemaValidator(registry);
  const uri = direction === 'request' ? SHOP_REQUEST : SHOP_RESPONSE;
  const schema = { $ref: `${uri}#/components/schemas/${name}` };
  const options = { registry, direction };
  const check = (value: unknown, what: string): void => {
    if (!validator.validate(schema, value)) throw new Error(`${what} ${JSON.stringify(value)}: ${validator.errors(schema, value).join('; ')}`);
  };

  it('valid values, coverage values and negatives agree with ajv', () => {
    const arbitrary = constructiveArbitrary(schema, options);
    expect(arbitrary).not.toBeNull();
    fc.assert(
      fc.property(arbitrary as fc.Arbitrary<unknown>, (value) => check(value, 'invalid')),
      { numRuns: 50, seed: SEED },
    );
    const coverage = coverageValues(schema, options);
    expect(coverage.length).toBeGreaterThan(0);
    for (const { value, description } of coverage) check(value, `coverage ${description}`);
    const negative = negativeArbitrary(schema, options);
    expect(negative).toBeDefined();
    fc.assert(
      fc.property(negative as fc.Arbitrary<{ value: unknown; mutation: string }>, ({ value, mutation }) => {
        expect({ mutation, valid: validator.validate(schema, value) }).toEqual({ mutation, valid: false });
      }),
      { numRuns: 30, seed: SEED },
    );
    for (const { value, mutation } of negativeCoverageValues(schema, options)) {
      expect({ mutation, valid: validator.validate(schema, value) }).toEqual({ mutation, valid: false });
    }
  });

});

const hiddenCases = cases.flatMap(([title, dialect, direction, name]) => {
  const names = (direction === 'request' ? READ_ONLY : WRITE_ONLY)[name];
  return names ? [[title, dialect, direction, name, names] as const] : [];
});

it.each(hiddenCases)('%s: leaves readOnly properties out of requests and writeOnly ones out of responses', (_title, dialect, direction, name, names) => {
  const registry = REGISTRIES[dialect];
  const schema = { $ref: `${direction === 'request' ? SHOP_REQUEST : SHOP_RESPONSE}#/components/schemas/${name}` };
  const values = fc.sample(validArbitrary(schema, { registry, direction }), { seed: SEED, numRuns: 100 }) as Record<string, unknown>[];
  // PetPage holds Pets: check its items instead.
  const objects = name === 'PetPage' ? values.flatMap((v) => v.items as Record<string, unknown>[]) : values;
  expect(objects.length).toBeGreaterThan(50);
  expect(objects.filter((o) => names.some((key) => key in o))).toEqual([]);
  // Without a direction they do appear.
  const undirected = fc.sample(validArbitrary(schema, { registry }), { seed: SEED, numRuns: 100 }) as Record<string, unknown>[];
  const all = name === 'PetPage' ? undirected.flatMap((v) => v.items as Record<string, unknown>[]) : undirected;
  expect(all.some((o) => names.some((key) => key in o))).toBe(true);
});

describe('shop specifics', () => {
  const registry = REGISTRIES['2020-12'];
  const order = { $ref: `${SHOP_REQUEST}#/components/schemas/Order` };

  it('names the branch in the discriminator of a oneOf of allOf-extended schemas', () => {
    const values = fc.sample(validArbitrary(order, { registry, direction: 'request' }), { seed: SEED, numRuns: 200 }) as Record<string, unknown>[];
    const online = values.filter((v) => v.kind === 'online');
    const store = values.filter((v) => v.kind === 'store');
    expect(online.length + store.length).toBe(values.length);
    expect(online.length).toBeGreaterThan(20);
    expect(store.length).toBeGreaterThan(20);
    expect(online.every((v) => 'deliveryAddress' in v)).toBe(true);
    expect(store.every((v) => typeof v.storeId === 'number')).toBe(true);
  });

  it('names the schema in an allOf-inherited discriminator', () => {
    const storeOrder = { $ref: `${SHOP_REQUEST}#/components/schemas/StoreOrder` };
    const values = fc.sample(validArbitrary(storeOrder, { registry, direction: 'request' }), { seed: SEED, numRuns: 50 }) as Record<string, unknown>[];
    expect(new Set(values.map((v) => v.kind))).toEqual(new Set(['StoreOrder']));
  });

  it('covers each branch of the discriminated oneOf', () => {
    const descriptions = coverageValues(order, { registry, direction: 'request' }).map((c) => c.description);
    expect(descriptions.some((d) => d.startsWith('oneOf[0] (OnlineOrder)'))).toBe(true);
    expect(descriptions.some((d) => d.startsWith('oneOf[1] (StoreOrder)'))).toBe(true);
  });

  it('keeps the recursive category tree within maxDepth', () => {
    const category = { $ref: `${SHOP_REQUEST}#/components/schemas/Category` };
    const depth = (value: unknown): number => {
      if (typeof value !== 'object' || value === null) return 0;
      const node = value as { parent?: unknown; subcategories?: unknown[] };
      return 1 + Math.max(depth(node.parent), ...(node.subcategories ?? []).map(depth));
    };
    for (const maxDepth of [0, 1, 3]) {
      const values = fc.sample(validArbitrary(category, { registry, maxDepth }), { seed: SEED, numRuns: 200 });
      const deepest = Math.max(...values.map(depth));
      expect(deepest).toBeLessThanOrEqual(maxDepth + 1);
      if (maxDepth > 0) expect(deepest).toBeGreaterThan(1);
    }
  });
});

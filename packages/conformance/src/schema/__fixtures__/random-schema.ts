/**
 * Random JSON Schemas, for fuzzing the generators themselves: every keyword family we support,
 * nested and combined, including contradictory combinations (which must yield "no arbitrary",
 * never a wrong value).
 */
import * as fc from 'fast-check';
import type { Dialect, JsonSchema } from '../../model/types';

const TYPES = ['null', 'boolean', 'integer', 'number', 'string', 'array', 'object'] as const;
const PATTERNS = ['^[a-z]+$', '^\\d{2,4}$', 'ab', '^[A-Z][a-z]*$', '^(x|y|z)+$', '.'];
const FORMATS = ['date', 'date-time', 'email', 'uuid', 'uri', 'ipv4', 'hostname', 'byte', 'int32', 'made-up'];
const NAMES = ['a', 'b', 'c', 'id', 'x-y'];

const optional = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arbitrary, { nil: undefined, freq: 2 });

function clean(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

export function randomSchema(dialect: Dialect): fc.Arbitrary<JsonSchema> {
  const { schema } = fc.letrec<{ schema: JsonSchema; leaf: JsonSchema }>((tie) => ({
    schema: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { arbitrary: tie('leaf'), weight: 6 },
      { arbitrary: objectSchema(tie('schema')), weight: 2 },
      { arbitrary: arraySchema(tie('schema'), dialect), weight: 2 },
      { arbitrary: combinator(tie('schema')), weight: 2 },
    ),
    leaf: fc.oneof(
      fc.constant<JsonSchema>(true),
      fc.constant<JsonSchema>({}),
      stringSchema(),
      numberSchema(),
      fc.record({ type: fc.constantFrom('boolean', 'null') }) as fc.Arbitrary<JsonSchema>,
      fc.record({ enum: fc.uniqueArray(fc.oneof(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 3 }), fc.constant(null)), { minLength: 1, maxLength: 4 }) }),
      fc.record({ const: fc.oneof(fc.constantFrom('a', 'x'), fc.integer({ min: 0, max: 3 })) }),
      fc.record({ type: fc.uniqueArray(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 3 }) }) as fc.Arbitrary<JsonSchema>,
    ),
  }));
  return schema;
}

function stringSchema(): fc.Arbitrary<JsonSchema> {
  return fc
    .record({
      minLength: optional(fc.integer({ min: 0, max: 6 })),
      maxLength: optional(fc.integer({ min: 0, max: 12 })),
      pattern: optional(fc.constantFrom(...PATTERNS)),
      format: optional(fc.constantFrom(...FORMATS)),
      typed: fc.boolean(),
    })
    .map(({ typed, ...rest }) => clean({ ...(typed ? { type: 'string' } : {}), ...rest }));
}

function numberSchema(): fc.Arbitrary<JsonSchema> {
  return fc
    .record({
      type: fc.constantFrom('integer', 'number'),
      minimum: optional(fc.integer({ min: -20, max: 20 })),
      maximum: optional(fc.integer({ min: -20, max: 40 })),
      exclusiveMinimum: optional(fc.constantFrom(-1.5, 0, 2)),
      exclusiveMaximum: optional(fc.constantFrom(0, 3.5, 10)),
      multipleOf: optional(fc.constantFrom(1, 2, 3, 0.5, 0.1, 0.01, 0.25)),
      format: optional(fc.constantFrom('int32', 'int64', 'float', 'double')),
    })
    .map(clean);
}

function objectSchema(sub: fc.Arbitrary<JsonSchema>): fc.Arbitrary<JsonSchema> {
  return fc
    .record({
      type: optional(fc.constant('object')),
      properties: optional(fc.dictionary(fc.constantFrom(...NAMES), sub, { maxKeys: 3 })),
      required: optional(fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 2 })),
      additionalProperties: optional(fc.oneof(fc.boolean(), sub)),
      patternProperties: optional(fc.dictionary(fc.constantFrom('^x-', '^[a-c]$'), sub, { maxKeys: 1 })),
      minProperties: optional(fc.integer({ min: 0, max: 3 })),
      maxProperties: optional(fc.integer({ min: 0, max: 4 })),
    })
    .map(clean);
}

function arraySchema(sub: fc.Arbitrary<JsonSchema>, dialect: Dialect): fc.Arbitrary<JsonSchema> {
  const tuple = fc.array(sub, { minLength: 1, maxLength: 2 });
  return fc
    .record({
      type: optional(fc.constant('array')),
      items: optional(sub),
      prefix: optional(tuple),
      closed: fc.boolean(),
      minItems: optional(fc.integer({ min: 0, max: 3 })),
      maxItems: optional(fc.integer({ min: 0, max: 5 })),
      uniqueItems: optional(fc.boolean()),
    })
    .map(({ items, prefix, closed, ...rest }) => {
      if (!prefix) return clean({ ...rest, items });
      if (dialect === '2020-12') return clean({ ...rest, prefixItems: prefix, items: closed ? false : items });
      return clean({ ...rest, items: prefix, additionalItems: closed ? false : items });
    });
}

function combinator(sub: fc.Arbitrary<JsonSchema>): fc.Arbitrary<JsonSchema> {
  const list = fc.array(sub, { minLength: 1, maxLength: 3 });
  return fc.oneof(
    list.map((allOf) => ({ allOf })),
    list.map((anyOf) => ({ anyOf })),
    list.map((oneOf) => ({ oneOf })),
    fc.tuple(sub, sub).map(([base, not]) => ({ allOf: [base], not })),
  );
}

/**
 * Values for schemas that say nothing (`{}`, `true`, an `additionalProperties: true` value):
 * small JSON of every type, nested at most once, so payloads stay readable.
 */
import * as fc from 'fast-check';
import { plainString } from './strings';

const KEY_START = 'abcdefghijklmnopqrstuvwxyz';
const KEY_REST = `${KEY_START}ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_`;

/** Property names we invent: identifier-like, so they never collide with `__proto__` and friends. */
export const EXTRA_KEY: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...KEY_START), fc.string({ unit: fc.constantFrom(...KEY_REST), maxLength: 9 }))
  .map(([first, rest]) => first + rest);

const scalar: fc.Arbitrary<unknown> = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: -1000, max: 1000 }), plainString(0, 10));

export const ANY_VALUE: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: scalar, weight: 4 },
  { arbitrary: fc.array(scalar, { maxLength: 3 }), weight: 1 },
  { arbitrary: fc.dictionary(EXTRA_KEY, scalar, { maxKeys: 3, noNullPrototype: true }), weight: 1 },
);

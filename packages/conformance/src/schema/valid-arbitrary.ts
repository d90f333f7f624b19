/**
 * The dispatcher: schema(s) → Shape (shape.ts) → expanded per oneOf/anyOf branch
 * (combinators.ts) → one arbitrary per allowed type (strings, numbers, arrays, objects).
 *
 * Arbitraries are cached per schema object and recursion depth, so a component referenced from
 * a hundred places is built once. A value passes an ajv check only where the shape says it must
 * (`needsCheck`); the public `validArbitrary` adds one final check against the root schema as a
 * safety net, because a bogus "valid" value makes the tool report a failure that is not there.
 */
import * as fc from 'fast-check';
import type { JsonSchema } from '../model/types';
import { ANY_VALUE } from './any-value';
import { arrayArbitrary } from './arrays';
import { boundedFilter } from './bounded-filter';
import { expandShape } from './combinators';
import { contextFor, type GenContext } from './context';
import { SchemaArbitraryError } from './errors';
import { JSON_TYPES, type JsonType } from './normalize';
import { numberArbitrary, numberConstraints } from './numbers';
import { objectArbitrary } from './objects';
import type { SchemaArbitraryOptions } from './options';
import { rootNode, type SchemaNode } from './resolve-ref';
import { flatten, impliedTypes, type Shape } from './shape';
import { stringArbitrary } from './strings';
import { isSchemaObject } from './walk';

/** An arbitrary for values valid against all `nodes`; null when none can be generated. */
export function buildArbitrary(nodes: readonly SchemaNode[], depth: number, ctx: GenContext): fc.Arbitrary<unknown> | null {
  const only = nodes.length === 1 ? nodes[0] : undefined;
  const key = only && isSchemaObject(only.schema) ? only.schema : undefined;
  if (key) {
    const cached = ctx.arbitraries.get(key)?.get(depth);
    if (cached !== undefined) return cached;
  }
  const arbitrary = shapeArbitrary(flatten(nodes, depth, ctx), ctx);
  if (key) {
    let byDepth = ctx.arbitraries.get(key);
    if (!byDepth) {
      byDepth = new Map();
      ctx.arbitraries.set(key, byDepth);
    }
    byDepth.set(depth, arbitrary);
  }
  return arbitrary;
}

export function shapeArbitrary(shape: Shape, ctx: GenContext): fc.Arbitrary<unknown> | null {
  const arms = expandShape(shape, ctx)
    .map(({ shape: expanded }) => pureArbitrary(expanded, ctx))
    .filter((arbitrary): arbitrary is fc.Arbitrary<unknown> => arbitrary !== null);
  if (arms.length === 0) return null;
  return arms.length === 1 ? (arms[0] as fc.Arbitrary<unknown>) : fc.oneof(...arms);
}

/** True if `value` is valid against every schema the shape came from. */
export function checkShape(shape: Shape, ctx: GenContext, value: unknown): boolean {
  return shape.sources.every((node) => ctx.validator.validateNode(node, value));
}

/** Enum candidates the whole shape accepts, without duplicates. */
export function acceptedEnumValues(shape: Shape, ctx: GenContext): unknown[] {
  return (shape.enumValues ?? []).filter((value) => checkShape(shape, ctx, value));
}

/** An arbitrary for a shape without combinators left. */
export function pureArbitrary(shape: Shape, ctx: GenContext): fc.Arbitrary<unknown> | null {
  if (shape.impossible) return null;
  if (shape.enumValues) {
    // A finite set: keep the candidates ajv accepts, and no further check is needed.
    const accepted = acceptedEnumValues(shape, ctx);
    return accepted.length > 0 ? fc.constantFrom(...accepted) : null;
  }
  const types = generationTypes(shape);
  const arbitrary = arbitraryOfTypes(shape, ctx, types);
  if (arbitrary || shape.types) return arbitrary;
  // Without `type`, object keywords only constrain objects (and so on): when the implied types
  // cannot be satisfied, every other type still can.
  return arbitraryOfTypes(shape, ctx, otherTypes(types));
}

/** The JSON types (number standing for integer too) not in `types`. */
export function otherTypes(types: readonly (JsonType | 'any')[]): JsonType[] {
  return JSON_TYPES.filter((t) => t !== 'integer' && !types.includes(t));
}

function arbitraryOfTypes(shape: Shape, ctx: GenContext, types: readonly (JsonType | 'any')[]): fc.Arbitrary<unknown> | null {
  const arms: fc.WeightedArbitrary<unknown>[] = [];
  for (const type of types) {
    const arbitrary = typeArbitrary(type, shape, ctx);
    // `null` of a nullable schema is one value; it should not be every other value generated.
    if (arbitrary) arms.push({ arbitrary, weight: type === 'null' ? 1 : 3 });
  }
  if (arms.length === 0) return null;
  const arbitrary = arms.length === 1 ? (arms[0] as fc.WeightedArbitrary<unknown>).arbitrary : fc.oneof(...arms);
  return shape.needsCheck ? boundedFilter(arbitrary, (value) => checkShape(shape, ctx, value)) : arbitrary;
}

/**
 * The types to generate: the `type` keyword (integer folded into number when both are there),
 * else what the keywords imply, else anything.
 */
export function generationTypes(shape: Shape): readonly (JsonType | 'any')[] {
  if (shape.types) return shape.types.includes('number') ? shape.types.filter((t) => t !== 'integer') : shape.types;
  const implied = impliedTypes(shape);
  // `any` (small JSON of every type) only where no keyword of any type family is present; a
  // keyword impliedTypes does not know of still gets honoured by the per-type modules.
  if (implied.length > 0) return implied;
  return isUnconstrained(shape) ? ['any'] : otherTypes([]);
}

/** True when the shape constrains no type family (only combinators, `not`, annotations). */
function isUnconstrained(shape: Shape): boolean {
  return (
    !shape.lower &&
    !shape.upper &&
    shape.multipleOf.length === 0 &&
    shape.formats.length === 0 &&
    shape.minLength === 0 &&
    shape.maxLength === undefined &&
    shape.patterns.length === 0 &&
    shape.minItems === 0 &&
    shape.maxItems === undefined &&
    !shape.uniqueItems &&
    shape.arrayLayers.length === 0 &&
    shape.contains.length === 0 &&
    shape.minProperties === 0 &&
    shape.maxProperties === undefined &&
    shape.required.length === 0 &&
    shape.objectLayers.length === 0 &&
    shape.propertyNames.length === 0 &&
    shape.dependentRequired.size === 0
  );
}

export function typeArbitrary(type: JsonType | 'any', shape: Shape, ctx: GenContext): fc.Arbitrary<unknown> | null {
  const build = (nodes: readonly SchemaNode[], depth: number): fc.Arbitrary<unknown> | null => buildArbitrary(nodes, depth, ctx);
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number':
      return numberArbitrary(numberConstraints(shape, type === 'integer'));
    case 'string':
      return stringArbitrary(shape, (format, value) => ctx.validator.validateFormat(format, value));
    case 'array':
      return arrayArbitrary(shape, ctx, build);
    case 'object':
      return objectArbitrary(shape, ctx, build);
    case 'any':
      return ANY_VALUE;
  }
}

/** validArbitrary without the final safety check: what the unit tests hold to account. */
export function constructiveArbitrary(schema: JsonSchema, options: SchemaArbitraryOptions): fc.Arbitrary<unknown> | null {
  const ctx = contextFor(options);
  return buildArbitrary([rootNode(schema, options.registry)], 0, ctx);
}

const checkedRoots = new WeakMap<GenContext, WeakMap<object, fc.Arbitrary<unknown>>>();

/** Random values that validate against the schema (fuzzing phase). Shrinks towards small, simple values. */
export function validArbitrary(schema: JsonSchema, options: SchemaArbitraryOptions): fc.Arbitrary<unknown> {
  const ctx = contextFor(options);
  const key = isSchemaObject(schema) ? schema : undefined;
  const cached = key && checkedRoots.get(ctx)?.get(key);
  if (cached) return cached;
  const root = rootNode(schema, options.registry);
  const arbitrary = buildArbitrary([root], 0, ctx);
  const checked = arbitrary && boundedFilter(arbitrary, (value) => ctx.validator.validateNode(root, value));
  if (checked && key) {
    let byContext = checkedRoots.get(ctx);
    if (!byContext) {
      byContext = new WeakMap();
      checkedRoots.set(ctx, byContext);
    }
    byContext.set(key, checked);
  }
  if (!checked) {
    throw new SchemaArbitraryError(
      'UNSATISFIABLE_SCHEMA',
      'No valid value could be generated for the schema: its constraints contradict each other, or only values too rare to find by generation satisfy them.',
      'Check the schema (e.g. minimum above maximum, a oneOf whose branches always overlap, a pattern that contradicts maxLength).',
    );
  }
  return checked;
}

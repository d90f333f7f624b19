/**
 * The negative phase: values that must NOT validate, each one schema mutation away from a valid
 * value, with what was mutated and where (a JSON pointer into the value).
 *
 * Mutations ("arms") are derived from the flattened shape — wrong type, bounds, lengths,
 * pattern, format, enum, required, additionalProperties, uniqueItems, multipleOf — and recurse
 * into properties and items. A mutation can be undone by the rest of the schema (a wrong type
 * that another anyOf branch accepts, a shortened string that still fits a second oneOf branch),
 * so every arm is checked with ajv against the root schema and an arm that never yields an
 * invalid value is dropped. The result is therefore always invalid, whatever the schema.
 *
 * Mutations are JSON-level. A parameter serialised as text may turn some of them valid again on
 * the wire (`wrong type: integer` for a string parameter is the text "5"); the engine decides
 * which mutation kinds make sense per location (`mutation` starts with the kind: `wrong type`, …).
 */
import * as fc from 'fast-check';
import type { JsonSchema } from '../model/types';
import { ANY_VALUE, EXTRA_KEY } from './any-value';
import { arrayArbitrary, planArray } from './arrays';
import { boundedFilter, PROBE_SEED } from './bounded-filter';
import { expandShape } from './combinators';
import { contextFor, type GenContext } from './context';
import { INVALID_NUMERIC_FORMAT, invalidFormatValues } from './formats';
import { JSON_TYPES, type JsonType } from './normalize';
import { numberArbitrary, numberConstraints } from './numbers';
import { objectArbitrary, planObject, type Build } from './objects';
import type { NegativeValue, SchemaArbitraryOptions } from './options';
import { rootNode, type SchemaNode } from './resolve-ref';
import { allowsUnknownNames, compilePattern, flatten, knownPropertyNames, propertyNodes, type Shape } from './shape';
import { lengthRange, plainString, stringArbitrary } from './strings';
import { buildArbitrary, checkShape, generationTypes } from './valid-arbitrary';
import { codePointLength, deepEqual, jsonTypeOf, objectFromEntries, pointerJoin, preview, withProperty, withoutProperty } from './util';
import { isSchemaObject } from './walk';

interface Arm {
  readonly arbitrary: fc.Arbitrary<NegativeValue>;
}

/** How many levels of properties below the root get their own mutations. */
const NESTING = 2;
/** Mutations considered per root schema (own ones first, then nested ones). */
const MAX_ARMS = 40;
/** Nested mutations taken from one property or item schema. */
const ARMS_PER_CHILD = 5;
/** Expanded oneOf/anyOf branches whose mutations are considered. */
const MAX_BRANCHES = 6;
/** Samples that decide whether a mutation yields invalid values at all (a mutation rarely does, or always). */
const ARM_PROBE_RUNS = 12;

interface Budget {
  remaining: number;
}

const armCache = new WeakMap<GenContext, WeakMap<object, readonly Arm[]>>();

/**
 * Random invalid values (negative phase); undefined when the schema accepts everything (e.g. `{}`
 * or `true`) or no mutation of it can be told apart from a valid value.
 */
export function negativeArbitrary(schema: JsonSchema, options: SchemaArbitraryOptions): fc.Arbitrary<NegativeValue> | undefined {
  const arms = rootArms(schema, options);
  if (arms.length === 0) return undefined;
  return arms.length === 1 ? (arms[0] as Arm).arbitrary : fc.oneof(...arms.map((arm) => arm.arbitrary));
}

/** Deterministic invalid values (coverage phase, negative side): one per applicable mutation. */
export function negativeCoverageValues(schema: JsonSchema, options: SchemaArbitraryOptions): NegativeValue[] {
  const out: NegativeValue[] = [];
  for (const arm of rootArms(schema, options)) {
    const [value] = fc.sample(arm.arbitrary, { seed: PROBE_SEED, numRuns: 1 });
    if (!value) continue;
    if (out.some((existing) => existing.mutation === value.mutation && existing.pointer === value.pointer)) continue;
    out.push(value);
  }
  return out;
}

function rootArms(schema: JsonSchema, options: SchemaArbitraryOptions): readonly Arm[] {
  const ctx = contextFor(options);
  let byContext = armCache.get(ctx);
  if (!byContext) {
    byContext = new WeakMap();
    armCache.set(ctx, byContext);
  }
  const key = isSchemaObject(schema) ? schema : undefined;
  const cached = key && byContext.get(key);
  if (cached) return cached;
  const root = rootNode(schema, options.registry);
  const invalid = (candidate: NegativeValue): boolean => !ctx.validator.validateNode(root, candidate.value);
  const arms: Arm[] = [];
  for (const arm of nodeArms([root], 0, ctx, NESTING, { remaining: MAX_ARMS })) {
    const checked = boundedFilter(arm.arbitrary, invalid, ARM_PROBE_RUNS);
    if (checked) arms.push({ arbitrary: checked });
  }
  if (key) byContext.set(key, arms);
  return arms;
}

const negative = (value: unknown, mutation: string, pointer = ''): NegativeValue => ({ value, mutation, pointer });
const arm = (arbitrary: fc.Arbitrary<NegativeValue>): Arm => ({ arbitrary });

/** Mutations of a value valid against all `nodes`. */
function nodeArms(nodes: readonly SchemaNode[], depth: number, ctx: GenContext, nesting: number, budget: Budget): Arm[] {
  if (budget.remaining <= 0) return [];
  const shape = flatten(nodes, depth, ctx);
  const out: Arm[] = [];
  const take = (arms: readonly Arm[]): void => {
    for (const a of arms) {
      if (budget.remaining <= 0) return;
      out.push(a);
      budget.remaining--;
    }
  };
  if (shape.impossible) {
    take([arm(ANY_VALUE.map((value) => negative(value, 'schema accepts no value')))]);
    return out;
  }
  const expansions = expandShape(shape, ctx).slice(0, MAX_BRANCHES);
  const typeArm = wrongTypeArm(expansions.map((e) => e.shape));
  if (typeArm) take([typeArm]);
  // Each branch's own mutations first; nested ones only with the budget that is left.
  for (const { shape: expanded } of expansions) take(ownArms(expanded, ctx));
  if (nesting > 0) for (const { shape: expanded } of expansions) nestedArms(expanded, ctx, nesting, budget, take);
  return out;
}

/** Types a pure shape admits; undefined when any type is admitted. */
function admittedTypes(shape: Shape): Set<JsonType> | undefined {
  if (shape.enumValues) return new Set(shape.enumValues.map(jsonTypeOf).filter((t): t is JsonType => t !== 'undefined'));
  if (!shape.types) return undefined;
  return new Set(shape.types);
}

const WRONG_STRINGS = fc.oneof(fc.constantFrom('text', 'not-a-number', 'x'), EXTRA_KEY.map((key) => `${key}!`));
const VALUES_OF_TYPE: Readonly<Record<JsonType, fc.Arbitrary<unknown>>> = {
  null: fc.constant(null),
  boolean: fc.boolean(),
  integer: fc.integer({ min: -1000, max: 1000 }),
  number: fc.oneof(
    fc.integer({ min: -100, max: 100 }).map((k) => k + 0.5),
    fc.double({ min: -1000, max: 1000, noInteger: true, noNaN: true, noDefaultInfinity: true }),
  ),
  string: WRONG_STRINGS,
  array: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 2 }),
  object: fc.dictionary(EXTRA_KEY, fc.integer({ min: 0, max: 9 }), { maxKeys: 2, noNullPrototype: true }),
};

function wrongTypeArm(shapes: readonly Shape[]): Arm | undefined {
  const admitted = new Set<JsonType>();
  for (const shape of shapes) {
    const types = admittedTypes(shape);
    if (!types) return undefined;
    for (const t of types) admitted.add(t);
  }
  if (admitted.size === 0) return undefined;
  const wrong = JSON_TYPES.filter((t) => !admitted.has(t) && !(t === 'integer' && admitted.has('number')));
  if (wrong.length === 0) return undefined;
  const expected = [...admitted].join(' or ');
  return arm(fc.oneof(...wrong.map((t) => VALUES_OF_TYPE[t].map((value) => negative(value, `wrong type: ${t} instead of ${expected}`)))));
}

function ownArms(shape: Shape, ctx: GenContext): Arm[] {
  if (shape.enumValues) return enumArms(shape);
  const out: Arm[] = [];
  for (const type of generationTypes(shape)) {
    if (type === 'integer' || type === 'number') out.push(...numberArms(shape, type === 'integer'));
    else if (type === 'string') out.push(...stringArms(shape, ctx));
    else if (type === 'array') out.push(...arrayArms(shape, ctx));
    else if (type === 'object') out.push(...objectArms(shape, ctx));
  }
  return out;
}

function enumArms(shape: Shape): Arm[] {
  const values = shape.enumValues ?? [];
  const types = [...new Set(values.map(jsonTypeOf))].filter((t): t is JsonType => t !== 'undefined' && t !== 'null');
  const candidates = types.map((t) => (t === 'string' ? plainString(0, 12) : VALUES_OF_TYPE[t]));
  if (candidates.length === 0) return [];
  const label = values.length === 1 ? `not the const value ${preview(values[0])}` : `not one of enum ${preview(values, 60)}`;
  const outside = boundedFilter(fc.oneof(...candidates), (value) => !values.some((v) => deepEqual(v, value)));
  return outside ? [arm(outside.map((value) => negative(value, label)))] : [];
}

function numberArms(shape: Shape, integer: boolean): Arm[] {
  const c = numberConstraints(shape, integer);
  const out: Arm[] = [];
  const step = fc.integer({ min: 1, max: 100 });
  const { lower, upper } = c;
  if (lower) {
    if (lower.exclusive) out.push(arm(fc.constant(negative(integer ? Math.floor(lower.value) : lower.value, `equal to exclusiveMinimum (${lower.value})`))));
    else {
      const below = integer ? Math.ceil(lower.value) - 1 : lower.value;
      out.push(arm(step.map((d) => negative(integer ? below - (d - 1) : below - d / 4, `below minimum (${lower.value})`))));
    }
  }
  if (upper) {
    if (upper.exclusive) out.push(arm(fc.constant(negative(integer ? Math.ceil(upper.value) : upper.value, `equal to exclusiveMaximum (${upper.value})`))));
    else {
      const above = integer ? Math.floor(upper.value) + 1 : upper.value;
      out.push(arm(step.map((d) => negative(integer ? above + (d - 1) : above + d / 4, `above maximum (${upper.value})`))));
    }
  }
  for (const m of c.multipleOf.slice(0, 1)) {
    const valid = numberArbitrary(c);
    // Half a step off a valid multiple (for integers, one off a multiple of at least 2).
    const offset = integer ? (Number.isInteger(m) && m >= 2 ? 1 : undefined) : m / 2;
    if (valid && offset !== undefined) out.push(arm(valid.map((v) => negative(v + offset, `not a multiple of ${m}`))));
  }
  for (const format of shape.formats) {
    const values = INVALID_NUMERIC_FORMAT[format];
    if (values) out.push(arm(fc.constantFrom(...values).map((v) => negative(v, `outside format ${format}`))));
  }
  return out;
}

const FILLER = 'abcdefghijklmnopqrstuvwxyz';
const codePoints = (value: string): string[] => Array.from(value);

function stringArms(shape: Shape, ctx: GenContext): Arm[] {
  const range = lengthRange(shape);
  if (!range) return [];
  const out: Arm[] = [];
  const valid = stringArbitrary(shape, (format, value) => ctx.validator.validateFormat(format, value));
  if (range.min > 0) {
    const base = valid ?? fc.constant(FILLER.repeat(Math.ceil(range.min / FILLER.length)));
    out.push(arm(base.map((s) => negative(codePoints(s).slice(0, range.min - 1).join(''), `shorter than minLength (${range.min})`))));
  }
  if (range.max !== Infinity && range.max < 10_000) {
    const base = valid ?? fc.constant('');
    out.push(
      arm(
        base.map((s) => {
          const missing = range.max + 1 - codePointLength(s);
          const padding = missing > 0 ? FILLER.repeat(Math.ceil(missing / FILLER.length)).slice(0, missing) : '';
          return negative(s + padding, `longer than maxLength (${range.max})`);
        }),
      ),
    );
  }
  for (const source of shape.patterns.slice(0, 2)) {
    const regex = compilePattern(source);
    if (!regex) continue;
    const mismatch = boundedFilter(plainString(range.min, range.generatedMax), (s) => !regex.test(s));
    if (mismatch) out.push(arm(mismatch.map((s) => negative(s, `does not match pattern ${preview(source, 60)}`))));
  }
  for (const format of shape.formats) {
    const values = invalidFormatValues(format);
    if (values.length > 0) out.push(arm(fc.constantFrom(...values).map((s) => negative(s, `invalid ${format} format`))));
  }
  return out;
}

const validParents = new WeakMap<Shape, Map<string, fc.Arbitrary<unknown> | null>>();

/** Valid arrays or objects of a shape: the parents mutations are made in (built once per shape). */
function validOfType(shape: Shape, ctx: GenContext, type: 'array'): fc.Arbitrary<unknown[]> | null;
function validOfType(shape: Shape, ctx: GenContext, type: 'object'): fc.Arbitrary<Record<string, unknown>> | null;
function validOfType(shape: Shape, ctx: GenContext, type: 'array' | 'object'): fc.Arbitrary<unknown> | null {
  let byType = validParents.get(shape);
  if (!byType) {
    byType = new Map();
    validParents.set(shape, byType);
  }
  if (byType.has(type)) return byType.get(type) ?? null;
  const build: Build = (nodes, depth) => buildArbitrary(nodes, depth, ctx);
  let arbitrary: fc.Arbitrary<unknown> | null = type === 'array' ? arrayArbitrary(shape, ctx, build) : objectArbitrary(shape, ctx, build);
  if (arbitrary && shape.needsCheck) arbitrary = boundedFilter(arbitrary, (value) => checkShape(shape, ctx, value));
  byType.set(type, arbitrary);
  return arbitrary;
}

function arrayArms(shape: Shape, ctx: GenContext): Arm[] {
  const plan = planArray(shape, ctx);
  const valid = validOfType(shape, ctx, 'array');
  if (!plan || !valid) return [];
  const out: Arm[] = [];
  if (plan.minItems > 0) out.push(arm(valid.map((a) => negative(a.slice(0, plan.minItems - 1), `fewer items than minItems (${plan.minItems})`))));
  if (plan.maxItems !== Infinity && plan.maxItems < 1000) {
    const max = plan.maxItems;
    const items = (plan.rest && plan.rest.length > 0 ? buildArbitrary(plan.rest, shape.depth, ctx) : null) ?? ANY_VALUE;
    out.push(
      arm(
        fc
          .tuple(valid, fc.array(items, { minLength: max + 1, maxLength: max + 1 }))
          .map(([a, more]) => negative([...a, ...more].slice(0, Math.max(max + 1, a.length)), `more items than maxItems (${max})`)),
      ),
    );
  }
  if (shape.uniqueItems) {
    const nonEmpty = boundedFilter(valid, (a) => a.length > 0 && (a.length < plan.maxItems || a.length >= 2));
    if (nonEmpty) {
      out.push(
        arm(
          nonEmpty.map((a) => {
            const copy = a.length < plan.maxItems ? [...a, a[0]] : [...a.slice(0, -1), a[0]];
            return negative(copy, `duplicate items despite uniqueItems (item ${copy.length - 1} repeats item 0)`);
          }),
        ),
      );
    }
  }
  return out;
}

function objectArms(shape: Shape, ctx: GenContext): Arm[] {
  const plan = planObject(shape, ctx);
  const valid = validOfType(shape, ctx, 'object');
  if (!plan || !valid) return [];
  const out: Arm[] = [];
  for (const property of plan.properties.filter((p) => p.required).slice(0, 8)) {
    out.push(arm(valid.map((o) => negative(withoutProperty(o, property.name), `missing required property "${property.name}"`, pointerJoin('', property.name)))));
  }
  if (!allowsUnknownNames(shape)) {
    const known = new Set(knownPropertyNames(shape));
    const forbidden = boundedFilter(EXTRA_KEY, (name) => !known.has(name) && propertyNodes(shape, name) === null);
    if (forbidden) {
      out.push(
        arm(
          fc
            .tuple(valid, forbidden, fc.integer({ min: 0, max: 9 }))
            .map(([o, name, value]) => negative(withProperty(o, name, value), `unexpected property "${name}" (additionalProperties: false)`, pointerJoin('', name))),
        ),
      );
    }
  }
  for (const [name, dependents] of [...shape.dependentRequired].slice(0, 4)) {
    const dependent = dependents.find((d) => !plan.properties.some((p) => p.required && p.name === d));
    const withName = dependent === undefined ? null : boundedFilter(valid, (o) => Object.prototype.hasOwnProperty.call(o, name));
    if (withName && dependent !== undefined) {
      out.push(arm(withName.map((o) => negative(withoutProperty(o, dependent), `missing property "${dependent}" required by "${name}"`, pointerJoin('', dependent)))));
    }
  }
  if (shape.minProperties > 0) {
    const fewer = shape.minProperties - 1;
    out.push(arm(valid.map((o) => negative(objectFromEntries(Object.entries(o).slice(0, fewer)), `fewer properties than minProperties (${shape.minProperties})`))));
  }
  if (shape.maxProperties !== undefined && shape.maxProperties < 1000 && allowsUnknownNames(shape)) {
    const max = shape.maxProperties;
    const known = new Set(knownPropertyNames(shape));
    const names = fc.array(EXTRA_KEY, { minLength: max + 1, maxLength: max + 1 });
    out.push(
      arm(
        fc.tuple(valid, names).map(([o, extra]) => {
          const entries = Object.entries(o);
          for (const name of extra) {
            if (entries.length <= max && !known.has(name) && !entries.some(([n]) => n === name)) entries.push([name, 0]);
          }
          return negative(objectFromEntries(entries), `more properties than maxProperties (${max})`);
        }),
      ),
    );
  }
  return out;
}

/** Mutations inside properties and array items, placed into an otherwise valid parent. */
function nestedArms(shape: Shape, ctx: GenContext, nesting: number, budget: Budget, take: (arms: readonly Arm[]) => void): void {
  const types = generationTypes(shape);
  if (shape.enumValues) return;
  if (types.includes('object')) {
    const plan = planObject(shape, ctx);
    const valid = validOfType(shape, ctx, 'object');
    if (plan && valid) {
      for (const property of plan.properties) {
        if (budget.remaining <= 0) return;
        if (property.nodes.length === 0) continue;
        const children = nodeArms(property.nodes, shape.depth, ctx, nesting - 1, { remaining: Math.min(ARMS_PER_CHILD, budget.remaining) });
        take(
          children.map((child) =>
            arm(
              fc
                .tuple(valid, child.arbitrary)
                .map(([o, c]) => negative(withProperty(o, property.name, c.value), c.mutation, pointerJoin('', property.name) + c.pointer)),
            ),
          ),
        );
      }
    }
  }
  if (types.includes('array')) {
    const plan = planArray(shape, ctx);
    const valid = validOfType(shape, ctx, 'array');
    if (!plan || !valid || !plan.rest || plan.rest.length === 0 || plan.maxItems <= plan.prefix.length || budget.remaining <= 0) return;
    const prefixLength = plan.prefix.length;
    // Items are positions of the same property: they do not count as a level of nesting.
    const children = nodeArms(plan.rest, shape.depth, ctx, nesting, { remaining: Math.min(ARMS_PER_CHILD, budget.remaining) });
    take(
      children.map((child) =>
        arm(
          fc.tuple(valid, child.arbitrary, fc.nat()).map(([a, c, position]) => {
            // Replace an item past the tuple prefix, or append one when there is none.
            const items = [...a];
            const index = items.length > prefixLength ? prefixLength + (position % (items.length - prefixLength)) : items.length;
            items[index] = c.value;
            return negative(items.slice(0, Math.max(index + 1, items.length)), c.mutation, `/${index}${c.pointer}`);
          }),
        ),
      ),
    );
  }
}

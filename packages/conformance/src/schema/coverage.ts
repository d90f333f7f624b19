/**
 * The coverage phase's valid values: deterministic boundary values, each described
 * (`maxLength (64)`, `oneOf[1] (Dog)`, `owner: only required properties`).
 *
 * Values are built bottom-up: a property's first coverage value is its representative in the
 * parent object, the others become one variation each. Every candidate is checked with ajv
 * against the schemas it is meant for, so a wrong boundary guess is dropped, never returned.
 */
import type { JsonSchema } from '../model/types';
import { sampleWhere } from './bounded-filter';
import { expandShape } from './combinators';
import { contextFor, type CoverageCandidate, type GenContext } from './context';
import { formatExample } from './formats';
import type { Bound } from './normalize';
import { multipleValue, numberConstraints, planNumbers, type NumberConstraints } from './numbers';
import { planObject } from './objects';
import { planArray } from './arrays';
import type { CoverageValue, SchemaArbitraryOptions } from './options';
import { rootNode, type SchemaNode } from './resolve-ref';
import { allowsUnknownNames, flatten, type Shape } from './shape';
import { lengthRange, stringArbitrary } from './strings';
import { acceptedEnumValues, buildArbitrary, checkShape, generationTypes, pureArbitrary } from './valid-arbitrary';
import { codePointLength, deepEqual, objectFromEntries, preview } from './util';
import { isSchemaObject } from './walk';

/** At most this many values per schema. */
export const MAX_COVERAGE_VALUES = 32;
/** Variations contributed by each property of an object. */
const VARIATIONS_PER_PROPERTY = 3;
/** Longest maxItems / maxLength boundary value built. */
const MAX_BOUNDARY_SIZE = 1000;

/** Deterministic boundary values (coverage phase), all valid. */
export function coverageValues(schema: JsonSchema, options: SchemaArbitraryOptions): CoverageValue[] {
  const ctx = contextFor(options);
  const root = rootNode(schema, options.registry);
  const out: CoverageValue[] = [];
  for (const candidate of coverageFor([root], 0, ctx)) {
    if (out.length >= MAX_COVERAGE_VALUES) break;
    if (!ctx.validator.validateNode(root, candidate.value)) continue;
    if (out.some((existing) => deepEqual(existing.value, candidate.value))) continue;
    out.push({ value: candidate.value, description: candidate.description });
  }
  return out;
}

/** Coverage values of all `nodes` together; cached per schema object and depth. */
export function coverageFor(nodes: readonly SchemaNode[], depth: number, ctx: GenContext): readonly CoverageCandidate[] {
  const only = nodes.length === 1 ? nodes[0] : undefined;
  const key = only && isSchemaObject(only.schema) ? only.schema : undefined;
  const cached = key && ctx.coverage.get(key)?.get(depth);
  if (cached) return cached;
  const result = shapeCoverage(flatten(nodes, depth, ctx), ctx);
  if (key) {
    let byDepth = ctx.coverage.get(key);
    if (!byDepth) {
      byDepth = new Map();
      ctx.coverage.set(key, byDepth);
    }
    byDepth.set(depth, result);
  }
  return result;
}

function shapeCoverage(shape: Shape, ctx: GenContext): readonly CoverageCandidate[] {
  if (shape.impossible) return [];
  const expansions = expandShape(shape, ctx);
  const lists = expansions.map(({ shape: expanded, label }) =>
    pureCoverage(expanded, ctx).map((candidate) => ({ value: candidate.value, description: label ? `${label}: ${candidate.description}` : candidate.description })),
  );
  // The branch with the smallest first value goes first: its value represents the whole schema
  // in a parent (a linked list ends in null rather than in four more nodes).
  lists.sort((a, b) => size(a[0]?.value) - size(b[0]?.value));
  // Round-robin, so that every branch is represented before any branch's second value.
  const out = new Collector();
  for (let index = 0; out.size < MAX_COVERAGE_VALUES && lists.some((list) => index < list.length); index++) {
    for (const list of lists) {
      const candidate = list[index];
      if (candidate) out.add(candidate.value, candidate.description);
    }
  }
  return out.values;
}

const size = (value: unknown): number => (value === undefined ? Infinity : JSON.stringify(value).length);

class Collector {
  readonly values: CoverageCandidate[] = [];
  constructor(private readonly accept: (value: unknown) => boolean = () => true) {}
  get size(): number {
    return this.values.length;
  }
  add(value: unknown, description: string): void {
    if (value === undefined || this.values.length >= MAX_COVERAGE_VALUES) return;
    if (this.values.some((existing) => deepEqual(existing.value, value))) return;
    if (this.accept(value)) this.values.push({ value, description });
  }
}

function pureCoverage(shape: Shape, ctx: GenContext): CoverageCandidate[] {
  const out = new Collector((value) => checkShape(shape, ctx, value));
  // The spec's own examples are the most realistic values there are (when they are valid).
  for (const example of shape.examples) out.add(example, 'example');
  if (shape.enumValues) {
    const accepted = acceptedEnumValues(shape, ctx);
    for (const value of accepted) out.add(value, accepted.length === 1 && shape.enumValues.length === 1 ? 'const' : `enum value ${preview(value)}`);
    return out.values;
  }
  for (const type of generationTypes(shape)) {
    switch (type) {
      case 'null':
        out.add(null, 'null');
        break;
      case 'boolean':
        out.add(false, 'false');
        out.add(true, 'true');
        break;
      case 'integer':
      case 'number':
        for (const [value, description] of numberCoverage(numberConstraints(shape, type === 'integer'))) out.add(value, description);
        break;
      case 'string':
        for (const [value, description] of stringCoverage(shape, ctx)) out.add(value, description);
        break;
      case 'array':
        for (const [value, description] of arrayCoverage(shape, ctx)) out.add(value, description);
        break;
      case 'object':
        for (const [value, description] of objectCoverage(shape, ctx)) out.add(value, description);
        break;
      case 'any':
        for (const value of ['value', 0, true, null, [], {}]) out.add(value, `any value (${preview(value)})`);
        break;
    }
  }
  if (out.size === 0) {
    // Nothing constructive was valid (pattern and format together, a `not`, …): sample.
    const arbitrary = pureArbitrary(shape, ctx);
    if (arbitrary) for (const value of sampleWhere(arbitrary, () => true, 2)) out.add(value, 'generated value');
  }
  return out.values;
}

type Candidate = readonly [unknown, string];

function numberCoverage(c: NumberConstraints): Candidate[] {
  const plan = planNumbers(c);
  if (!plan) return [];
  const out: Candidate[] = [];
  const lowerText = (bound: Bound, value: number): string =>
    bound.exclusive ? `just above exclusiveMinimum (${bound.value}): ${value}` : `minimum (${value})`;
  const upperText = (bound: Bound, value: number): string =>
    bound.exclusive ? `just below exclusiveMaximum (${bound.value}): ${value}` : `maximum (${value})`;
  switch (plan.kind) {
    case 'multiple': {
      const at = multipleValue(plan.step);
      const zero = Math.min(Math.max(0, plan.kMin), plan.kMax);
      const low = c.lower ? at(plan.kMin) : undefined;
      const high = c.upper ? at(plan.kMax) : undefined;
      // A typical value first (it represents the number in a parent), unless it is a bound.
      if (at(zero) !== low && at(zero) !== high) out.push([at(zero), `multipleOf (${c.multipleOf.join(', ')}): ${at(zero)}`]);
      if (c.lower && low !== undefined) out.push([low, lowerText(c.lower, low)]);
      if (c.upper && high !== undefined) out.push([high, upperText(c.upper, high)]);
      if (zero + 1 <= plan.kMax) out.push([at(zero + 1), `multipleOf (${c.multipleOf.join(', ')}): ${at(zero + 1)}`]);
      break;
    }
    case 'integer': {
      const typical = Math.min(Math.max(0, plan.min ?? -Infinity), plan.max ?? Infinity);
      if (typical !== plan.min && typical !== plan.max) out.push([typical, `integer ${typical}`]);
      if (plan.min !== undefined && c.lower) out.push([plan.min, lowerText(c.lower, plan.min)]);
      if (plan.max !== undefined && c.upper) out.push([plan.max, upperText(c.upper, plan.max)]);
      break;
    }
    case 'double': {
      const low = plan.lower ? (plan.lower.exclusive ? nextAfter(plan.lower.value, 1) : plan.lower.value) : undefined;
      const high = plan.upper ? (plan.upper.exclusive ? nextAfter(plan.upper.value, -1) : plan.upper.value) : undefined;
      const typical = Math.min(Math.max(0, low ?? -Infinity), high ?? Infinity);
      if (typical !== low && typical !== high) out.push([typical, `number ${typical}`]);
      if (typical === high && low === undefined) out.push([high - 1, `number ${high - 1}`]);
      if (low !== undefined && plan.lower) out.push([low, lowerText(plan.lower, low)]);
      if (high !== undefined && plan.upper) out.push([high, upperText(plan.upper, high)]);
      const fraction = low !== undefined && high !== undefined ? (low + high) / 2 : typical + 0.5;
      out.push([fraction, `number ${fraction}`]);
      break;
    }
  }
  return out;
}

/** The next double after `value` towards +∞ (direction 1) or −∞ (−1). */
export function nextAfter(value: number, direction: 1 | -1): number {
  if (value === 0) return direction * Number.MIN_VALUE;
  const buffer = new Float64Array([value]);
  const bits = new BigInt64Array(buffer.buffer);
  bits[0] = (bits[0] as bigint) + ((value > 0) === (direction > 0) ? 1n : -1n);
  return buffer[0] as number;
}

const FILLER = 'abcdefghijklmnopqrstuvwxyz';
const fill = (length: number): string => FILLER.repeat(Math.ceil(length / FILLER.length)).slice(0, length);

function stringCoverage(shape: Shape, ctx: GenContext): Candidate[] {
  const range = lengthRange(shape);
  if (!range) return [];
  const out: Candidate[] = [];
  const format = shape.formats.find((name) => formatExample(name) !== undefined);
  if (format) out.push([formatExample(format), `format ${format}`]);
  if (shape.patterns.length > 0 || format) {
    // Shortest and longest of a fixed sample, labelled by the boundary they reach.
    const arbitrary = stringArbitrary(shape, (format, value) => ctx.validator.validateFormat(format, value));
    const samples = arbitrary ? sampleWhere(arbitrary, () => true, 64, 64) : [];
    const sorted = [...samples].sort((a, b) => codePointLength(a) - codePointLength(b));
    const label = (value: string, fallback: string): string =>
      codePointLength(value) === range.min && range.min > 0
        ? `minLength (${range.min})`
        : codePointLength(value) === range.max
          ? `maxLength (${range.max})`
          : fallback;
    const what = shape.patterns.length > 0 ? `pattern ${preview(shape.patterns[0], 60)}` : `format ${format}`;
    const shortest = sorted[0];
    const longest = sorted[sorted.length - 1];
    if (shortest !== undefined) out.push([shortest, label(shortest, `shortest ${what}`)]);
    if (longest !== undefined) out.push([longest, label(longest, `longest ${what}`)]);
    return out;
  }
  const typical = Math.min(Math.max(8, range.min), range.max);
  if (typical !== range.min && typical !== range.max) out.push([fill(typical), `string of length ${typical}`]);
  out.push([fill(range.min), range.min === 0 ? 'empty string' : `minLength (${range.min})`]);
  if (range.max !== Infinity && range.max <= MAX_BOUNDARY_SIZE) out.push([fill(range.max), `maxLength (${range.max})`]);
  return out;
}

/** Coverage values of a property or item, falling back to a generated sample. */
function valuesOf(nodes: readonly SchemaNode[], depth: number, ctx: GenContext): readonly CoverageCandidate[] {
  const values = coverageFor(nodes, depth, ctx);
  if (values.length > 0) return values;
  const arbitrary = buildArbitrary(nodes, depth, ctx);
  return arbitrary ? sampleWhere(arbitrary, () => true, 1).map((value) => ({ value, description: 'generated value' })) : [];
}

function arrayCoverage(shape: Shape, ctx: GenContext): Candidate[] {
  const plan = planArray(shape, ctx);
  if (!plan) return [];
  const nodesAt = (index: number): readonly SchemaNode[] | null => plan.prefix[index] ?? plan.rest;
  const candidatesAt = (index: number): readonly CoverageCandidate[] => {
    const nodes = nodesAt(index);
    if (nodes === null) return [];
    if (nodes.length === 0) return [{ value: 'value', description: 'any value' }, { value: 0, description: 'any value' }];
    const values = valuesOf(nodes, shape.depth, ctx);
    if (!shape.uniqueItems || values.length >= plan.generatedMax) return values;
    // uniqueItems needs as many distinct items as the array is long: add generated ones.
    const arbitrary = buildArbitrary(nodes, shape.depth, ctx);
    const more = arbitrary ? sampleWhere(arbitrary, () => true, 16) : [];
    return [...values, ...more.map((value) => ({ value, description: 'generated value' }))];
  };
  /** An array of `length` items (distinct ones with uniqueItems), item 0 taken from `first`. */
  const make = (length: number, first?: unknown): unknown[] | undefined => {
    const items: unknown[] = [];
    for (let index = 0; index < length; index++) {
      const options = index === 0 && first !== undefined ? [first] : candidatesAt(index).map((c) => c.value);
      const pick = shape.uniqueItems ? options.find((option) => !items.some((item) => deepEqual(item, option))) : options[0];
      if (pick === undefined) return undefined;
      items.push(pick);
    }
    return items;
  };
  const out: Candidate[] = [];
  const push = (value: unknown[] | undefined, description: string): void => {
    if (value) out.push([value, description]);
  };
  if (plan.minItems === 0 && plan.maxItems >= 1 && !plan.minimal) push(make(1), 'one item');
  push(make(plan.minItems), plan.minItems === 0 ? 'empty array' : `minItems (${plan.minItems})`);
  if (plan.minimal) return out;
  if (plan.maxItems !== Infinity && plan.maxItems <= MAX_BOUNDARY_SIZE) push(make(plan.maxItems), `maxItems (${plan.maxItems})`);
  const length = Math.max(1, plan.minItems);
  if (length <= plan.maxItems) {
    for (const item of candidatesAt(0).slice(1, 1 + VARIATIONS_PER_PROPERTY)) push(make(length, item.value), `items: ${item.description}`);
  }
  return out;
}

function objectCoverage(shape: Shape, ctx: GenContext): Candidate[] {
  const plan = planObject(shape, ctx);
  if (!plan) return [];
  const values = new Map<string, readonly CoverageCandidate[]>();
  for (const property of plan.properties) {
    if (!property.required && plan.minimal) continue;
    values.set(property.name, property.nodes.length === 0 ? [{ value: 'value', description: 'any value' }] : valuesOf(property.nodes, shape.depth, ctx));
  }
  const first = (name: string): unknown => values.get(name)?.[0]?.value;
  const required = plan.properties.filter((p) => p.required);
  const optional = plan.properties.filter((p) => !p.required && values.has(p.name) && first(p.name) !== undefined);
  if (required.some((p) => first(p.name) === undefined)) return [];
  const maxProperties = shape.maxProperties ?? Infinity;

  const base: [string, unknown][] = required.map((p) => [p.name, first(p.name)]);
  // minProperties beyond the required ones: take optional properties in order.
  for (const p of optional) if (base.length < shape.minProperties) base.push([p.name, first(p.name)]);
  const label = base.length === 0 ? 'empty object' : base.length > required.length ? `minProperties (${shape.minProperties})` : 'only required properties';
  const out: Candidate[] = [[objectFromEntries(base), label]];
  if (plan.minimal) return out;
  // A map (additionalProperties with a schema): one entry under an invented name.
  const additional = shape.objectLayers.map((layer) => layer.additional).filter((node): node is SchemaNode => node !== undefined);
  if (additional.length > 0 && allowsUnknownNames(shape) && base.length < maxProperties) {
    const entry = valuesOf(additional, shape.depth, ctx)[0];
    const name = ['additionalProp1', 'key', 'a'].find((candidate) => !values.has(candidate) && !base.some(([n]) => n === candidate));
    if (entry && name) out.push([objectFromEntries([...base, [name, entry.value]]), `additionalProperties: ${entry.description}`]);
  }
  const all = [...base];
  for (const p of optional) if (all.length < maxProperties && !all.some(([name]) => name === p.name)) all.push([p.name, first(p.name)]);
  out.push([objectFromEntries(all), 'all properties']);
  // Each property's variations in turn (first variations of all, then second ones, …), so that
  // the cap on values does not leave the last properties out.
  for (let round = 1; round <= VARIATIONS_PER_PROPERTY && out.length < MAX_COVERAGE_VALUES * 2; round++) {
    for (const property of plan.properties) {
      const variation = values.get(property.name)?.[round];
      if (!variation) continue;
      const entries = base.filter(([name]) => name !== property.name);
      entries.push([property.name, variation.value]);
      out.push([objectFromEntries(entries), `${property.name}: ${variation.description}`]);
    }
  }
  return out;
}

/**
 * Objects: `properties`/`required`, `additionalProperties` (false / true / schema),
 * `patternProperties`, `propertyNames`, `minProperties`/`maxProperties`, `dependentRequired`, and
 * readOnly/writeOnly by direction.
 *
 * Names we invent are added only where the schema invites them (an explicit
 * `additionalProperties`, `patternProperties`) or needs them (`minProperties`): an absent
 * `additionalProperties` allows extra names, but many servers reject unknown fields, and a
 * contract tester should exercise the contract, not that corner.
 */
import * as fc from 'fast-check';
import { ANY_VALUE, EXTRA_KEY } from './any-value';
import { boundedFilter, distinctArray } from './bounded-filter';
import type { GenContext } from './context';
import { normalizeKeywords } from './normalize';
import { resolveRef, type SchemaNode } from './resolve-ref';
import { allowsUnknownNames, knownPropertyNames, propertyNodes, type Shape } from './shape';
import { patternArbitrary } from './strings';
import { objectFromEntries } from './util';
import { isSchema, isSchemaObject } from './walk';

export type Build = (nodes: readonly SchemaNode[], depth: number) => fc.Arbitrary<unknown> | null;

export interface PropertyPlan {
  readonly name: string;
  readonly nodes: readonly SchemaNode[];
  readonly required: boolean;
}

export interface ObjectPlan {
  /** Properties that may be generated, required ones first. */
  readonly properties: readonly PropertyPlan[];
  /** Past maxDepth: only what the schema demands (required properties, minProperties). */
  readonly minimal: boolean;
}

/** Most properties a generated object invents beyond the named ones. */
const MAX_EXTRA_PROPERTIES = 2;
const OMIT = Symbol('omitted property');

export function planObject(shape: Shape, ctx: GenContext): ObjectPlan | null {
  const required = requiredClosure(shape);
  const properties: PropertyPlan[] = [];
  for (const name of new Set([...required, ...knownPropertyNames(shape)])) {
    const isRequired = required.has(name);
    const nodes = propertyNodes(shape, name);
    if (nodes === null || !nameAllowed(shape, name, ctx)) {
      if (isRequired) return null;
      continue;
    }
    if (!isRequired && isHidden(nodes, ctx)) continue;
    properties.push({ name, nodes, required: isRequired });
  }
  return { properties, minimal: shape.depth > ctx.maxDepth };
}

/** `required` plus whatever `dependentRequired` makes required through them. */
function requiredClosure(shape: Shape): Set<string> {
  const required = new Set(shape.required);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, dependents] of shape.dependentRequired) {
      if (!required.has(name)) continue;
      for (const dependent of dependents) {
        if (!required.has(dependent)) {
          required.add(dependent);
          grew = true;
        }
      }
    }
  }
  return required;
}

export function nameAllowed(shape: Shape, name: string, ctx: GenContext): boolean {
  return shape.propertyNames.every((node) => ctx.validator.validateNode(node, name));
}

/** readOnly properties are left out of requests, writeOnly ones out of responses. */
export function isHidden(nodes: readonly SchemaNode[], ctx: GenContext): boolean {
  if (!ctx.direction) return false;
  const keyword = ctx.direction === 'request' ? 'readOnly' : 'writeOnly';
  return nodes.some((node) => annotated(node, keyword, ctx, 0));
}

/** Whether `keyword: true` is on the schema, behind its `$ref`s or in its allOf/anyOf/oneOf. */
function annotated(node: SchemaNode, keyword: string, ctx: GenContext, depth: number): boolean {
  if (depth > 16 || !isSchemaObject(node.schema)) return false;
  const s = normalizeKeywords(node.schema);
  if (s[keyword] === true) return true;
  if (typeof s.$ref === 'string') {
    try {
      if (annotated(resolveRef(s.$ref, node.base, ctx.registry), keyword, ctx, depth + 1)) return true;
    } catch {
      return false;
    }
  }
  for (const list of [s.allOf, s.anyOf, s.oneOf]) {
    if (!Array.isArray(list)) continue;
    if (list.some((sub) => isSchema(sub) && annotated({ schema: sub, base: node.base }, keyword, ctx, depth + 1))) return true;
  }
  return false;
}

type Entry = readonly [string, unknown];

export function objectArbitrary(shape: Shape, ctx: GenContext, build: Build): fc.Arbitrary<Record<string, unknown>> | null {
  const plan = planObject(shape, ctx);
  if (!plan) return null;
  const required: { name: string; arbitrary: fc.Arbitrary<unknown> }[] = [];
  const optional: { name: string; arbitrary: fc.Arbitrary<unknown> }[] = [];
  for (const property of plan.properties) {
    if (!property.required && plan.minimal && shape.minProperties <= required.length) continue;
    const arbitrary = property.nodes.length > 0 ? build(property.nodes, shape.depth) : ANY_VALUE;
    if (!arbitrary) {
      if (property.required) return null;
      continue;
    }
    (property.required ? required : optional).push({ name: property.name, arbitrary });
  }
  const minProperties = shape.minProperties;
  const maxProperties = shape.maxProperties ?? Infinity;
  if (required.length > maxProperties) return null;

  const extraSources = extraEntryArbitraries(shape, ctx, build);
  const explicitExtras = shape.objectLayers.some((layer) => layer.additional !== undefined && layer.additional.schema !== false);
  const sources = [...(explicitExtras ? extraSources.free : []), ...extraSources.patterned];
  // Names we must invent because the named properties cannot reach minProperties.
  const needed = Math.max(0, minProperties - required.length - optional.length);
  if (needed > 0 && sources.length === 0) sources.push(...extraSources.free);
  if (needed > 0 && sources.length === 0) return null;
  const extrasMax = Math.min(maxProperties - required.length, plan.minimal ? needed : Math.max(needed, sources.length > 0 ? MAX_EXTRA_PROPERTIES : 0));
  if (needed > extrasMax) return null;
  const extras: fc.Arbitrary<Entry[]> | null =
    sources.length > 0 && extrasMax > 0
      ? distinctArray(fc.oneof(...sources), { minLength: needed, maxLength: extrasMax, equals: (a, b) => a[0] === b[0] })
      : fc.constant([]);
  if (!extras) return null;

  // With a minProperties to reach, absent optional properties need a value at hand.
  const withPresence = minProperties > required.length;
  const optionalArbitraries = optional.map(({ arbitrary }) =>
    withPresence ? fc.tuple(fc.boolean(), arbitrary) : fc.option(arbitrary, { nil: OMIT, freq: 4 }),
  );
  const requiredNames = new Set(required.map(({ name }) => name));

  const assembled = fc
    .tuple(fc.tuple(...required.map(({ arbitrary }) => arbitrary)), fc.tuple(...optionalArbitraries), extras)
    .map(([requiredValues, optionalValues, extraEntries]) => {
      const fixed: Entry[] = required.map(({ name }, i) => [name, requiredValues[i]] as const);
      const present: Entry[] = [];
      const absent: Entry[] = [];
      optional.forEach(({ name }, i) => {
        const generated = optionalValues[i];
        if (withPresence) {
          const [isPresent, value] = generated as [boolean, unknown];
          (isPresent ? present : absent).push([name, value]);
        } else if (generated !== OMIT) present.push([name, generated]);
      });
      const invented = [...extraEntries];
      const count = (): number => fixed.length + present.length + invented.length;
      while (count() < minProperties && absent.length > 0) present.push(absent.shift() as Entry);
      while (count() > maxProperties && invented.length > 0) invented.pop();
      while (count() > maxProperties && present.length > 0) present.pop();
      dropUnmetDependencies(shape, requiredNames, present, invented);
      return objectFromEntries([...fixed, ...present, ...invented]);
    });
  if (minProperties === 0 && maxProperties === Infinity && shape.dependentRequired.size === 0) return assembled;
  return boundedFilter(assembled, (value) => {
    const size = Object.keys(value).length;
    return size >= minProperties && size <= maxProperties;
  });
}

/** A present optional property whose dependentRequired names are not all present goes. */
function dropUnmetDependencies(shape: Shape, required: ReadonlySet<string>, present: Entry[], invented: Entry[]): void {
  if (shape.dependentRequired.size === 0) return;
  for (let round = 0; round < 8; round++) {
    const names = new Set([...required, ...present.map(([name]) => name), ...invented.map(([name]) => name)]);
    let changed = false;
    for (const [name, dependents] of shape.dependentRequired) {
      if (!names.has(name) || required.has(name) || dependents.every((dependent) => names.has(dependent))) continue;
      for (const list of [present, invented]) {
        const index = list.findIndex(([entryName]) => entryName === name);
        if (index >= 0) list.splice(index, 1);
      }
      changed = true;
    }
    if (!changed) return;
  }
}

/**
 * Entries under invented names: `free` ones fall under additionalProperties of every layer,
 * `patterned` ones match a patternProperties pattern (and satisfy every schema that then applies).
 */
export function extraEntryArbitraries(
  shape: Shape,
  ctx: GenContext,
  build: Build,
): { free: fc.Arbitrary<Entry>[]; patterned: fc.Arbitrary<Entry>[] } {
  const known = new Set(knownPropertyNames(shape));
  const patterns = shape.objectLayers.flatMap((layer) => layer.patterns);
  const free: fc.Arbitrary<Entry>[] = [];
  if (allowsUnknownNames(shape)) {
    const nodes = shape.objectLayers.map((layer) => layer.additional).filter((node): node is SchemaNode => node !== undefined);
    const value = nodes.length > 0 ? build(nodes, shape.depth) : ANY_VALUE;
    const keySource: fc.Arbitrary<unknown> | null = shape.propertyNames.length > 0 ? build(shape.propertyNames, shape.depth) : EXTRA_KEY;
    const key =
      keySource &&
      boundedFilter(
        keySource,
        (name): boolean =>
          typeof name === 'string' && !known.has(name) && !patterns.some((p) => p.regex.test(name)) && nameAllowed(shape, name, ctx),
      );
    if (value && key) free.push(fc.tuple(key as fc.Arbitrary<string>, value));
  }
  const valueCache = new Map<string, fc.Arbitrary<unknown> | null>();
  const valueFor = (name: string): fc.Arbitrary<unknown> | null => {
    const nodes = propertyNodes(shape, name);
    if (nodes === null) return null;
    // Names matching the same patterns share one arbitrary.
    const signature = shape.objectLayers.map((layer) => layer.patterns.map((p) => (p.regex.test(name) ? 1 : 0)).join('')).join('|');
    if (!valueCache.has(signature)) valueCache.set(signature, nodes.length > 0 ? build(nodes, shape.depth) : ANY_VALUE);
    return valueCache.get(signature) ?? null;
  };
  const patterned: fc.Arbitrary<Entry>[] = [];
  for (const pattern of patterns.slice(0, 3)) {
    const key = patternArbitrary(
      pattern.source,
      { min: 0, max: Infinity, generatedMax: 20 },
      (name) => !known.has(name) && nameAllowed(shape, name, ctx) && valueFor(name) !== null,
    );
    if (key) patterned.push(key.chain((name) => (valueFor(name) as fc.Arbitrary<unknown>).map((value): Entry => [name, value])));
  }
  return { free, patterned };
}

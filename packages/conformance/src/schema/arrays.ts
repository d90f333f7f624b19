/**
 * Arrays: `items`, tuples (draft-07 `items: [..]` + `additionalItems`, 2020-12 `prefixItems` +
 * `items`), `minItems`/`maxItems`, `uniqueItems` (deep equality, as ajv), `contains` (best
 * effort: one matching item is inserted; min/maxContains are left to the shape's check).
 */
import * as fc from 'fast-check';
import { ANY_VALUE } from './any-value';
import { boundedFilter, distinctArray } from './bounded-filter';
import type { GenContext } from './context';
import type { Build } from './objects';
import type { SchemaNode } from './resolve-ref';
import type { Shape } from './shape';
import { allUnique, deepEqual } from './util';

/** Longest array generated when the schema sets no maxItems (beyond minItems). */
export const DEFAULT_MAX_ITEMS = 5;

export interface ArrayPlan {
  /** Schemas of each leading position (all layers' prefix or rest schema there). */
  readonly prefix: readonly (readonly SchemaNode[])[];
  /** Schemas of the positions after the prefix; null: no such positions allowed. */
  readonly rest: readonly SchemaNode[] | null;
  readonly minItems: number;
  /** The schema's limit (Infinity when none). */
  readonly maxItems: number;
  /** The longest we generate. */
  readonly generatedMax: number;
  readonly minimal: boolean;
}

export function planArray(shape: Shape, ctx: GenContext): ArrayPlan | null {
  let maxItems = shape.maxItems ?? Infinity;
  const prefixLength = Math.max(0, ...shape.arrayLayers.map((layer) => layer.prefix.length));
  const prefix: SchemaNode[][] = [];
  for (let index = 0; index < prefixLength && index < maxItems; index++) {
    const nodes = shape.arrayLayers
      .map((layer) => (index < layer.prefix.length ? layer.prefix[index] : layer.rest))
      .filter((node): node is SchemaNode => node !== undefined);
    if (nodes.some((node) => node.schema === false)) {
      maxItems = index;
      break;
    }
    prefix.push(nodes);
  }
  let rest: SchemaNode[] | null = shape.arrayLayers.map((layer) => layer.rest).filter((node): node is SchemaNode => node !== undefined);
  if (rest.some((node) => node.schema === false) || prefix.length < prefixLength) {
    rest = null;
    maxItems = Math.min(maxItems, prefix.length);
  }
  const minItems = shape.minItems;
  if (minItems > maxItems) return null;
  const minimal = shape.depth > ctx.maxDepth;
  const generatedMax = minimal ? minItems : Math.min(maxItems, Math.max(minItems + 2, DEFAULT_MAX_ITEMS));
  return { prefix, rest, minItems, maxItems, generatedMax, minimal };
}

export function arrayArbitrary(shape: Shape, ctx: GenContext, build: Build): fc.Arbitrary<unknown[]> | null {
  const plan = planArray(shape, ctx);
  if (!plan) return null;
  const depth = shape.depth;
  let limit = plan.generatedMax;
  const prefixArbitraries: fc.Arbitrary<unknown>[] = [];
  for (const nodes of plan.prefix.slice(0, limit)) {
    const arbitrary = nodes.length > 0 ? build(nodes, depth) : ANY_VALUE;
    if (!arbitrary) {
      limit = prefixArbitraries.length; // this position cannot be filled, nor any after it
      break;
    }
    prefixArbitraries.push(arbitrary);
  }
  const rest = plan.rest === null ? null : plan.rest.length > 0 ? build(plan.rest, depth) : ANY_VALUE;
  if (!rest) limit = Math.min(limit, prefixArbitraries.length);
  if (plan.minItems > limit) return null;
  const min = plan.minItems;

  let arbitrary: fc.Arbitrary<unknown[]> | null;
  if (prefixArbitraries.length === 0) {
    const items = rest as fc.Arbitrary<unknown>;
    arbitrary =
      limit === 0
        ? fc.constant([])
        : shape.uniqueItems
          ? distinctArray(items, { minLength: min, maxLength: limit, equals: deepEqual })
          : fc.array(items, { minLength: min, maxLength: limit });
  } else {
    const head = prefixArbitraries.slice(0, limit);
    const restMin = Math.max(0, min - head.length);
    const restMax = Math.max(0, limit - head.length);
    const tail: fc.Arbitrary<unknown[]> = rest && restMax > 0 ? fc.array(rest, { minLength: restMin, maxLength: restMax }) : fc.constant([]);
    // A tuple may stop before its end (prefixItems does not require presence).
    const cut = min < head.length ? fc.integer({ min, max: head.length }) : fc.constant(head.length);
    arbitrary = fc
      .tuple(fc.tuple(...head), tail, cut)
      .map(([values, more, length]) => (length < head.length ? values.slice(0, length) : [...values, ...more]));
    if (shape.uniqueItems) arbitrary = boundedFilter(arbitrary, allUnique);
  }
  if (!arbitrary || shape.contains.length === 0) return arbitrary;
  return withContainedItem(arbitrary, shape, plan, prefixArbitraries.length, build);
}

/** Puts one item matching `contains` (and the rest schema) into the generated arrays. */
function withContainedItem(
  arbitrary: fc.Arbitrary<unknown[]>,
  shape: Shape,
  plan: ArrayPlan,
  prefixLength: number,
  build: Build,
): fc.Arbitrary<unknown[]> | null {
  if (plan.rest === null) return arbitrary; // no free position: the shape's check decides
  const item = build([...shape.contains, ...plan.rest], shape.depth);
  if (!item) return null;
  return fc.tuple(arbitrary, item, fc.nat()).map(([items, extra, position]) => {
    const out = [...items];
    const start = Math.min(prefixLength, out.length);
    const at = start + (position % (out.length - start + 1));
    if (out.length < plan.maxItems) out.splice(at, 0, extra);
    else if (out.length > start) out[Math.min(at, out.length - 1)] = extra;
    return out;
  });
}

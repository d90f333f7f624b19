import type { OpenApiDocument } from '../spec/openapi-version';
import { refTokens } from '../contract/index-operations';
import { getAt } from '../spec/ref-closure';
import { canonicalJson } from '../contract/canonical-json';

/** A schema node as found in a document, with its JSON pointer there (for locations). */
export interface SchemaSlot {
  readonly node: unknown;
  readonly pointer: string;
}

/** An inclusive or exclusive bound. */
export interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
}

/** One property of an object view: every node defining it (several when allOf members repeat it). */
export interface PropertySlot {
  readonly slots: readonly SchemaSlot[];
}

/**
 * A schema as its contract reads, independent of how it is written: `$ref` chains followed,
 * `allOf` merged, OpenAPI 3.0 `nullable` and 3.1 type arrays both turned into a set of types
 * with `null`. Two schemas that describe the same values give equal views whatever their
 * components are called or however their allOf is split; comparing views is what keeps `$ref`
 * refactorings from producing findings.
 */
export interface SchemaView {
  /** Identity for cycle detection and caching: the `$ref`s merged into it, or its pointer when inline. */
  readonly key: string;
  /** Whether `key` is made of `$ref`s only (a stable name worth caching comparisons under). */
  readonly named: boolean;
  /** Pointer of the node that defines it (the last `$ref` target, or the inline node). */
  readonly pointer: string;
  /** Possible JSON types (`integer` ⊂ `number`); undefined when any value is allowed. */
  readonly types: ReadonlySet<string> | undefined;
  /** Canonical JSON of each allowed value, when the schema has an enum (or const). */
  readonly enumValues: ReadonlySet<string> | undefined;
  readonly format: string | undefined;
  readonly maxLength: number | undefined;
  readonly minLength: number | undefined;
  readonly maxItems: number | undefined;
  readonly minItems: number | undefined;
  readonly maximum: Bound | undefined;
  readonly minimum: Bound | undefined;
  readonly patterns: readonly string[];
  readonly properties: ReadonlyMap<string, PropertySlot>;
  readonly required: ReadonlySet<string>;
  /** undefined: not said (open); false: closed; a schema: the values' schema (true reads as undefined). */
  readonly additionalProperties: false | SchemaSlot | undefined;
  readonly items: SchemaSlot | undefined;
  /** oneOf/anyOf members; the view's other keywords apply to each of them too. */
  readonly branches: readonly SchemaSlot[];
  readonly readOnly: boolean;
  readonly writeOnly: boolean;
  /**
   * OpenAPI 3.0 `nullable: true` on the node itself. Beside `allOf` or `oneOf` (no `type` of its
   * own) it still means "or null" (GitHub's spec writes nullable references so), so it is applied
   * to the types merged in from there.
   */
  readonly nullable: boolean;
}

type SchemaObject = Record<string, unknown>;

const ANY_VIEW_FIELDS = {
  types: undefined,
  enumValues: undefined,
  format: undefined,
  maxLength: undefined,
  minLength: undefined,
  maxItems: undefined,
  minItems: undefined,
  maximum: undefined,
  minimum: undefined,
  patterns: [],
  properties: new Map<string, PropertySlot>(),
  required: new Set<string>(),
  additionalProperties: undefined,
  items: undefined,
  branches: [],
  readOnly: false,
  writeOnly: false,
  nullable: false,
} as const;

/** Deeper allOf chains than this are cut (a guard: real specs nest a handful). */
const MAX_MERGE_DEPTH = 32;

/** Builds (and memoises) schema views for one document. */
export class SchemaViews {
  private readonly byRef = new Map<string, SchemaView>();
  private readonly byNode = new WeakMap<object, SchemaView>();
  private readonly withBranches = new Map<string, SchemaView>();

  constructor(private readonly document: OpenApiDocument) {}

  view(slot: SchemaSlot): SchemaView {
    return this.build(slot, new Set(), 0);
  }

  /** The view of a property (its definitions merged when allOf members repeat it). */
  property(property: PropertySlot): SchemaView {
    if (property.slots.length === 1) return this.view(property.slots[0] as SchemaSlot);
    return this.mergeSlots(property.slots, new Set(), 0);
  }

  /** A view with one of its branches merged in (`type: object` + `oneOf: [A, B]` → object ∧ A). */
  withBranch(outer: SchemaView, branch: SchemaSlot): SchemaView {
    const inner = this.view(branch);
    const key = `${outer.key}&${inner.key}`;
    let merged = this.withBranches.get(key);
    if (!merged) {
      merged = mergeViews([{ ...outer, branches: [] }, inner], key, outer.named && inner.named, inner.pointer);
      this.withBranches.set(key, merged);
    }
    return merged;
  }

  /** Views are memoised per `$ref` and per inline object: shared components are built once. */
  private build(slot: SchemaSlot, merging: Set<string>, depth: number): SchemaView {
    const node = slot.node;
    const cached = isRef(node) ? this.byRef.get(node.$ref) : isObjectNode(node) ? this.byNode.get(node) : undefined;
    if (cached) return cached;
    const built = this.buildUncached(slot, merging, depth);
    if (isRef(node)) this.byRef.set(node.$ref, built);
    else if (isObjectNode(node)) this.byNode.set(node, built);
    return built;
  }

  private buildUncached(slot: SchemaSlot, merging: Set<string>, depth: number): SchemaView {
    const refs: string[] = [];
    let current = slot;
    while (isRef(current.node)) {
      const ref = current.node.$ref;
      if (!ref.startsWith('#') || refs.includes(ref) || merging.has(ref)) return anyView(ref, true, slot.pointer);
      refs.push(ref);
      current = { node: getAt(this.document, refTokens(ref)), pointer: decodePointer(ref) };
    }
    const key = refs.length > 0 ? (refs[refs.length - 1] as string) : `@${current.pointer}`;
    const node = current.node;
    if (node === true || node === undefined || node === null || typeof node !== 'object' || Array.isArray(node)) {
      return node === false ? { ...anyView(key, refs.length > 0, current.pointer), types: new Set() } : anyView(key, refs.length > 0, current.pointer);
    }
    const schema = node as SchemaObject;
    const own = ownView(schema, current.pointer, key, refs.length > 0);
    const allOf = Array.isArray(schema.allOf) ? schema.allOf : [];
    if (allOf.length === 0 || depth >= MAX_MERGE_DEPTH) return own;
    const inner = new Set(merging);
    for (const ref of refs) inner.add(ref);
    const members = allOf.map((member, i) => this.build({ node: member, pointer: `${current.pointer}/allOf/${i}` }, inner, depth + 1));
    return mergeViews([own, ...members], key, refs.length > 0, current.pointer);
  }

  private mergeSlots(slots: readonly SchemaSlot[], merging: Set<string>, depth: number): SchemaView {
    const views = slots.map((slot) => this.build(slot, merging, depth + 1));
    const first = views[0] as SchemaView;
    return mergeViews(views, views.map((v) => v.key).join('&'), views.every((v) => v.named), first.pointer);
  }
}

function anyView(key: string, named: boolean, pointer: string): SchemaView {
  return { key, named, pointer, ...ANY_VIEW_FIELDS };
}

/** The keywords of one schema object, without its allOf. */
function ownView(schema: SchemaObject, pointer: string, key: string, named: boolean): SchemaView {
  const properties = new Map<string, PropertySlot>();
  if (isObject(schema.properties)) {
    for (const [name, node] of Object.entries(schema.properties)) {
      properties.set(name, { slots: [{ node, pointer: `${pointer}/properties/${escapeToken(name)}` }] });
    }
  }
  const additional = schema.additionalProperties;
  const branchKey = Array.isArray(schema.oneOf) ? 'oneOf' : Array.isArray(schema.anyOf) ? 'anyOf' : undefined;
  const branchList = branchKey ? (schema[branchKey] as unknown[]) : [];
  return {
    key,
    named,
    pointer,
    types: typesOf(schema),
    enumValues: enumOf(schema),
    format: typeof schema.format === 'string' ? schema.format : undefined,
    maxLength: numberOf(schema.maxLength),
    minLength: numberOf(schema.minLength),
    maxItems: numberOf(schema.maxItems),
    minItems: numberOf(schema.minItems),
    maximum: boundOf(schema.maximum, schema.exclusiveMaximum, 'max'),
    minimum: boundOf(schema.minimum, schema.exclusiveMinimum, 'min'),
    patterns: typeof schema.pattern === 'string' ? [schema.pattern] : [],
    properties,
    required: new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []),
    additionalProperties: additional === false ? false : isObject(additional) ? { node: additional, pointer: `${pointer}/additionalProperties` } : undefined,
    items: isObject(schema.items) ? { node: schema.items, pointer: `${pointer}/items` } : undefined,
    branches: branchList.map((node, i) => ({ node, pointer: `${pointer}/${branchKey}/${i}` })),
    readOnly: schema.readOnly === true,
    writeOnly: schema.writeOnly === true,
    nullable: schema.nullable === true,
  };
}

/** The types a schema object allows: its `type` (string or 3.1 array) plus `null` when nullable. */
function typesOf(schema: SchemaObject): Set<string> | undefined {
  let types: string[] | undefined;
  if (typeof schema.type === 'string') types = [schema.type];
  else if (Array.isArray(schema.type)) types = schema.type.filter((t): t is string => typeof t === 'string');
  else if (isObject(schema.properties) || schema.additionalProperties !== undefined) types = ['object'];
  else if (schema.items !== undefined) types = ['array'];
  if (types === undefined) return undefined;
  if (schema.nullable === true) types.push('null');
  return new Set(types);
}

function enumOf(schema: SchemaObject): Set<string> | undefined {
  if ('const' in schema) return new Set([canonicalJson(schema.const)]);
  if (!Array.isArray(schema.enum)) return undefined;
  const values = new Set(schema.enum.map((v) => canonicalJson(v)));
  // A 3.0 nullable enum allows null without listing it.
  if (schema.nullable === true) values.add('null');
  return values;
}

function boundOf(inclusive: unknown, exclusive: unknown, side: 'max' | 'min'): Bound | undefined {
  const candidates: Bound[] = [];
  if (typeof inclusive === 'number') candidates.push({ value: inclusive, exclusive: exclusive === true });
  if (typeof exclusive === 'number') candidates.push({ value: exclusive, exclusive: true });
  return candidates.reduce<Bound | undefined>((a, b) => (a === undefined ? b : tighterBound(a, b, side)), undefined);
}

/** The tighter of two bounds of one side. */
export function tighterBound(a: Bound, b: Bound, side: 'max' | 'min'): Bound {
  if (a.value !== b.value) return (side === 'max' ? a.value < b.value : a.value > b.value) ? a : b;
  return a.exclusive ? a : b;
}

/** allOf: every member's constraints at once; the first view is the outer schema (see `nullable`). */
function mergeViews(views: readonly SchemaView[], key: string, named: boolean, pointer: string): SchemaView {
  const properties = new Map<string, PropertySlot>();
  const required = new Set<string>();
  const patterns = new Set<string>();
  const branches: SchemaSlot[] = [];
  let types: Set<string> | undefined;
  let enumValues: Set<string> | undefined;
  let additionalProperties: false | SchemaSlot | undefined;
  let items: SchemaSlot | undefined;
  let format: string | undefined;
  const numbers = { maxLength: undefined as number | undefined, minLength: undefined as number | undefined, maxItems: undefined as number | undefined, minItems: undefined as number | undefined };
  let maximum: Bound | undefined;
  let minimum: Bound | undefined;
  for (const view of views) {
    for (const [name, property] of view.properties) {
      const existing = properties.get(name);
      properties.set(name, existing ? { slots: [...existing.slots, ...property.slots] } : property);
    }
    for (const name of view.required) required.add(name);
    for (const pattern of view.patterns) patterns.add(pattern);
    branches.push(...view.branches);
    if (view.types) types = types ? intersectTypes(types, view.types) : new Set(view.types);
    if (view.enumValues) enumValues = enumValues ? new Set([...enumValues].filter((v) => view.enumValues?.has(v))) : new Set(view.enumValues);
    if (view.additionalProperties === false) additionalProperties = false;
    else if (view.additionalProperties && additionalProperties === undefined) additionalProperties = view.additionalProperties;
    items ??= view.items;
    format ??= view.format;
    numbers.maxLength = pick(numbers.maxLength, view.maxLength, Math.min);
    numbers.minLength = pick(numbers.minLength, view.minLength, Math.max);
    numbers.maxItems = pick(numbers.maxItems, view.maxItems, Math.min);
    numbers.minItems = pick(numbers.minItems, view.minItems, Math.max);
    if (view.maximum) maximum = maximum ? tighterBound(maximum, view.maximum, 'max') : view.maximum;
    if (view.minimum) minimum = minimum ? tighterBound(minimum, view.minimum, 'min') : view.minimum;
  }
  const outer = views[0];
  if (outer?.nullable && types) types.add('null');
  return {
    key,
    named,
    pointer,
    types,
    enumValues,
    format,
    ...numbers,
    maximum,
    minimum,
    patterns: [...patterns].sort(),
    properties,
    required,
    additionalProperties,
    items,
    branches,
    readOnly: views.some((v) => v.readOnly),
    writeOnly: views.some((v) => v.writeOnly),
    nullable: outer?.nullable ?? false,
  };
}

function intersectTypes(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const t of a) {
    if (b.has(t)) out.add(t);
    else if (t === 'integer' && b.has('number')) out.add('integer');
    else if (t === 'number' && b.has('integer')) out.add('integer');
  }
  return out;
}

function pick(a: number | undefined, b: number | undefined, choose: (x: number, y: number) => number): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return choose(a, b);
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function isRef(node: unknown): node is { $ref: string } {
  return node !== null && typeof node === 'object' && typeof (node as { $ref?: unknown }).$ref === 'string';
}

function isObjectNode(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

function isObject(value: unknown): value is SchemaObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The JSON pointer an internal `$ref` names (its fragment is URI-encoded). */
export function decodePointer(ref: string): string {
  try {
    return decodeURIComponent(ref.slice(1));
  } catch {
    return ref.slice(1);
  }
}

/**
 * A Shape is what a list of schemas demands together, flattened: `$ref`s followed, `allOf`
 * merged, each keyword family intersected (types, bounds, lengths, required, …). Generating from
 * a Shape is then a matter of one module per keyword family.
 *
 * What cannot be intersected keyword by keyword stays structured: object and array keywords are
 * kept per contributing schema ("layers", because `additionalProperties` only speaks about the
 * `properties` of its own schema), `oneOf`/`anyOf` stay as groups that combinators.ts expands one
 * branch at a time, and anything we only approximate sets `needsCheck`, which makes the value
 * pass an ajv check against `sources` (the original schemas) before it is used.
 */
import type { JsonSchema } from '../model/types';
import type { GenContext } from './context';
import {
  arrayLayout,
  numericBounds,
  normalizeKeywords,
  readTypes,
  tighterLower,
  tighterUpper,
  type Bound,
  type JsonType,
} from './normalize';
import { compilePattern as compileLinear, type PatternMatcher } from '@specwright/runtime';
import { parsePointer, resolveRef, type SchemaNode } from './resolve-ref';
import { deepEqual } from './util';
import { isSchema, isSchemaObject, type SchemaObject } from './walk';

export interface PatternProperty {
  readonly source: string;
  readonly regex: PatternMatcher;
  readonly node: SchemaNode;
}

export interface ObjectLayer {
  readonly properties: ReadonlyMap<string, SchemaNode>;
  readonly patterns: readonly PatternProperty[];
  /** undefined: unknown names are unconstrained by this layer. */
  readonly additional: SchemaNode | undefined;
}

export interface ArrayLayer {
  readonly prefix: readonly SchemaNode[];
  /** Positions after the prefix; undefined: unconstrained. */
  readonly rest: SchemaNode | undefined;
}

export interface Discriminator {
  readonly propertyName: string;
  readonly mapping: Readonly<Record<string, string>>;
}

export interface Group {
  readonly kind: 'oneOf' | 'anyOf';
  readonly branches: readonly SchemaNode[];
  readonly discriminator: Discriminator | undefined;
}

export interface Shape {
  /** Allowed types (intersection so far); undefined: not constrained by `type`. */
  types: JsonType[] | undefined;
  /** Candidate values from `enum`/`const` (intersection); each is checked against `sources`. */
  enumValues: unknown[] | undefined;
  lower: Bound | undefined;
  upper: Bound | undefined;
  multipleOf: number[];
  formats: string[];
  minLength: number;
  maxLength: number | undefined;
  patterns: string[];
  minItems: number;
  maxItems: number | undefined;
  uniqueItems: boolean;
  arrayLayers: ArrayLayer[];
  contains: SchemaNode[];
  minProperties: number;
  maxProperties: number | undefined;
  required: string[];
  objectLayers: ObjectLayer[];
  propertyNames: SchemaNode[];
  dependentRequired: Map<string, string[]>;
  /** Discriminators met without oneOf/anyOf beside them (allOf inheritance). */
  discriminators: Discriminator[];
  /** Property names a discriminator already fixed. */
  forced: Set<string>;
  /** The `$ref`s followed, outermost first (names the schema for an implicit discriminator). */
  refs: string[];
  groups: Group[];
  nots: SchemaNode[];
  /** Values from `examples`/`example`/`default`, for the coverage phase. */
  examples: unknown[];
  /** The schemas this shape came from: a value is valid iff it validates against all of them. */
  sources: SchemaNode[];
  /** Recursive `$ref` expansions on the way here. */
  depth: number;
  impossible: boolean;
  needsCheck: boolean;
  readOnly: boolean;
  writeOnly: boolean;
}

export function emptyShape(depth: number): Shape {
  return {
    types: undefined,
    enumValues: undefined,
    lower: undefined,
    upper: undefined,
    multipleOf: [],
    formats: [],
    minLength: 0,
    maxLength: undefined,
    patterns: [],
    minItems: 0,
    maxItems: undefined,
    uniqueItems: false,
    arrayLayers: [],
    contains: [],
    minProperties: 0,
    maxProperties: undefined,
    required: [],
    objectLayers: [],
    propertyNames: [],
    dependentRequired: new Map(),
    discriminators: [],
    forced: new Set(),
    refs: [],
    groups: [],
    nots: [],
    examples: [],
    sources: [],
    depth,
    impossible: false,
    needsCheck: false,
    readOnly: false,
    writeOnly: false,
  };
}

export function cloneShape(shape: Shape): Shape {
  return {
    ...shape,
    types: shape.types && [...shape.types],
    enumValues: shape.enumValues && [...shape.enumValues],
    multipleOf: [...shape.multipleOf],
    formats: [...shape.formats],
    patterns: [...shape.patterns],
    arrayLayers: [...shape.arrayLayers],
    contains: [...shape.contains],
    required: [...shape.required],
    objectLayers: [...shape.objectLayers],
    propertyNames: [...shape.propertyNames],
    dependentRequired: new Map(shape.dependentRequired),
    discriminators: [...shape.discriminators],
    forced: new Set(shape.forced),
    refs: [...shape.refs],
    groups: [...shape.groups],
    nots: [...shape.nots],
    examples: [...shape.examples],
    sources: [...shape.sources],
  };
}

/** The Shape of all `nodes` together (an implicit allOf). */
export function flatten(nodes: readonly SchemaNode[], depth: number, ctx: GenContext): Shape {
  const shape = emptyShape(depth);
  for (const node of nodes) {
    mergeNode(shape, node, ctx);
    shape.sources.push(node);
  }
  return shape;
}

/** Keywords we only approximate while generating: their presence makes ajv check the result. */
const CHECKED_KEYWORDS = [
  'minContains',
  'maxContains',
  'dependentSchemas',
  'unevaluatedProperties',
  'unevaluatedItems',
  '$dynamicRef',
  '$recursiveRef',
] as const;

/** Merges one schema into `shape` (allOf semantics). */
export function mergeNode(shape: Shape, node: SchemaNode, ctx: GenContext): void {
  const raw = node.schema;
  if (raw === false) {
    shape.impossible = true;
    return;
  }
  if (!isSchemaObject(raw)) return;
  const s = normalizeKeywords(raw);
  const child = (schema: JsonSchema): SchemaNode => ({ schema, base: node.base });

  if (typeof s.$ref === 'string') {
    const target = resolveRef(s.$ref, node.base, ctx.registry);
    if (ctx.refGraph.isRecursive(target)) {
      shape.depth++;
      if (shape.depth > ctx.hardDepth) {
        shape.impossible = true;
        return;
      }
    }
    shape.refs.push(s.$ref);
    mergeNode(shape, target, ctx);
  }
  for (const keyword of CHECKED_KEYWORDS) if (s[keyword] !== undefined) shape.needsCheck = true;

  mergeTypes(shape, s);
  mergeEnum(shape, s);
  mergeNumbers(shape, s);
  mergeStrings(shape, s);
  mergeArrays(shape, s, node, ctx);
  mergeObjects(shape, s, node);

  if (s.readOnly === true) shape.readOnly = true;
  if (s.writeOnly === true) shape.writeOnly = true;
  if (Array.isArray(s.examples)) shape.examples.push(...(s.examples as unknown[]));
  if (s.example !== undefined) shape.examples.push(s.example);
  if (s.default !== undefined) shape.examples.push(s.default);

  if (Array.isArray(s.allOf)) for (const sub of s.allOf) if (isSchema(sub)) mergeNode(shape, child(sub), ctx);

  const discriminator = readDiscriminator(s);
  let grouped = false;
  for (const kind of ['anyOf', 'oneOf'] as const) {
    const list = s[kind];
    if (!Array.isArray(list)) continue;
    const branches = list.filter(isSchema).map(child);
    if (branches.length === 0) continue;
    shape.groups.push({ kind, branches, discriminator });
    grouped = true;
  }
  if (discriminator && !grouped) shape.discriminators.push(discriminator);

  if (isSchema(s.not)) {
    shape.nots.push(child(s.not));
    shape.needsCheck = true;
  }
  if (isSchema(s.if)) {
    // if/then/else as two alternatives: (if ∧ then) ∨ (¬if ∧ else); the ¬if makes it checked.
    const [whenTrue, whenFalse] = conditionalBranches(s);
    shape.groups.push({ kind: 'anyOf', branches: [child(whenTrue), child(whenFalse)], discriminator: undefined });
  }
}

function mergeTypes(shape: Shape, s: SchemaObject): void {
  const types = readTypes(s);
  if (!types) return;
  shape.types = shape.types ? intersectTypes(shape.types, types) : [...new Set(types)];
  if (shape.types.length === 0) shape.impossible = true;
}

export function intersectTypes(a: readonly JsonType[], b: readonly JsonType[]): JsonType[] {
  const out = new Set<JsonType>();
  for (const t of a) {
    for (const u of b) {
      if (t === u) out.add(t);
      else if ((t === 'number' && u === 'integer') || (t === 'integer' && u === 'number')) out.add('integer');
    }
  }
  return [...out];
}

function mergeEnum(shape: Shape, s: SchemaObject): void {
  let values: unknown[] | undefined;
  if ('const' in s && s.const !== undefined) values = [s.const];
  if (Array.isArray(s.enum)) values = values ? values.filter((v) => (s.enum as unknown[]).some((w) => deepEqual(v, w))) : [...s.enum];
  if (!values) return;
  const previous = shape.enumValues;
  const next = previous ? previous.filter((v) => values.some((w) => deepEqual(v, w))) : values;
  shape.enumValues = next.filter((v, i) => next.findIndex((w) => deepEqual(v, w)) === i);
  if (shape.enumValues.length === 0) shape.impossible = true;
}

function mergeNumbers(shape: Shape, s: SchemaObject): void {
  const { lower, upper } = numericBounds(s);
  shape.lower = tighterLower(shape.lower, lower);
  shape.upper = tighterUpper(shape.upper, upper);
  if (typeof s.multipleOf === 'number' && s.multipleOf > 0 && Number.isFinite(s.multipleOf)) {
    if (!shape.multipleOf.includes(s.multipleOf)) shape.multipleOf.push(s.multipleOf);
  }
  if (typeof s.format === 'string' && !shape.formats.includes(s.format)) {
    shape.formats.push(s.format);
    // Two different formats at once: we generate from one and let ajv judge the other.
    if (shape.formats.length > 1) shape.needsCheck = true;
  }
}

function mergeStrings(shape: Shape, s: SchemaObject): void {
  if (typeof s.minLength === 'number') shape.minLength = Math.max(shape.minLength, Math.ceil(s.minLength));
  if (typeof s.maxLength === 'number') shape.maxLength = Math.min(shape.maxLength ?? Infinity, Math.floor(s.maxLength));
  if (typeof s.pattern === 'string' && !shape.patterns.includes(s.pattern)) shape.patterns.push(s.pattern);
}

function mergeArrays(shape: Shape, s: SchemaObject, node: SchemaNode, ctx: GenContext): void {
  if (typeof s.minItems === 'number') shape.minItems = Math.max(shape.minItems, Math.ceil(s.minItems));
  if (typeof s.maxItems === 'number') shape.maxItems = Math.min(shape.maxItems ?? Infinity, Math.floor(s.maxItems));
  if (s.uniqueItems === true) shape.uniqueItems = true;
  const layout = arrayLayout(s, ctx.dialect);
  if (layout.prefix || layout.rest !== undefined) {
    shape.arrayLayers.push({
      prefix: (layout.prefix ?? []).map((schema) => ({ schema, base: node.base })),
      rest: layout.rest === undefined ? undefined : { schema: layout.rest, base: node.base },
    });
  }
  if (isSchema(s.contains)) {
    shape.contains.push({ schema: s.contains, base: node.base });
    shape.needsCheck = true;
  }
}

function mergeObjects(shape: Shape, s: SchemaObject, node: SchemaNode): void {
  const properties = new Map<string, SchemaNode>();
  if (isSchemaObject(s.properties)) {
    for (const [name, schema] of Object.entries(s.properties)) if (isSchema(schema)) properties.set(name, { schema, base: node.base });
  }
  const patterns: PatternProperty[] = [];
  if (isSchemaObject(s.patternProperties)) {
    for (const [source, schema] of Object.entries(s.patternProperties)) {
      const regex = compilePattern(source);
      if (regex && isSchema(schema)) patterns.push({ source, regex, node: { schema, base: node.base } });
    }
  }
  const additional = isSchema(s.additionalProperties) ? { schema: s.additionalProperties, base: node.base } : undefined;
  if (properties.size > 0 || patterns.length > 0 || additional) shape.objectLayers.push({ properties, patterns, additional });

  if (Array.isArray(s.required)) for (const name of s.required) if (typeof name === 'string' && !shape.required.includes(name)) shape.required.push(name);
  if (typeof s.minProperties === 'number') shape.minProperties = Math.max(shape.minProperties, Math.ceil(s.minProperties));
  if (typeof s.maxProperties === 'number') shape.maxProperties = Math.min(shape.maxProperties ?? Infinity, Math.floor(s.maxProperties));
  if (isSchema(s.propertyNames)) shape.propertyNames.push({ schema: s.propertyNames, base: node.base });
  // draft-07 `dependencies` holds both forms; 2019+ split them into dependentRequired/-Schemas.
  for (const keyword of ['dependentRequired', 'dependencies'] as const) {
    const map = s[keyword];
    if (!isSchemaObject(map)) continue;
    for (const [name, value] of Object.entries(map)) {
      if (Array.isArray(value)) {
        const names = value.filter((v): v is string => typeof v === 'string');
        shape.dependentRequired.set(name, [...(shape.dependentRequired.get(name) ?? []), ...names]);
      } else shape.needsCheck = true; // schema dependency: approximated, checked
    }
  }
  if (shape.dependentRequired.size > 0) shape.needsCheck = true;
}

/**
 * A pattern as the generated server checks it: JavaScript's syntax with the `u` flag, matched in
 * linear time where RE2 can express it (the runtime's engine), so testing a generated or
 * received value against `^(a+)+$` cannot stall a run. Null when it is not a valid regex.
 */
export function compilePattern(source: string): PatternMatcher | null {
  try {
    return compileLinear(source);
  } catch {
    return null;
  }
}

function readDiscriminator(s: SchemaObject): Discriminator | undefined {
  const d = s.discriminator;
  if (!isSchemaObject(d) || typeof d.propertyName !== 'string') return undefined;
  const mapping: Record<string, string> = {};
  if (isSchemaObject(d.mapping)) for (const [key, value] of Object.entries(d.mapping)) if (typeof value === 'string') mapping[key] = value;
  return { propertyName: d.propertyName, mapping };
}

const conditionals = new WeakMap<SchemaObject, readonly [SchemaObject, SchemaObject]>();

function conditionalBranches(s: SchemaObject): readonly [SchemaObject, SchemaObject] {
  let branches = conditionals.get(s);
  if (!branches) {
    const then = isSchema(s.then) ? s.then : true;
    const otherwise = isSchema(s.else) ? s.else : true;
    branches = [{ allOf: [s.if, then] }, { allOf: [{ not: s.if }, otherwise] }];
    conditionals.set(s, branches);
  }
  return branches;
}

/** Every property name the object keywords mention, required ones first. */
export function knownPropertyNames(shape: Shape): string[] {
  const names = new Set<string>(shape.required);
  for (const layer of shape.objectLayers) for (const name of layer.properties.keys()) names.add(name);
  return [...names];
}

/**
 * The schemas a property called `name` must satisfy, one or more per layer (`properties` and
 * matching `patternProperties` both apply; `additionalProperties` only when neither does).
 * null when some layer forbids the name outright.
 */
export function propertyNodes(shape: Shape, name: string): SchemaNode[] | null {
  const out: SchemaNode[] = [];
  for (const layer of shape.objectLayers) {
    let matched = false;
    const own = layer.properties.get(name);
    if (own) {
      out.push(own);
      matched = true;
    }
    for (const pattern of layer.patterns) {
      if (pattern.regex.test(name)) {
        out.push(pattern.node);
        matched = true;
      }
    }
    if (!matched && layer.additional) out.push(layer.additional);
  }
  return out.some((node) => node.schema === false) ? null : out;
}

/** Whether a name outside every `properties`/`patternProperties` may appear at all. */
export function allowsUnknownNames(shape: Shape): boolean {
  return shape.objectLayers.every((layer) => layer.additional?.schema !== false);
}

/** The last pointer token of a `$ref` (the component name for `…#/components/schemas/Pet`). */
export function refName(ref: string): string {
  const hash = ref.indexOf('#');
  const tokens = parsePointer(hash < 0 ? '' : ref.slice(hash + 1));
  return tokens[tokens.length - 1] ?? ref;
}

/** Types a shape implies without a `type` keyword (a schema with `properties` describes objects). */
export function impliedTypes(shape: Shape): JsonType[] {
  const out: JsonType[] = [];
  if (
    shape.objectLayers.length > 0 ||
    shape.required.length > 0 ||
    shape.minProperties > 0 ||
    shape.maxProperties !== undefined ||
    shape.propertyNames.length > 0 ||
    shape.dependentRequired.size > 0
  ) {
    out.push('object');
  }
  if (shape.arrayLayers.length > 0 || shape.minItems > 0 || shape.maxItems !== undefined || shape.contains.length > 0 || shape.uniqueItems) out.push('array');
  const stringFormat = shape.formats.some((f) => !NUMERIC_FORMATS.has(f));
  if (shape.minLength > 0 || shape.maxLength !== undefined || shape.patterns.length > 0 || stringFormat) out.push('string');
  const numericFormat = shape.formats.some((f) => NUMERIC_FORMATS.has(f));
  if (shape.lower || shape.upper || shape.multipleOf.length > 0 || numericFormat) out.push('number');
  return out;
}

export const NUMERIC_FORMATS: ReadonlySet<string> = new Set(['int32', 'int64', 'float', 'double']);

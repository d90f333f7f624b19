import { fullFormats } from 'ajv-formats/dist/formats';
import type { Direction } from '../../schema/to-json-schema';
import type { DiscriminatorValue } from './discriminator-index';
import { FORMAT_EXAMPLES } from '../../schema/format-examples';
import { matchesPattern, stringsMatching } from './sample-pattern';
import { setOwn } from '../../util/own-property';

type Schema = { [keyword: string]: unknown };

export interface SampleContext {
  /** Resolves an internal `$ref` of the bundled document. */
  readonly resolve: (ref: string) => unknown;
  /** Responses never carry writeOnly properties; requests never readOnly ones. */
  readonly direction: Direction;
  /** The discriminator property and value that select a referenced schema, if any selects it. */
  readonly discriminator?: (ref: string) => DiscriminatorValue | undefined;
}

/** How deep optional properties are still filled in, and how deep recursion may go at all. */
const OPTIONAL_DEPTH = 3;
const MAX_DEPTH = 12;


/**
 * Builds one deterministic value that satisfies a schema, guided by an example where the
 * example fits: the example supplies realistic values, the schema decides the shape. Spec
 * examples are often wrong (170 of 838 JSON response examples in GitHub's spec fail their own
 * schemas), so an example value is only taken where it passes the checks at that node;
 * otherwise the value is synthesised from the schema's constraints.
 */
export function sampleFromSchema(schema: unknown, context: SampleContext, example?: unknown): unknown {
  return sample(schema, example, context, 0, []);
}

function sample(raw: unknown, example: unknown, ctx: SampleContext, depth: number, refStack: string[]): unknown {
  if (raw === true || raw === undefined) return example !== undefined ? example : {};
  if (raw === false || raw === null || typeof raw !== 'object') return null;
  let schema = raw as Schema;

  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    const recursion = refStack.filter((r) => r === ref).length;
    if (recursion >= 2 || depth > MAX_DEPTH) return minimalFor(ctx.resolve(ref), ctx);
    const target = ctx.resolve(ref);
    const { $ref: _ignored, ...siblings } = schema;
    const merged = Object.keys(siblings).length > 0 && target && typeof target === 'object' ? { ...(target as Schema), ...siblings } : target;
    const value = sample(merged, example, ctx, depth, [...refStack, ref]);
    const selector = ctx.discriminator?.(ref);
    return selector && isPlainObject(value) ? { ...value, [selector.propertyName]: selector.value } : value;
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) schema = mergeAllOf(schema, ctx);

  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    if (example !== undefined && schema.enum.some((v) => deepEqual(v, example))) return example;
    if (schema.default !== undefined && schema.enum.some((v) => deepEqual(v, schema.default))) return schema.default;
    return schema.enum.find((v) => v !== null) ?? schema.enum[0];
  }

  const branches = (Array.isArray(schema.oneOf) && schema.oneOf) || (Array.isArray(schema.anyOf) && schema.anyOf) || undefined;
  if (branches && branches.length > 0) {
    // Annotations beside a oneOf (a discriminator, a description) must not turn the branch's
    // `$ref` into a merged copy: the reference itself is what selects the discriminator value.
    const { oneOf: _o, anyOf: _a, discriminator: _d, description: _s, title: _t, example: _e, ...rest } = schema;
    // Without an example, prefer a branch that does not recurse (`anyOf: [{ $ref: Self }, { type: 'null' }]`).
    const pick = pickBranch(branches, example, ctx) ?? branches.find((b) => !isRefInStack(b, refStack)) ?? branches[0];
    const resolved = resolveShallow(pick, ctx);
    const combined = Object.keys(rest).length > 0 && resolved && typeof resolved === 'object' ? mergeAllOf({ allOf: [rest, resolved] }, ctx) : pick;
    return sample(combined, example, ctx, depth + 1, refStack);
  }

  const types = typesOf(schema);
  if (example === null && (types.includes('null') || schema.nullable === true)) return null;
  const type = chooseType(types, example);
  const guide = example !== undefined ? example : schema.example !== undefined ? schema.example : firstExample(schema);
  switch (type) {
    case 'object':
      return sampleObject(schema, isPlainObject(guide) ? guide : undefined, ctx, depth, refStack);
    case 'array':
      return sampleArray(schema, Array.isArray(guide) ? guide : undefined, ctx, depth, refStack);
    case 'string':
      return sampleString(schema, guide);
    case 'integer':
    case 'number':
      return sampleNumber(schema, guide, type === 'integer');
    case 'boolean':
      return typeof guide === 'boolean' ? guide : typeof schema.default === 'boolean' ? schema.default : true;
    case 'null':
      return null;
    default:
      return guide !== undefined ? guide : {};
  }
}

function sampleObject(schema: Schema, example: Record<string, unknown> | undefined, ctx: SampleContext, depth: number, refStack: string[]): unknown {
  const out: Record<string, unknown> = {};
  const properties = isPlainObject(schema.properties) ? (schema.properties as Record<string, unknown>) : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const hidden = ctx.direction === 'response' ? 'writeOnly' : 'readOnly';
  for (const [name, propertySchema] of Object.entries(properties)) {
    const resolved = resolveShallow(propertySchema, ctx) as Schema | undefined;
    if (resolved && resolved[hidden] === true) continue;
    const fromExample = example !== undefined && Object.prototype.hasOwnProperty.call(example, name);
    // A property with a default is present in every response that applies it: openapi-typescript
    // types it as required (defaultNonNullable), so the handler types expect it too.
    const defaulted = ctx.direction === 'response' && resolved !== undefined && resolved.default !== undefined;
    if (!required.has(name) && !fromExample && !defaulted && depth >= OPTIONAL_DEPTH) continue;
    // Optional properties of recursive schemas would otherwise unfold the whole cycle.
    if (!required.has(name) && !fromExample && isRefInStack(propertySchema, refStack)) continue;
    setOwn(out, name, sample(propertySchema, fromExample ? example[name] : undefined, ctx, depth + 1, refStack));
  }
  // Required properties the schema names but does not describe: anything is valid.
  for (const name of required) {
    // Own keys only: `constructor` or `__proto__` are in every object through its prototype.
    if (!Object.hasOwn(out, name) && !Object.hasOwn(properties, name)) setOwn(out, name, example && Object.hasOwn(example, name) ? example[name] : 'string');
  }
  const minProperties = typeof schema.minProperties === 'number' ? schema.minProperties : 0;
  const additional = schema.additionalProperties;
  for (let i = 1; Object.keys(out).length < minProperties && additional !== false; i++) {
    out[`property${i}`] = sample(isPlainObject(additional) ? additional : {}, undefined, ctx, depth + 1, refStack);
  }
  return out;
}

function sampleArray(schema: Schema, example: unknown[] | undefined, ctx: SampleContext, depth: number, refStack: string[]): unknown[] {
  const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const max = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
  const prefix = Array.isArray(schema.prefixItems) ? (schema.prefixItems as unknown[]) : Array.isArray(schema.items) ? (schema.items as unknown[]) : [];
  const items = Array.isArray(schema.items) ? (schema.additionalItems ?? {}) : (schema.items ?? {});
  const itemAt = (i: number): unknown => (i < prefix.length ? prefix[i] : items);
  const wanted = example ? Math.min(Math.max(example.length, min), max) : Math.min(Math.max(min, depth >= OPTIONAL_DEPTH ? 0 : 1), max);
  const out: unknown[] = [];
  for (let i = 0; i < wanted; i++) out.push(sample(itemAt(i), example?.[i], ctx, depth + 1, refStack));
  if (schema.uniqueItems === true) return makeUnique(out, min, (i, count) => variants(itemAt(i), count, ctx, depth + 1, refStack));
  return out;
}

/** Keeps the first of equal items; if that drops below minItems, adds distinct valid variants. */
function makeUnique(items: unknown[], min: number, variantsAt: (i: number, count: number) => unknown[]): unknown[] {
  const unique: unknown[] = [];
  const add = (item: unknown): void => {
    if (!unique.some((u) => deepEqual(u, item))) unique.push(item);
  };
  items.forEach(add);
  if (unique.length < min) for (const candidate of variantsAt(unique.length, min * 2)) if (unique.length < min) add(candidate);
  return unique;
}

/**
 * Up to `count` distinct values valid for a schema, for uniqueItems arrays: enum values, both
 * booleans, numbers a step apart, strings with a changed number or an added digit, and objects
 * that differ in one property. Each candidate passes the same checks as an example would.
 */
function variants(raw: unknown, count: number, ctx: SampleContext, depth: number, refStack: string[]): unknown[] {
  let schema = resolveShallow(raw, ctx) as Schema | undefined;
  if (!isPlainObject(schema)) return [];
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) schema = mergeAllOf(schema, ctx);
  if ('const' in schema) return [schema.const];
  if (Array.isArray(schema.enum)) return schema.enum;
  const base = sample(schema, undefined, ctx, depth, refStack);
  const out: unknown[] = [base];
  const add = (value: unknown): void => {
    if (out.length < count && !out.some((o) => deepEqual(o, value))) out.push(value);
  };
  if (typeof base === 'boolean') add(!base);
  else if (typeof base === 'number') {
    const integer = !typesOf(schema).includes('number');
    const step = typeof schema.multipleOf === 'number' && schema.multipleOf > 0 ? schema.multipleOf : 1;
    for (let k = 1; k <= count * 2; k++) for (const n of [base + k * step, base - k * step]) if (numberFits(n, schema, integer)) add(n);
  } else if (typeof base === 'string') {
    const format = typeof schema.format === 'string' ? schema.format : undefined;
    if (typeof schema.pattern === 'string') {
      for (const s of stringsMatching(schema.pattern, minLengthOf(schema), maxLengthOf(schema), count * 4)) if (stringFits(s, schema, format)) add(s);
    }
    for (let k = 1; k <= count * 2; k++) {
      const bumped = base.replace(/(\d+)(\D*)$/, (_m, digits: string, rest: string) => String(Number(digits) + k).padStart(digits.length, '0') + rest);
      for (const s of [bumped, `${base}${k}`, `${k}${base}`]) if (stringFits(s, schema, format)) add(s);
    }
  } else if (isPlainObject(base)) {
    // Vary the first property that has more than one valid value.
    const properties = isPlainObject(schema.properties) ? (schema.properties as Record<string, unknown>) : {};
    for (const name of Object.keys(base)) {
      if (!(name in properties)) continue;
      const values = variants(properties[name], count, ctx, depth + 1, refStack);
      if (values.length < 2) continue;
      for (const value of values) add({ ...base, [name]: value });
      break;
    }
  }
  return out;
}

function sampleString(schema: Schema, example: unknown): string {
  const format = typeof schema.format === 'string' ? schema.format : undefined;
  const candidates = [example, schema.default, ...(Array.isArray(schema.examples) ? schema.examples : [])];
  for (const candidate of candidates) if (typeof candidate === 'string' && stringFits(candidate, schema, format)) return candidate;
  const min = minLengthOf(schema);
  const max = maxLengthOf(schema);
  if (typeof schema.pattern === 'string') {
    // Bounded and seeded (see sample-pattern.ts); none found: fall through to a plain string.
    const [value] = stringsMatching(schema.pattern, min, max, 1);
    if (value !== undefined) return value;
  }
  let value = (format && FORMAT_EXAMPLES[format]) ?? 'string';
  if (value.length < min) value = value + 'x'.repeat(min - value.length);
  if (value.length > max) value = value.slice(0, max);
  return value;
}

function stringFits(value: string, schema: Schema, format: string | undefined): boolean {
  const length = [...value].length;
  if (typeof schema.minLength === 'number' && length < schema.minLength) return false;
  if (typeof schema.maxLength === 'number' && length > schema.maxLength) return false;
  // The runtime's engine: linear time, so an example cannot make an evil pattern stall generate.
  if (typeof schema.pattern === 'string' && !matchesPattern(schema.pattern, value)) return false;
  if (format && format in fullFormats) {
    const checker = (fullFormats as Record<string, unknown>)[format];
    if (checker instanceof RegExp) return checker.test(value);
    if (typeof checker === 'function') return Boolean((checker as (s: string) => boolean)(value));
    if (checker && typeof checker === 'object' && 'validate' in checker) {
      const validate = (checker as { validate: unknown }).validate;
      if (validate instanceof RegExp) return validate.test(value);
      if (typeof validate === 'function') return Boolean((validate as (s: string) => boolean)(value));
    }
  }
  return true;
}

function sampleNumber(schema: Schema, example: unknown, integer: boolean): number {
  const fits = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && numberFits(n, schema, integer);
  if (fits(example)) return example;
  if (fits(schema.default)) return schema.default;
  const lower = lowerBound(schema);
  const upper = upperBound(schema);
  const step = typeof schema.multipleOf === 'number' && schema.multipleOf > 0 ? schema.multipleOf : integer ? 1 : undefined;
  let value = 0;
  if (lower) value = lower.exclusive ? lower.value + (step ?? 0.5) : lower.value;
  else if (upper && (upper.exclusive ? upper.value <= 0 : upper.value < 0)) value = upper.exclusive ? upper.value - (step ?? 0.5) : upper.value;
  if (step) {
    // From an upper bound alone, round down; otherwise up. Prefer a multiple that divides exactly
    // in floating point (0.4, not 0.30000000000000004), as validators like ajv check it that way.
    const down = !lower && upper !== undefined;
    let k = down ? Math.floor(value / step) : Math.ceil(value / step);
    if (lower?.exclusive && k * step <= lower.value) k++;
    if (down && upper?.exclusive && k * step >= upper.value) k--;
    for (let i = 0; i < 16 && !isExactMultiple(k * step, step); i++) k += down ? -1 : 1;
    value = k * step;
  }
  if (upper && !numberFits(value, schema, integer) && lower) value = (lower.value + upper.value) / 2;
  if (integer) value = Math.ceil(value);
  return value;
}

function numberFits(n: number, schema: Schema, integer: boolean): boolean {
  if (integer && !Number.isInteger(n)) return false;
  const lower = lowerBound(schema);
  const upper = upperBound(schema);
  if (lower && (lower.exclusive ? n <= lower.value : n < lower.value)) return false;
  if (upper && (upper.exclusive ? n >= upper.value : n > upper.value)) return false;
  if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0 && !isExactMultiple(n, schema.multipleOf)) return false;
  return true;
}

/** `n / step` is an integer in floating point: the check ajv (and so the generated server) applies. */
function isExactMultiple(n: number, step: number): boolean {
  return Number.isInteger(n / step);
}

/** Lower bound in either dialect: 3.0 boolean exclusiveMinimum or 3.1 numeric. */
function lowerBound(schema: Schema): { value: number; exclusive: boolean } | undefined {
  if (typeof schema.exclusiveMinimum === 'number') return { value: schema.exclusiveMinimum, exclusive: true };
  if (typeof schema.minimum === 'number') return { value: schema.minimum, exclusive: schema.exclusiveMinimum === true };
  return undefined;
}

function upperBound(schema: Schema): { value: number; exclusive: boolean } | undefined {
  if (typeof schema.exclusiveMaximum === 'number') return { value: schema.exclusiveMaximum, exclusive: true };
  if (typeof schema.maximum === 'number') return { value: schema.maximum, exclusive: schema.exclusiveMaximum === true };
  return undefined;
}

/** The value a schema accepts with the least content, used where recursion must stop. */
function minimalFor(raw: unknown, ctx: SampleContext): unknown {
  const schema = resolveShallow(raw, ctx) as Schema | undefined;
  if (!schema || typeof schema !== 'object') return null;
  const types = typesOf(schema);
  if (types.includes('null') || schema.nullable === true) return null;
  if (types.includes('array')) return [];
  if (types.includes('object') || isPlainObject(schema.properties)) return {};
  if (types.includes('string')) return '';
  if (types.includes('integer') || types.includes('number')) return 0;
  if (types.includes('boolean')) return false;
  return null;
}

function typesOf(schema: Schema): string[] {
  if (typeof schema.type === 'string') return schema.nullable === true ? [schema.type, 'null'] : [schema.type];
  if (Array.isArray(schema.type)) return schema.type as string[];
  if (isPlainObject(schema.properties) || schema.additionalProperties !== undefined || schema.required !== undefined) return ['object'];
  if (schema.items !== undefined || schema.prefixItems !== undefined) return ['array'];
  if (schema.minLength !== undefined || schema.pattern !== undefined || schema.format !== undefined) return ['string'];
  if (schema.minimum !== undefined || schema.maximum !== undefined || schema.multipleOf !== undefined) return ['number'];
  return [];
}

function chooseType(types: string[], example: unknown): string | undefined {
  if (types.length === 0) return undefined;
  const exampleType = jsonType(example);
  if (exampleType && types.includes(exampleType)) return exampleType;
  if (exampleType === 'integer' && types.includes('number')) return 'number';
  return types.find((t) => t !== 'null') ?? types[0];
}

function jsonType(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The branch of a oneOf/anyOf whose shape matches the example, if any. */
function pickBranch(branches: unknown[], example: unknown, ctx: SampleContext): unknown {
  if (example === undefined) return undefined;
  const exampleType = jsonType(example);
  return branches.find((branch) => {
    const schema = resolveShallow(branch, ctx) as Schema | undefined;
    if (!schema || typeof schema !== 'object') return false;
    const types = typesOf(schema);
    if (types.length > 0 && !(exampleType && (types.includes(exampleType) || (exampleType === 'integer' && types.includes('number'))))) return false;
    if (exampleType === 'object' && isPlainObject(schema.properties) && Array.isArray(schema.required)) {
      return (schema.required as string[]).every((name) => name in (example as Record<string, unknown>));
    }
    return true;
  });
}

/** Shallow-merges allOf parts into one schema: properties and required are unioned. */
function mergeAllOf(schema: Schema, ctx: SampleContext): Schema {
  const { allOf, ...rest } = schema;
  const merged: Schema = { ...rest };
  const properties: Record<string, unknown> = isPlainObject(rest.properties) ? { ...(rest.properties as Record<string, unknown>) } : {};
  const required = new Set<string>(Array.isArray(rest.required) ? (rest.required as string[]) : []);
  for (const part of allOf as unknown[]) {
    let resolved = resolveShallow(part, ctx) as Schema | undefined;
    if (!resolved || typeof resolved !== 'object') continue;
    if (Array.isArray(resolved.allOf)) resolved = mergeAllOf(resolved, ctx);
    for (const [key, value] of Object.entries(resolved)) {
      if (key === 'properties' && isPlainObject(value)) for (const [name, sub] of Object.entries(value)) setOwn(properties, name, sub);
      else if (key === 'required' && Array.isArray(value)) for (const name of value) required.add(String(name));
      else if (!(key in merged)) merged[key] = value;
    }
  }
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

function resolveShallow(node: unknown, ctx: SampleContext): unknown {
  let current = node;
  for (let i = 0; i < 32 && current && typeof current === 'object' && typeof (current as Schema).$ref === 'string'; i++) {
    current = ctx.resolve((current as Schema).$ref as string);
  }
  return current;
}

function isRefInStack(node: unknown, refStack: string[]): boolean {
  if (!node || typeof node !== 'object') return false;
  const ref = (node as Schema).$ref ?? ((node as Schema).items as Schema | undefined)?.$ref;
  return typeof ref === 'string' && refStack.includes(ref);
}

function firstExample(schema: Schema): unknown {
  return Array.isArray(schema.examples) && schema.examples.length > 0 ? schema.examples[0] : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function minLengthOf(schema: Schema): number {
  return typeof schema.minLength === 'number' ? schema.minLength : 0;
}

function maxLengthOf(schema: Schema): number {
  return typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

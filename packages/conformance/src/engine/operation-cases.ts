import fc from 'fast-check';
import { bodyKindOf, essence } from '@specwright/runtime';
import { boundedFilter } from '../schema/bounded-filter';
import {
  coverageValues,
  negativeArbitrary,
  negativeCoverageValues,
  validArbitrary,
  type SchemaArbitraryOptions,
} from '../schema';
import type { CheckName } from '../checks/names';
import type { ConformanceOperation, ConformanceParameter, JsonSchema, RequestCase, RequestMediaType, SchemaRegistry } from '../model/types';

export interface PositiveCase {
  readonly requestCase: RequestCase;
  /** What the case exercises, e.g. `query parameter "limit": maximum (100)`. */
  readonly description: string;
}

export interface NegativeCase {
  readonly requestCase: RequestCase;
  /** What was made invalid, e.g. `body: missing required property "name"`. */
  readonly mutation: string;
  /**
   * Protocol-level mutations (a body in an undeclared media type) are answered by the HTTP layer
   * (415) rather than by the operation, so only these checks judge them.
   */
  readonly only?: ReadonlySet<CheckName>;
}

/** Every way the engine builds requests for one operation. */
export interface OperationCases {
  /** Random valid requests (fuzzing). */
  readonly positive: fc.Arbitrary<RequestCase>;
  /** Random requests with exactly one thing wrong (negative); undefined when nothing can be made invalid. */
  readonly negative: fc.Arbitrary<NegativeCase> | undefined;
  /** Boundary values, one slot at a time on top of a minimal valid request. */
  coverage(seed: number): PositiveCase[];
  negativeCoverage(seed: number): NegativeCase[];
  /** The spec's examples, each on top of a minimal valid request, and all together; examples their own schema rejects are warnings. */
  examples(seed: number): { cases: PositiveCase[]; warnings: string[] };
}

type Bucket = 'path' | 'query' | 'headers' | 'cookies';
const BUCKET: { readonly [location in ConformanceParameter['in']]: Bucket } = {
  path: 'path',
  query: 'query',
  header: 'headers',
  cookie: 'cookies',
};

/** Caps keep the deterministic phases proportionate on operations with dozens of parameters. */
const MAX_COVERAGE_PER_SLOT = 12;
const MAX_COVERAGE_CASES = 60;
const MAX_NEGATIVE_COVERAGE_PER_SLOT = 8;
const MAX_NEGATIVE_COVERAGE_CASES = 40;

/** A slot is one thing a request carries: a parameter, or the body in one media type. */
interface Slot {
  readonly label: string;
  readonly required: boolean;
  readonly valid: fc.Arbitrary<unknown>;
  /** `valid`, restricted to values the slot can carry (bounded: never loops on a picky filter). */
  readonly validOnWire: fc.Arbitrary<unknown>;
  set(requestCase: RequestCase, value: unknown): RequestCase;
  remove(requestCase: RequestCase): RequestCase;
  coverage(): { value: unknown; description: string }[];
  negative(): fc.Arbitrary<{ value: unknown; mutation: string }> | undefined;
  negativeCoverage(): { value: unknown; mutation: string }[];
  examples: readonly { name: string; value: unknown }[];
  /** The schema examples are checked against (absent: anything goes). */
  readonly schema?: JsonSchema;
  /** Values this slot can carry on the wire (headers must be visible ASCII, path segments non-empty). */
  accepts(value: unknown): boolean;
}

/** Validates a value against a schema (the run's shared, compiled validators). */
export type Validate = (schema: JsonSchema, value: unknown) => boolean;

export function operationCases(operation: ConformanceOperation, registry: SchemaRegistry, validate: Validate): OperationCases {
  const options: SchemaArbitraryOptions = { registry, direction: 'request' };
  const parameterSlots = operation.parameters.map((parameter) => parameterSlot(parameter, options, validate));
  const bodies = (operation.requestBody?.content ?? []).filter((media) => concreteMediaType(media.mediaType) !== undefined);
  const bodySlots = bodies.map((media) => bodySlot(media, options));
  const bodyRequired = operation.requestBody?.required === true && bodySlots.length > 0;
  const empty: RequestCase = { operationId: operation.operationId, path: {}, query: {}, headers: {}, cookies: {} };

  // Parameters: required ones always, optional ones sometimes (fc.record drops optional keys).
  const parameterRecord = fc.record(
    Object.fromEntries(parameterSlots.map((slot, index) => [String(index), slot.validOnWire])),
    { requiredKeys: parameterSlots.flatMap((slot, index) => (slot.required ? [String(index)] : [])) },
  );
  const bodyChoice: fc.Arbitrary<{ slot: number; value: unknown } | undefined> =
    bodySlots.length === 0
      ? fc.constant(undefined)
      : (() => {
          const some = fc.oneof(...bodySlots.map((slot, index) => slot.validOnWire.map((value) => ({ slot: index, value }))));
          return bodyRequired ? some : fc.option(some, { nil: undefined, freq: 4 });
        })();
  const positive = fc.tuple(parameterRecord, bodyChoice).map(([values, body]) => {
    let out = empty;
    for (const [key, value] of Object.entries(values)) out = parameterSlots[Number(key)]!.set(out, value);
    if (body) out = bodySlots[body.slot]!.set(out, body.value);
    return out;
  });

  /** A deterministic minimal valid request: required slots only, each at its first boundary value. */
  const bases = new Map<number, RequestCase>();
  const base = (seed: number): RequestCase => {
    const known = bases.get(seed);
    if (known) return known;
    let out = empty;
    for (const slot of parameterSlots) if (slot.required) out = slot.set(out, firstValue(slot, seed));
    if (bodyRequired) out = bodySlots[0]!.set(out, firstValue(bodySlots[0]!, seed));
    bases.set(seed, out);
    return out;
  };

  const mutators: fc.Arbitrary<NegativeCase>[] = [];
  for (const slot of [...parameterSlots, ...bodySlots]) {
    const negative = slot.negative();
    if (negative) {
      mutators.push(
        fc.tuple(positive, negative).map(([requestCase, n]) => ({
          requestCase: slot.set(requestCase, n.value),
          mutation: `${slot.label}: ${n.mutation}`,
        })),
      );
    }
  }
  for (const slot of parameterSlots) {
    if (slot.required && !slot.label.startsWith('path')) {
      mutators.push(positive.map((requestCase) => ({ requestCase: slot.remove(requestCase), mutation: `missing required ${slot.label}` })));
    }
  }
  if (bodyRequired) {
    mutators.push(positive.map((requestCase) => ({ requestCase: withoutBody(requestCase), mutation: 'missing required request body' })));
  }
  if (bodySlots.length > 0) mutators.push(positive.map((requestCase) => undeclaredMediaType(requestCase, bodySlots.length > 0)));

  return {
    positive,
    negative: mutators.length > 0 ? fc.oneof(...mutators) : undefined,

    coverage(seed) {
      const start = base(seed);
      const out: PositiveCase[] = [{ requestCase: start, description: 'required parameters and body only, at their first boundary values' }];
      const optional = parameterSlots.filter((slot) => !slot.required);
      if (optional.length > 0) {
        let all = start;
        for (const slot of optional) all = slot.set(all, firstValue(slot, seed));
        out.push({ requestCase: all, description: 'every optional parameter present' });
      }
      for (const slot of parameterSlots) {
        for (const { value, description } of slot.coverage().slice(0, MAX_COVERAGE_PER_SLOT)) {
          if (slot.accepts(value)) out.push({ requestCase: slot.set(start, value), description: `${slot.label}: ${description}` });
        }
      }
      bodySlots.forEach((slot) => {
        for (const { value, description } of slot.coverage().slice(0, MAX_COVERAGE_PER_SLOT)) {
          out.push({ requestCase: slot.set(start, value), description: `${slot.label}: ${description}` });
        }
      });
      return out.slice(0, MAX_COVERAGE_CASES);
    },

    negativeCoverage(seed) {
      const start = base(seed);
      const out: NegativeCase[] = [];
      for (const slot of [...parameterSlots, ...bodySlots]) {
        const withBody = slot.label.startsWith('body') && !bodyRequired ? slot.set(start, firstValue(slot, seed)) : start;
        for (const { value, mutation } of slot.negativeCoverage().slice(0, MAX_NEGATIVE_COVERAGE_PER_SLOT)) {
          if (slot.accepts(value)) out.push({ requestCase: slot.set(withBody, value), mutation: `${slot.label}: ${mutation}` });
        }
      }
      for (const slot of parameterSlots) {
        if (slot.required && !slot.label.startsWith('path')) out.push({ requestCase: slot.remove(start), mutation: `missing required ${slot.label}` });
      }
      if (bodyRequired) out.push({ requestCase: withoutBody(start), mutation: 'missing required request body' });
      return out.slice(0, MAX_NEGATIVE_COVERAGE_CASES);
    },

    examples(seed) {
      const start = base(seed);
      const cases: PositiveCase[] = [];
      const warnings: string[] = [];
      let together = start;
      let slotsWithExamples = 0;
      for (const slot of [...parameterSlots, ...bodySlots]) {
        // An example its own schema rejects is a spec bug; sent as a valid request, it would
        // blame the server for the spec's mistake. Reported as a warning and left out.
        const usable = slot.examples.filter((example) => {
          if (slot.schema === undefined || validate(slot.schema, example.value)) return slot.accepts(example.value);
          warnings.push(`${slot.label}: example "${example.name}" does not match its schema`);
          return false;
        });
        if (usable.length > 0) slotsWithExamples++;
        for (const example of usable) {
          cases.push({ requestCase: slot.set(start, example.value), description: `${slot.label}: example "${example.name}"` });
        }
        const first = usable[0];
        if (first && !(slot.label.startsWith('body') && together.body)) together = slot.set(together, first.value);
      }
      if (slotsWithExamples > 1) cases.push({ requestCase: together, description: 'every first example together' });
      return { cases, warnings };
    },
  };
}

function parameterSlot(parameter: ConformanceParameter, options: SchemaArbitraryOptions, validate: Validate): Slot {
  const bucket = BUCKET[parameter.in];
  const label = `${parameter.in} parameter "${parameter.name}"`;
  const onWire = wireCheck(parameter);
  // On the wire every parameter is text: a number or an array where a string is expected
  // arrives as "5" or "a,b", which are valid strings. Mutations that some reading of their wire
  // text satisfies are dropped here instead of costing a request and an oracle check each.
  const valid = validArbitrary(parameter.schema, options);
  const dissolves = (parameter.in === 'query' || parameter.in === 'cookie') && parameter.explode && !parameter.required;
  const distinguishable = (value: unknown): boolean => {
    if (parameter.contentType !== undefined) return true;
    // An exploded object becomes other parameters (`a=1&b=2`): this optional one is then absent.
    if (dissolves && value !== null && typeof value === 'object' && !Array.isArray(value)) return false;
    return !wireReadings(flatten(value).join(',')).some((reading) => validate(parameter.schema, reading));
  };
  return {
    label,
    required: parameter.required,
    valid,
    validOnWire: boundedFilter(valid, onWire) ?? valid,
    set: (requestCase, value) => ({ ...requestCase, [bucket]: { ...requestCase[bucket], [parameter.name]: value } }),
    remove: (requestCase) => {
      const { [parameter.name]: _removed, ...rest } = requestCase[bucket];
      return { ...requestCase, [bucket]: rest };
    },
    coverage: once(() => coverageValues(parameter.schema, options)),
    negative: once(() => {
      const negative = negativeArbitrary(parameter.schema, options);
      return negative ? (boundedFilter(negative, (n) => distinguishable(n.value) && onWire(n.value)) ?? undefined) : undefined;
    }),
    negativeCoverage: once(() => negativeCoverageValues(parameter.schema, options).filter((n) => distinguishable(n.value))),
    examples: parameter.examples,
    // Content-typed parameters' examples are the parsed value; others are checked the same way.
    schema: parameter.schema,
    accepts: onWire,
  };
}

function bodySlot(media: RequestMediaType, options: SchemaArbitraryOptions): Slot {
  const mediaType = concreteMediaType(media.mediaType)!;
  const schema = media.schema ?? {};
  const structured = isStructured(mediaType);
  // Form and multipart bodies are objects of fields; a non-object value has no wire form there.
  const representable = (value: unknown): boolean =>
    !structured || (value !== null && typeof value === 'object' && !Array.isArray(value));
  const valid = media.schema === undefined ? fc.constant(structured ? {} : 'specwright') : validArbitrary(schema, options);
  return {
    label: `body (${mediaType})`,
    required: true,
    valid,
    validOnWire: boundedFilter(valid, representable) ?? valid,
    set: (requestCase, value) => ({ ...requestCase, body: { mediaType, value } }),
    remove: withoutBody,
    coverage: once(() => (media.schema === undefined ? [] : coverageValues(schema, options))),
    negative: once(() => {
      const negative = media.schema === undefined ? undefined : negativeArbitrary(schema, options);
      return negative ? (boundedFilter(negative, (n) => representable(n.value)) ?? undefined) : undefined;
    }),
    negativeCoverage: once(() => (media.schema === undefined ? [] : negativeCoverageValues(schema, options))),
    examples: media.examples,
    ...(media.schema !== undefined ? { schema: media.schema } : {}),
    accepts: representable,
  };
}

/** Schema analysis is the costly part of case building; each slot does it once per run. */
function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

function withoutBody(requestCase: RequestCase): RequestCase {
  const { body: _removed, ...rest } = requestCase;
  return rest;
}

/** A body in a media type the operation does not declare: servers must answer 415 (or another 4xx). */
function undeclaredMediaType(requestCase: RequestCase, hasBody: boolean): NegativeCase {
  void hasBody;
  return {
    requestCase: { ...requestCase, body: { mediaType: 'application/x-specwright-undeclared', value: 'undeclared' } },
    mutation: 'body in an undeclared media type (application/x-specwright-undeclared)',
    only: PROTOCOL_CHECKS,
  };
}

const PROTOCOL_CHECKS: ReadonlySet<CheckName> = new Set<CheckName>(['not_a_server_error', 'negative_data_rejection']);

function firstValue(slot: Slot, seed: number): unknown {
  const boundary = slot.coverage().find((c) => slot.accepts(c.value));
  if (boundary) return boundary.value;
  return fc.sample(slot.validOnWire, { seed, numRuns: 1 })[0];
}

/**
 * A media type to send for a declared one. Ranges need a concrete type on the wire; the runtime
 * (and most servers) match a concrete type against a declared range.
 */
export function concreteMediaType(declared: string): string | undefined {
  const [type, subtype] = essence(declared).split('/');
  if (!type || !subtype) return undefined;
  if (type === '*') return 'application/json';
  if (subtype === '*') return type === 'application' ? 'application/octet-stream' : type === 'text' ? 'text/plain' : `${type}/x-specwright`;
  return declared;
}

function isStructured(mediaType: string): boolean {
  const kind = bodyKindOf(mediaType);
  return kind === 'urlencoded' || kind === 'multipart';
}

/**
 * Values that survive the trip: header and cookie values must be visible ASCII (fetch refuses
 * others and trims surrounding spaces), path values must not be empty (an empty segment routes
 * elsewhere). Filtering here keeps such values out of cases instead of discarding requests later.
 */
function wireCheck(parameter: ConformanceParameter): (value: unknown) => boolean {
  // `.` and `..` segments (even percent-encoded) are removed by URL normalisation before routing.
  if (parameter.in === 'path') return (value) => value !== undefined && flatten(value).join('') !== '' && !flatten(value).some((t) => t === '.' || t === '..');
  if (parameter.in === 'header') return (value) => flatten(value).every((text) => /^[\x21-\x7e]*$/.test(text));
  if (parameter.in === 'cookie') return (value) => flatten(value).every((text) => /^[\x21-\x7e]*$/.test(text) && !/[;,"\\]/.test(text));
  return () => true;
}

/** The values a server may read a parameter's wire text as, after coercion by its schema. */
function wireReadings(text: string): unknown[] {
  const scalar = (t: string): unknown => (NUMBER.test(t) ? Number(t) : t === 'true' ? true : t === 'false' ? false : t);
  const parts = text.split(',');
  // Repeated query keys (`a=1&a=2`) may be read as any one of them, too.
  const readings: unknown[] = [text, scalar(text), parts, parts.map(scalar), ...parts, ...parts.map(scalar)];
  if (text === '') readings.push([], null);
  return readings;
}

const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

function flatten(value: unknown): string[] {
  if (value === null || value === undefined) return [''];
  if (Array.isArray(value)) return value.flatMap(flatten);
  if (typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...flatten(v)]);
  return [String(value)];
}

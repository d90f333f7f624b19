/**
 * Request validation with ajv, compiled lazily per operation and cached.
 *
 * A large spec (GitHub's has 1,200+ operations) cannot afford to compile every validator at
 * start-up, so each operation's validators are compiled on its first request. `precompile()`
 * compiles them all, for deployments that prefer paying at boot and for benchmarks.
 *
 * Two ajv instances share the component schemas (added once per instance, compiled only when
 * referenced): one coerces types, for parameters and form bodies, whose values arrive as
 * strings; the other does not, for JSON and text bodies, where `"5"` is not `5`.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import type AjvCore from 'ajv/dist/core';
import addFormats from 'ajv-formats';
import { fromPointer, toPointer } from './json-pointer';
import { bodyKindOf, type BodyKind } from './media-type';
import { COMPONENTS_SCHEMA_ID, type ApiSpec, type JsonSchema, type OperationSpec, type ParameterLocation } from './operation-spec';
import type { ValidationIssue } from './problem';
import { defineOwn, escapeData, escapeSchema, unescapeData, unescapeName } from './proto-names';
import { patternRegExpEngine } from './pattern-engine';
import type { ParameterValues } from './read-parameters';

export interface OperationValidators {
  /** Coerces `values` in place (strings → schema types, defaults filled in) and reports what is wrong. */
  parameters(values: ParameterValues): readonly ValidationIssue[];
  /** Validates a parsed body for the declared media type it matched; returns the coerced value. */
  body(mediaType: string, kind: BodyKind, value: unknown): { readonly value: unknown; readonly issues: readonly ValidationIssue[] };
}

export interface ValidatorCache {
  forOperation(operation: OperationSpec): OperationValidators;
  /** Compiles every operation's validators now; returns how many validate functions were compiled. */
  precompile(): number;
}

const LOCATIONS: readonly ParameterLocation[] = ['path', 'query', 'header', 'cookie'];

export function createValidatorCache(spec: ApiSpec): ValidatorCache {
  const instances = new Map<boolean, AjvCore>();
  const ajv = (coerce: boolean): AjvCore => {
    let instance = instances.get(coerce);
    if (!instance) {
      instance = createAjv(spec, coerce);
      instances.set(coerce, instance);
    }
    return instance;
  };
  let protoInComponents: boolean | undefined;
  const compile = (coerce: boolean, schema: JsonSchema): Compiled => {
    protoInComponents ??= componentsUseProto(spec);
    const escaped = escapeSchema(schema);
    return { validate: ajv(coerce).compile(escaped), escape: protoInComponents || escaped !== schema };
  };
  const cache = new Map<OperationSpec, LazyOperationValidators>();
  const forOperation = (operation: OperationSpec): LazyOperationValidators => {
    let validators = cache.get(operation);
    if (!validators) {
      validators = new LazyOperationValidators(operation, compile);
      cache.set(operation, validators);
    }
    return validators;
  };
  return {
    forOperation,
    precompile: () => spec.operations.reduce((count, operation) => count + forOperation(operation).compileAll(), 0),
  };
}

function createAjv(spec: ApiSpec, coerce: boolean): AjvCore {
  const options = {
    // Specs carry OpenAPI keywords ajv does not know (example, xml, discriminator, x-*, …).
    strict: false,
    // Specs use formats of their own (GitHub: `repo.nwo`); ajv would print a warning for each
    // compile that meets one, on every server start. Unknown formats are accepted either way.
    logger: false as const,
    allErrors: true,
    // `multipleOf: 0.1` must accept 0.3, which is 2.9999999999999996 × 0.1 in floating point.
    multipleOfPrecision: 9,
    useDefaults: true,
    // 'array' also turns a lone `?id=5` into `[5]` when the schema wants an array.
    coerceTypes: coerce ? ('array' as const) : false,
    // Spec names may be Object.prototype keys: `required: [constructor]` must not be met by
    // Object's own `constructor`, nor a property's type checked against it (see proto-names.ts).
    ownProperties: true,
    // `pattern` in linear time where RE2 can express it: `^(a+)+$` must not stall the server (pattern-engine.ts).
    code: { regExp: patternRegExpEngine },
  };
  const instance: AjvCore = spec.dialect === '2020-12' ? new Ajv2020(options) : new Ajv(options);
  addFormats(instance);
  // Operation schemas reference `urn:specwright:api#/components/schemas/X`; refs inside the
  // components stay `#/components/schemas/Y` and resolve against this same document.
  instance.addSchema({ $id: COMPONENTS_SCHEMA_ID, components: escapeSchema(spec.components) });
  return instance;
}

/** Whether any component schema names a property `__proto__` (then all request data is renamed). */
function componentsUseProto(spec: ApiSpec): boolean {
  return escapeSchema(spec.components) !== spec.components;
}

/**
 * A validate function, and whether data must be renamed around it because the schemas it reaches
 * name a property `__proto__` (see proto-names.ts).
 */
interface Compiled {
  readonly validate: ValidateFunction;
  readonly escape: boolean;
}

class LazyOperationValidators implements OperationValidators {
  #parameters: Compiled | undefined;
  /** Keyed by media type and coercion; `null` when the media type declares no schema. */
  readonly #bodies = new Map<string, Compiled | null>();
  #compiled = 0;

  constructor(
    private readonly operation: OperationSpec,
    private readonly compile: (coerce: boolean, schema: JsonSchema) => Compiled,
  ) {}

  parameters(values: ParameterValues): readonly ValidationIssue[] {
    const { validate, escape } = this.parametersValidator();
    const data = escape ? (escapeData(values) as ParameterValues) : values;
    const valid = validate(data);
    if (data !== values) {
      // Coercion and defaults happened on the renamed copy: bring them back, names restored.
      const coerced = unescapeData(data) as ParameterValues;
      // Into null-prototype records, like read-parameters.ts builds (assigning `__proto__` to one is safe).
      for (const location of LOCATIONS) values[location] = Object.assign(Object.create(null) as Record<string, unknown>, coerced[location]);
    }
    if (valid) return [];
    return toIssues(validate.errors, escape, (tokens) => {
      const [location, name = '', ...rest] = tokens;
      return { in: location as ParameterLocation, name, pointer: toPointer([name, ...rest]) };
    });
  }

  body(mediaType: string, kind: BodyKind, value: unknown): { value: unknown; issues: readonly ValidationIssue[] } {
    // Raw bytes have no JSON Schema value to check (`format: binary` describes, not constrains).
    if (kind === 'bytes') return { value, issues: [] };
    const compiled = this.bodyValidator(mediaType, coerces(kind));
    if (!compiled) return { value, issues: [] };
    const { validate, escape } = compiled;
    // Uploaded files are Blobs, which no JSON Schema type matches: validate a copy with
    // placeholders, then put the files back into the coerced result.
    const data = escapeIf(escape, kind === 'multipart' ? replaceBlobs(value) : value);
    if (!validate(data)) {
      const issues = toIssues(validate.errors, escape, (tokens) => ({ in: 'body', name: tokens.join('.'), pointer: toPointer(tokens) }));
      return { value, issues };
    }
    const coerced = escape ? unescapeData(data) : data;
    return { value: kind === 'multipart' ? restoreBlobs(value, coerced) : coerced, issues: [] };
  }

  /** Returns how many validate functions this call compiled (0 when all were cached). */
  compileAll(): number {
    const before = this.#compiled;
    this.parametersValidator();
    for (const mediaType of Object.keys(this.operation.requestBody?.content ?? {})) {
      const kind = bodyKindOf(mediaType);
      if (kind !== 'bytes') this.bodyValidator(mediaType, coerces(kind));
    }
    return this.#compiled - before;
  }

  private parametersValidator(): Compiled {
    if (!this.#parameters) {
      this.#parameters = this.compile(true, parametersSchema(this.operation));
      this.#compiled++;
    }
    return this.#parameters;
  }

  private bodyValidator(mediaType: string, coerce: boolean): Compiled | null {
    const key = `${mediaType}\n${coerce}`;
    let validate = this.#bodies.get(key);
    if (validate === undefined) {
      const schema = this.operation.requestBody?.content[mediaType]?.schema;
      validate = schema === undefined ? null : this.compile(coerce, schema);
      if (validate) this.#compiled++;
      this.#bodies.set(key, validate);
    }
    return validate;
  }
}

function escapeIf(escape: boolean, value: unknown): unknown {
  return escape ? escapeData(value) : value;
}

/** Form fields arrive as strings, like parameters; JSON and text bodies are taken literally. */
function coerces(kind: BodyKind): boolean {
  return kind === 'urlencoded' || kind === 'multipart';
}

/** One object schema for all parameters: `{ path: {...}, query: {...}, header: {...}, cookie: {...} }`. */
export function parametersSchema(operation: OperationSpec): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const location of LOCATIONS) {
    const declared = operation.parameters.filter((parameter) => parameter.in === location);
    properties[location] = {
      type: 'object',
      properties: Object.fromEntries(
        declared.map((parameter) => [parameter.name, parameter.contentType ? parameter.schema : oneOfAsAnyOf(parameter.schema)]),
      ),
      required: declared.filter((parameter) => parameter.required).map((parameter) => parameter.name),
    };
  }
  return { type: 'object', properties };
}

/**
 * A parameter's text is coerced to the schema's types, so `oneOf: [integer, string]` (GitHub's
 * workflow ids) would reject every numeric id: "5" matches both branches once coerced. Exactly
 * one branch cannot be told apart on the wire, so inline `oneOf`s of parameters are validated as
 * `anyOf` (referenced component schemas are shared with bodies and stay as written).
 */
function oneOfAsAnyOf(schema: JsonSchema, isMap = false): JsonSchema {
  if (typeof schema !== 'object' || schema === null) return schema;
  if (Array.isArray(schema)) return schema.map((item) => oneOfAsAnyOf(item as JsonSchema)) as unknown as JsonSchema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // Under `properties` and the like, keys are names, not keywords.
    const relaxed = value !== null && typeof value === 'object' ? oneOfAsAnyOf(value as JsonSchema, !isMap && SCHEMA_MAPS.has(key)) : value;
    // Defined, not assigned: a parameter's object schema may have a property named `__proto__`.
    defineOwn(out, !isMap && key === 'oneOf' && !Object.hasOwn(schema, 'anyOf') ? 'anyOf' : key, relaxed);
  }
  return out;
}

const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);

/**
 * ajv errors → issues. `required` and `additionalProperties` errors point at the parent object;
 * the property they are about is appended so that the issue names the missing or extra field.
 */
function toIssues(
  errors: readonly ErrorObject[] | null | undefined,
  /** The data was renamed (proto-names.ts): report the names the client sent. */
  escaped: boolean,
  locate: (tokens: string[]) => Omit<ValidationIssue, 'message'>,
): ValidationIssue[] {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const error of errors ?? []) {
    const property = propertyOf(error);
    const path = [...fromPointer(error.instancePath), ...(property === undefined ? [] : [property])];
    const tokens = escaped ? path.map(unescapeName) : path;
    const message =
      error.keyword === 'required' ? 'is required' : error.keyword === 'additionalProperties' ? 'is not allowed' : (error.message ?? 'is invalid');
    const issue = { ...locate(tokens), message };
    const key = JSON.stringify(issue);
    if (!seen.has(key)) issues.push(issue);
    seen.add(key);
  }
  return issues;
}

function propertyOf(error: ErrorObject): string | undefined {
  const params: Record<string, unknown> = error.params;
  const property = params.missingProperty ?? params.additionalProperty;
  return typeof property === 'string' ? property : undefined;
}

function replaceBlobs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(replaceBlobs);
  if (value instanceof Blob) return '';
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceBlobs(item)]));
  }
  return value;
}

function restoreBlobs(original: unknown, coerced: unknown): unknown {
  if (original instanceof Blob) {
    // ajv's 'array' coercion wraps a single file when the schema wants an array of them.
    return Array.isArray(coerced) ? [original] : original;
  }
  if (Array.isArray(original) && Array.isArray(coerced)) return coerced.map((item, i) => restoreBlobs(original[i], item));
  if (isPlainRecord(original) && isPlainRecord(coerced)) {
    return Object.fromEntries(
      Object.entries(coerced).map(([key, item]) => [key, restoreBlobs(Object.hasOwn(original, key) ? original[key] : undefined, item)]),
    );
  }
  return coerced;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Blob);
}

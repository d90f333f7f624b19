/**
 * ajv, set up as our runtime sets it up, for the registry's dialect. The generators use it as
 * the oracle (filters of last resort, enum candidates, the final safety net) and the engine uses
 * the same instance to check responses, so "valid" means one thing everywhere.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import type AjvCore from 'ajv/dist/core';
import addFormats from 'ajv-formats';
import { escapeData, escapeSchema, patternRegExpEngine, unescapeName } from '@specwright/runtime';
import type { JsonSchema, SchemaRegistry } from '../model/types';
import { SchemaArbitraryError } from './errors';
import { normalizeDeep, normalizeDocument } from './normalize';
import { absolutizeRefs, hasLocalRefs, rootNode, type SchemaNode } from './resolve-ref';
import { isSchemaObject, type SchemaObject } from './walk';

export interface SchemaValidator {
  /** True if `value` is valid against `schema` (refs resolve through the registry). */
  validate(schema: JsonSchema, value: unknown): boolean;
  /** ajv's errors as `"/pointer message"` strings; empty when the value is valid. */
  errors(schema: JsonSchema, value: unknown): string[];
}

/** What the generators need beyond the public interface: validating a schema in its document. */
export interface NodeValidator extends SchemaValidator {
  validateNode(node: SchemaNode, value: unknown): boolean;
  /** Whether ajv accepts the string `value` in `format` (true for formats ajv does not know). */
  validateFormat(format: string, value: string): boolean;
}

/** OpenAPI formats ajv-formats may lack; numbers pass unless the format says otherwise. */
const OPENAPI_FORMATS: Readonly<Record<string, Parameters<AjvCore['addFormat']>[1]>> = {
  int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n <= 2 ** 31 - 1 },
  int64: { type: 'number', validate: (n: number) => Number.isInteger(n) },
  float: { type: 'number', validate: () => true },
  double: { type: 'number', validate: () => true },
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  binary: true,
  password: true,
};

const validators = new WeakMap<SchemaRegistry, NodeValidator>();

/**
 * The validator for a registry: one ajv instance per registry object, shared by every caller,
 * because compiling is the expensive part and compiled functions are cached per schema object.
 */
export function createSchemaValidator(registry: SchemaRegistry): SchemaValidator {
  return nodeValidatorFor(registry);
}

export function nodeValidatorFor(registry: SchemaRegistry): NodeValidator {
  let validator = validators.get(registry);
  if (!validator) {
    validator = new AjvSchemaValidator(registry);
    validators.set(registry, validator);
  }
  return validator;
}

class AjvSchemaValidator implements NodeValidator {
  private readonly ajv: AjvCore;
  private readonly compiled = new WeakMap<SchemaObject, ValidateFunction>();
  private readonly compiledByText = new Map<string, ValidateFunction>();
  private readonly nodeCompiled = new WeakMap<SchemaObject, ValidateFunction>();
  private readonly anonymousRoots = new WeakMap<SchemaObject, string>();
  private readonly formats = new Map<string, ValidateFunction>();
  private anonymousCounter = 0;

  constructor(private readonly registry: SchemaRegistry) {
    const options = {
      // Specs carry keywords ajv does not know (example, discriminator, xml, x-*, …).
      strict: false,
      // Unknown formats are accepted; ajv would otherwise warn on every compile that meets one.
      logger: false as const,
      allErrors: false,
      // `multipleOf: 0.01` must accept 0.07, which is 7.000000000000001 × 0.01 in floating point.
      multipleOfPrecision: 9,
      // As the runtime: patterns in linear time, so a server's long string cannot stall the run.
      code: { regExp: patternRegExpEngine },
      // As the runtime: a required `constructor` is not met by Object's, and `__proto__` names are
      // renamed around ajv (which skips them in `properties`) by escapeSchema/escapeData.
      ownProperties: true,
    };
    this.ajv = registry.dialect === '2020-12' ? new Ajv2020(options) : new Ajv(options);
    addFormats(this.ajv);
    for (const [name, format] of Object.entries(OPENAPI_FORMATS)) {
      if (!this.ajv.formats[name]) this.ajv.addFormat(name, format);
    }
    for (const [uri, document] of Object.entries(registry.documents)) {
      this.ajv.addSchema(escapeSchema(normalizeDocument(document)), uri);
    }
  }

  validate(schema: JsonSchema, value: unknown): boolean {
    return this.validateNode(rootNode(schema, this.registry), value);
  }

  errors(schema: JsonSchema, value: unknown): string[] {
    if (typeof schema === 'boolean') return schema ? [] : ['/ boolean schema false accepts no value'];
    const validate = this.functionFor(rootNode(schema, this.registry), schema);
    if (validate(escapeData(value)) === true) return [];
    return (validate.errors ?? []).map(formatError);
  }

  validateNode(node: SchemaNode, value: unknown): boolean {
    const schema = node.schema;
    if (typeof schema === 'boolean') return schema;
    if (!isSchemaObject(schema)) return true;
    return this.functionFor(node, schema)(escapeData(value)) === true;
  }

  private functionFor(node: SchemaNode, schema: SchemaObject): ValidateFunction {
    let validate = this.nodeCompiled.get(schema);
    if (!validate) {
      validate = this.compileNode(node, schema);
      this.nodeCompiled.set(schema, validate);
    }
    return validate;
  }

  validateFormat(format: string, value: string): boolean {
    let validate = this.formats.get(format);
    if (!validate) {
      validate = this.compileNormalized({ type: 'string', format });
      this.formats.set(format, validate);
    }
    return validate(value) === true;
  }

  private compileNode(node: SchemaNode, schema: SchemaObject): ValidateFunction {
    // The root of its own document, or free of local refs: compiles as it stands.
    if (schema === node.base.root || !hasLocalRefs(schema)) return this.compile(schema);
    // A subschema with `#/…` refs: name its document explicitly so the refs still resolve.
    const uri = node.base.uri ?? this.anonymousUri(node.base.root);
    return this.compileNormalized(absolutizeRefs(normalizeDeep(schema), uri));
  }

  private anonymousUri(root: JsonSchema | SchemaObject): string {
    if (!isSchemaObject(root)) return 'urn:specwright:anonymous';
    let uri = this.anonymousRoots.get(root);
    if (!uri) {
      uri = `urn:specwright:anonymous:${++this.anonymousCounter}`;
      this.ajv.addSchema(escapeSchema(normalizeDeep(root) as SchemaObject), uri);
      this.anonymousRoots.set(root, uri);
    }
    return uri;
  }

  private compile(schema: SchemaObject): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      const normalized = normalizeDeep(schema);
      // Operations of big specs repeat the same small schemas (`{ $ref: …/Pet }`, `{ type:
      // integer }`) as distinct objects; compiling each text once saves most of ajv's time.
      const text = JSON.stringify(normalized);
      validate = this.compiledByText.get(text);
      if (!validate) {
        validate = this.compileNormalized(normalized);
        this.compiledByText.set(text, validate);
      }
      this.compiled.set(schema, validate);
    }
    return validate;
  }

  private compileNormalized(schema: JsonSchema): ValidateFunction {
    try {
      return this.ajv.compile(escapeSchema(schema));
    } catch (error) {
      throw new SchemaArbitraryError(
        'INVALID_SCHEMA',
        `ajv cannot compile the schema: ${(error as Error).message}`,
        'Fix the schema so that it is valid JSON Schema for the registry dialect.',
      );
    }
  }
}

function formatError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  // Names as the value has them, not as escapeData renamed them for ajv.
  const name = (value: unknown): string | undefined => (typeof value === 'string' ? unescapeName(value) : undefined);
  const additional = name(params.additionalProperty);
  const missing = name(params.missingProperty);
  const detail =
    additional !== undefined ? ` (${additional})` : missing !== undefined && !String(error.message).includes(String(params.missingProperty)) ? ` (${missing})` : '';
  const path = error.instancePath
    .split('/')
    .map((token) => unescapeName(token.replace(/~1/g, '/').replace(/~0/g, '~')).replace(/~/g, '~0').replace(/\//g, '~1'))
    .join('/');
  return `${path || '/'} ${error.message ?? 'is invalid'}${detail}`;
}

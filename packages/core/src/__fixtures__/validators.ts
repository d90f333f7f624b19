/**
 * Standard JSON Schema validators (ajv + ajv-formats) for checking values against OpenAPI schemas
 * the way a generated server or a client would.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { refTokens } from '../contract/index-operations';
import { getAt } from '../spec/ref-closure';
import { toJsonSchema, type Direction } from '../schema/to-json-schema';
import type { OpenApiDocument, OpenApiVersion } from '../spec/openapi-version';

export function createAjv(version: OpenApiVersion): Ajv {
  const ajv = version === '3.1' ? new Ajv2020({ strict: false, allErrors: true }) : new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

const DOC_ID = 'urn:specwright-test:components';

/**
 * Compiles OpenAPI schemas of one document (for one direction of traffic) into ajv validators:
 * each schema and every component schema is converted with toJsonSchema, and `#/components/...`
 * references point into the converted components.
 */
export function documentValidator(document: OpenApiDocument, version: OpenApiVersion, direction: Direction): (schema: unknown) => ValidateFunction {
  const resolve = (ref: string): unknown => getAt(document, refTokens(ref));
  const convert = (schema: unknown) =>
    toJsonSchema(schema, { version, direction, resolve, stripAnnotations: true, rewriteRef: (ref) => (ref.startsWith('#') ? DOC_ID + ref : ref) });
  const schemas: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) schemas[name] = convert(schema);
  const ajv = createAjv(version);
  ajv.addSchema({ $id: DOC_ID, components: { schemas } });
  return (schema) => ajv.compile(convert(schema) as object);
}

/** `ajv.errorsText` with the failing value, for readable assertion messages. */
export function explain(validate: ValidateFunction, value: unknown): string {
  return `${JSON.stringify(value)} is invalid: ${JSON.stringify(validate.errors?.map((e) => `${e.instancePath} ${e.message}`))}`;
}

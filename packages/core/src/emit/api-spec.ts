import {
  COMPONENTS_SCHEMA_ID,
  type ApiSpec,
  type JsonSchema,
  type MediaTypeSpec,
  type OperationSpec,
  type ParameterSpec,
  type ParameterStyle,
  type RequestBodySpec,
  type ResponseSpec,
} from '@specwright/runtime';
import { RefGraph, refTokens, type Operation, type OpenApiObject } from '../contract/index-operations';
import type { OpenApiDocument, OpenApiVersion } from '../spec/openapi-version';
import { getAt } from '../spec/ref-closure';
import { toJsonSchema, type Direction } from '../schema/to-json-schema';

/** Header parameters the OpenAPI spec says to ignore: they are governed by other fields. */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/**
 * The request-side description of the API that a generated server serves: parameters with
 * their serialisation, body media types and schemas normalised to JSON Schema, and the shared
 * component schemas they reach (only those, so the emitted file stays small on big specs).
 */
export function buildApiSpec(document: OpenApiDocument, version: OpenApiVersion, operations: readonly Operation[]): ApiSpec {
  const refs = new RefGraph(document);
  const resolve = (ref: string): unknown => getAt(document, refTokens(ref));
  const convert = (schema: unknown, direction: Direction, topLevel: boolean): JsonSchema =>
    toJsonSchema(schema, {
      version,
      direction,
      resolve,
      stripAnnotations: true,
      rewriteRef: topLevel ? (ref) => (ref.startsWith('#') ? COMPONENTS_SCHEMA_ID + ref : ref) : undefined,
    });

  const requestSchemas: unknown[] = [];
  const specs: OperationSpec[] = operations.map((operation) => {
    const parameters: ParameterSpec[] = [];
    for (const raw of operation.parameters) {
      const param = refs.resolve(raw) as OpenApiObject | undefined;
      if (!param || typeof param.name !== 'string' || typeof param.in !== 'string') continue;
      if (param.in === 'header' && IGNORED_HEADERS.has(param.name.toLowerCase())) continue;
      const location = param.in as ParameterSpec['in'];
      const style = (param.style as ParameterStyle | undefined) ?? (location === 'query' || location === 'cookie' ? 'form' : 'simple');
      let schema: unknown = param.schema;
      let contentType: string | undefined;
      if (schema === undefined && param.content && typeof param.content === 'object') {
        const [mediaType, media] = Object.entries(param.content as Record<string, OpenApiObject>)[0] ?? [];
        contentType = mediaType;
        schema = media?.schema;
      }
      requestSchemas.push(schema);
      parameters.push({
        name: param.name,
        in: location,
        required: location === 'path' ? true : param.required === true,
        style,
        explode: typeof param.explode === 'boolean' ? param.explode : style === 'form',
        ...(param.allowReserved === true ? { allowReserved: true } : {}),
        schema: schema === undefined ? {} : convert(schema, 'request', true),
        ...(contentType ? { contentType } : {}),
      });
    }

    let requestBody: RequestBodySpec | undefined;
    const body = refs.resolve(operation.definition.requestBody) as OpenApiObject | undefined;
    if (body && body.content && typeof body.content === 'object') {
      const content: Record<string, MediaTypeSpec> = {};
      for (const [mediaType, media] of Object.entries(body.content as Record<string, OpenApiObject>)) {
        const schema = media?.schema;
        requestSchemas.push(schema);
        content[mediaType] = schema === undefined ? {} : { schema: convert(schema, 'request', true) };
      }
      requestBody = { required: body.required === true, content };
    }

    const responses: Record<string, ResponseSpec> = {};
    const declared = operation.definition.responses;
    if (declared && typeof declared === 'object') {
      for (const [status, raw] of Object.entries(declared as Record<string, unknown>)) {
        const response = refs.resolve(raw) as OpenApiObject | undefined;
        const content = response?.content && typeof response.content === 'object' ? Object.keys(response.content) : [];
        responses[status] = { contentTypes: content };
      }
    }

    return {
      operationId: operation.id,
      method: operation.method,
      path: operation.path,
      parameters,
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  });

  // Only component schemas that request validation can reach are emitted.
  const schemas: Record<string, JsonSchema> = {};
  const prefix = '#/components/schemas/';
  for (const ref of refs.reachedFrom(requestSchemas)) {
    if (!ref.startsWith(prefix)) continue;
    const name = refTokens(ref)[2] as string;
    schemas[name] = convert(resolve(ref), 'request', false);
  }
  return {
    dialect: version === '3.0' ? 'draft-07' : '2020-12',
    components: { schemas: sortObject(schemas) },
    operations: specs,
  };
}

function sortObject<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key] as T;
  return out;
}

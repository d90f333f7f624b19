import {
  RefGraph,
  buildApiSpec,
  describePatternProblem,
  describeParameter,
  findPatternProblems,
  getAt,
  indexOperations,
  refTokens,
  toJsonSchema,
  type Direction,
  type OpenApiDocument,
  type OpenApiVersion,
  type Operation,
  withoutInvalidPatterns,
} from '@specwright/core';
import {
  REQUEST_SCHEMAS_URI,
  RESPONSE_SCHEMAS_URI,
  type ConformanceLink,
  type ConformanceModel,
  type ConformanceOperation,
  type ConformanceParameter,
  type ConformanceResponse,
  type ExampleValue,
  type JsonSchema,
  type RequestMediaType,
  type ResponseHeader,
  type SecurityScheme,
} from './types';
import { defineOwn } from '../schema/util';

type Json = { [key: string]: unknown };

/** Per-operation check switches, e.g. `x-specwright-conformance: { checks: { ignored_auth: false } }`. */
export const OPERATION_EXTENSION = 'x-specwright-conformance';

/**
 * Builds the conformance model of a bundled OpenAPI document (from core's `loadSpec`, or the
 * `openapi.json` that `generate` emits): every operation with its parameters, bodies,
 * responses (schemas in the response direction, headers, links), security and examples.
 * Synchronous on purpose: the generated Jest suite must know its tests at collection time.
 */
export function buildConformanceModel(spec: OpenApiDocument, version: OpenApiVersion, file = 'openapi.json'): ConformanceModel {
  // A pattern JavaScript cannot compile is left out, as generate leaves it out of the server: it
  // is neither sampled (no request could be built, and the run would pass on nothing) nor checked.
  const patternProblems = findPatternProblems(spec).filter((problem) => problem.kind === 'invalid');
  const document = withoutInvalidPatterns(spec, patternProblems);
  const refs = new RefGraph(document);
  const resolveRef = (ref: string): unknown => getAt(document, refTokens(ref));
  const converter = (direction: Direction, uri: string) => (schema: unknown): JsonSchema =>
    toJsonSchema(schema, {
      version,
      direction,
      resolve: resolveRef,
      stripAnnotations: false,
      rewriteRef: (ref) => (ref.startsWith('#/components/') ? uri + ref : ref),
    });
  const toRequest = converter('request', REQUEST_SCHEMAS_URI);
  const toResponse = converter('response', RESPONSE_SCHEMAS_URI);
  const resolve = (node: unknown): Json | undefined => {
    const value = refs.resolve(node);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
  };

  const indexed = indexOperations(document);
  const ids = new Map<string, string>();
  for (const op of indexed) ids.set(op.pointer, op.id);
  const securitySchemes = resolve((document.components as Json | undefined)?.securitySchemes) ?? {};

  const operations = indexed.map((operation): ConformanceOperation => {
    const parameters: ConformanceParameter[] = [];
    for (const raw of operation.parameters) {
      const parameter = buildParameter(resolve(raw), toRequest, resolve);
      if (parameter) parameters.push(parameter);
    }
    const body = resolve(operation.definition.requestBody);
    const requestBody =
      body && isObject(body.content)
        ? {
            required: body.required === true,
            content: Object.entries(body.content).map(([mediaType, media]): RequestMediaType => {
              const m = resolve(media) ?? {};
              return {
                mediaType,
                ...(m.schema !== undefined ? { schema: toRequest(m.schema) } : {}),
                examples: examplesOf(m, resolve),
                ...(isObject(m.encoding) ? { encoding: encodingOf(m.encoding) } : {}),
              };
            }),
          }
        : undefined;

    const responses: ConformanceResponse[] = [];
    for (const [status, raw] of Object.entries(isObject(operation.definition.responses) ? operation.definition.responses : {})) {
      const response = resolve(raw);
      if (!response) continue;
      const content: Record<string, { schema?: JsonSchema }> = {};
      for (const [mediaType, media] of Object.entries(isObject(response.content) ? response.content : {})) {
        const m = resolve(media) ?? {};
        defineOwn(content, mediaType, m.schema !== undefined ? { schema: toResponse(m.schema) } : {});
      }
      const headers: ResponseHeader[] = [];
      for (const [name, rawHeader] of Object.entries(isObject(response.headers) ? response.headers : {})) {
        // "If a response header is defined with the name Content-Type, it SHALL be ignored."
        if (name.toLowerCase() === 'content-type') continue;
        const header = resolve(rawHeader) ?? {};
        const schema = header.schema ?? firstContentSchema(header, resolve);
        headers.push({ name, required: header.required === true, ...(schema !== undefined ? { schema: toResponse(schema) } : {}) });
      }
      const links: ConformanceLink[] = [];
      for (const [name, rawLink] of Object.entries(isObject(response.links) ? response.links : {})) {
        const link = buildLink(name, resolve(rawLink), document, ids);
        if (link) links.push(link);
      }
      responses.push({ status, content, headers, links });
    }

    const extension = resolve(operation.definition[OPERATION_EXTENSION]);
    return {
      operationId: operation.id,
      method: operation.method,
      path: operation.path,
      parameters,
      ...(requestBody ? { requestBody } : {}),
      responses,
      security: buildSecurity(operation, securitySchemes, resolve),
      ...(extension && isObject(extension.checks) ? { checks: booleanRecord(extension.checks) } : {}),
    };
  });

  const schemas = resolve((document.components as Json | undefined)?.schemas) ?? {};
  const requestSchemas: Record<string, JsonSchema> = {};
  const responseSchemas: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    // Defined, not assigned: component names come from the spec and may be `__proto__`.
    defineOwn(requestSchemas, name, toRequest(schema));
    defineOwn(responseSchemas, name, toResponse(schema));
  }
  const info = resolve(document.info);
  return {
    title: typeof info?.title === 'string' ? info.title : 'API',
    registry: {
      dialect: version === '3.0' ? 'draft-07' : '2020-12',
      documents: {
        [REQUEST_SCHEMAS_URI]: { components: { schemas: requestSchemas } },
        [RESPONSE_SCHEMAS_URI]: { components: { schemas: responseSchemas } },
      },
    },
    operations,
    apiSpec: buildApiSpec(document, version, indexed),
    warnings: patternProblems.map((problem) => describePatternProblem(problem, file)),
  };
}

function buildParameter(
  param: Json | undefined,
  convert: (schema: unknown) => JsonSchema,
  resolve: (node: unknown) => Json | undefined,
): ConformanceParameter | undefined {
  const described = describeParameter(param, convert);
  if (!described || !param) return undefined;
  const examples = examplesOf(param, resolve);
  const media = described.media ? resolve(described.media) : undefined;
  return { ...described.spec, examples: examples.length === 0 && media ? examplesOf(media, resolve) : examples };
}

/** `example` and `examples` (Example Objects, possibly `$ref`s; `externalValue`s are skipped). */
function examplesOf(node: Json, resolve: (node: unknown) => Json | undefined): ExampleValue[] {
  const out: ExampleValue[] = [];
  if (node.example !== undefined) out.push({ name: 'example', value: node.example });
  if (isObject(node.examples)) {
    for (const [name, raw] of Object.entries(node.examples)) {
      const example = resolve(raw);
      if (example && 'value' in example) out.push({ name, value: example.value });
    }
  }
  return out;
}

function encodingOf(encoding: Json): { [property: string]: { contentType?: string } } {
  const out: { [property: string]: { contentType?: string } } = {};
  for (const [property, value] of Object.entries(encoding)) {
    const contentType = isObject(value) && typeof value.contentType === 'string' ? value.contentType : undefined;
    defineOwn(out, property, contentType ? { contentType } : {}); // a form field may be named `__proto__`
  }
  return out;
}

function firstContentSchema(node: Json, resolve: (node: unknown) => Json | undefined): unknown {
  if (!isObject(node.content)) return undefined;
  const first = Object.values(node.content)[0];
  return resolve(first)?.schema;
}

/** Resolves `operationId` or a local `operationRef` (`#/paths/~1pets~1{petId}/get`) to the target id. */
function buildLink(name: string, link: Json | undefined, document: OpenApiDocument, ids: Map<string, string>): ConformanceLink | undefined {
  if (!link) return undefined;
  let target: string | undefined;
  if (typeof link.operationId === 'string') target = link.operationId;
  else if (typeof link.operationRef === 'string' && link.operationRef.startsWith('#')) {
    let pointer = link.operationRef.slice(1);
    try {
      pointer = decodeURIComponent(pointer);
    } catch {
      // keep as written
    }
    target = ids.get(pointer);
    void document;
  }
  if (!target) return undefined;
  return {
    name,
    targetOperationId: target,
    parameters: isObject(link.parameters) ? { ...link.parameters } : {},
    ...(link.requestBody !== undefined ? { requestBody: link.requestBody } : {}),
  };
}

function buildSecurity(
  operation: Operation,
  schemes: Json,
  resolve: (node: unknown) => Json | undefined,
): SecurityScheme[][] {
  const alternatives: SecurityScheme[][] = [];
  for (const requirement of operation.security) {
    if (!isObject(requirement)) continue;
    const all: SecurityScheme[] = [];
    for (const name of Object.keys(requirement)) {
      const scheme = resolve(schemes[name]);
      if (!scheme || typeof scheme.type !== 'string') continue;
      const type = scheme.type;
      if (type === 'apiKey') {
        const location = scheme.in === 'query' || scheme.in === 'cookie' ? scheme.in : 'header';
        all.push({ name, type, in: location, parameterName: typeof scheme.name === 'string' ? scheme.name : name });
      } else if (type === 'http') {
        all.push({ name, type, in: 'header', parameterName: 'Authorization', scheme: String(scheme.scheme ?? 'bearer').toLowerCase() });
      } else if (type === 'oauth2' || type === 'openIdConnect') {
        all.push({ name, type, in: 'header', parameterName: 'Authorization', scheme: 'bearer' });
      } else {
        all.push({ name, type });
      }
    }
    alternatives.push(all);
  }
  return alternatives;
}

function booleanRecord(value: Json): { [key: string]: boolean } {
  const out: { [key: string]: boolean } = {};
  for (const [key, flag] of Object.entries(value)) if (typeof flag === 'boolean') out[key] = flag;
  return out;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

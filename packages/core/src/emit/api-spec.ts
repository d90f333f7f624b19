import {
  COMPONENTS_SCHEMA_ID,
  bodyKindOf,
  type ApiSpec,
  type JsonSchema,
  type MediaTypeSpec,
  type OperationSpec,
  type ParameterSpec,
  type ParameterStyle,
  type RequestBodySpec,
  type ResponseSpec,
  type SecurityRequirementSpec,
  type SecuritySchemeSpec,
} from '@specwright/runtime';
import { SpecwrightError } from '../errors';
import { RefGraph, refTokens, type Operation, type OpenApiObject } from '../contract/index-operations';
import type { OpenApiDocument, OpenApiVersion } from '../spec/openapi-version';
import { escapePointerToken } from '../spec/read-document';
import { getAt } from '../spec/ref-closure';
import { toJsonSchema, type Direction } from '../schema/to-json-schema';
import { setOwn } from '../util/own-property';

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
      const described = describeParameter(refs.resolve(raw) as OpenApiObject | undefined, (schema) => convert(schema, 'request', true));
      if (!described) continue;
      requestSchemas.push(described.schema);
      parameters.push(described.spec);
    }

    let requestBody: RequestBodySpec | undefined;
    const body = refs.resolve(operation.definition.requestBody) as OpenApiObject | undefined;
    if (body && body.content && typeof body.content === 'object') {
      const content: Record<string, MediaTypeSpec> = {};
      for (const [mediaType, media] of Object.entries(body.content as Record<string, OpenApiObject>)) {
        const schema = media?.schema;
        requestSchemas.push(schema);
        const kind = bodyKindOf(mediaType);
        const jsonFields = kind === 'multipart' || kind === 'urlencoded' ? formJsonFields(media, refs) : [];
        setOwn(content, mediaType, schema === undefined ? {} : { schema: convert(schema, 'request', true), ...(jsonFields.length > 0 ? { jsonFields } : {}) });
      }
      requestBody = { required: body.required === true, content };
    }

    const responses: Record<string, ResponseSpec> = {};
    const declared = operation.definition.responses;
    if (declared && typeof declared === 'object') {
      for (const [status, raw] of Object.entries(declared as Record<string, unknown>)) {
        const response = refs.resolve(raw) as OpenApiObject | undefined;
        const content = response?.content && typeof response.content === 'object' ? Object.keys(response.content) : [];
        setOwn(responses, status, { contentTypes: content });
      }
    }

    const security = securityOf(document, operation, refs);
    return {
      operationId: operation.id,
      method: operation.method,
      path: operation.path,
      parameters,
      ...(requestBody ? { requestBody } : {}),
      responses,
      // Only when there is something to enforce, so spec.ts of an API without security is unchanged.
      ...(security.length > 0 ? { security } : {}),
    };
  });

  // Only component schemas that request validation can reach are emitted.
  const schemas: Record<string, JsonSchema> = {};
  const prefix = '#/components/schemas/';
  for (const ref of refs.reachedFrom(requestSchemas)) {
    if (!ref.startsWith(prefix)) continue;
    const name = refTokens(ref)[2] as string;
    setOwn(schemas, name, convert(resolve(ref), 'request', false));
  }
  return {
    dialect: version === '3.0' ? 'draft-07' : '2020-12',
    components: { schemas: sortObject(schemas) },
    operations: specs,
  };
}

/**
 * Properties of a form body whose field is JSON text: object- or array-typed ones (OpenAPI's
 * default part encoding for objects is application/json), and any whose `encoding` entry names a
 * JSON content type. Looks through `$ref` and `allOf`, where form schemas keep their properties.
 */
function formJsonFields(media: OpenApiObject, refs: RefGraph): string[] {
  const encoding = (media.encoding ?? {}) as Record<string, OpenApiObject>;
  const fields = new Set<string>();
  const visit = (node: unknown, depth: number): void => {
    const schema = refs.resolve(node) as OpenApiObject | undefined;
    if (!schema || typeof schema !== 'object' || depth > 8) return;
    for (const [name, raw] of Object.entries((schema.properties ?? {}) as Record<string, unknown>)) {
      const property = refs.resolve(raw) as OpenApiObject | undefined;
      const types = Array.isArray(property?.type) ? property.type : [property?.type];
      const declared = encoding[name]?.contentType;
      if (types.includes('object') || types.includes('array') || (typeof declared === 'string' && /json/i.test(declared))) fields.add(name);
    }
    for (const member of (Array.isArray(schema.allOf) ? schema.allOf : []) as unknown[]) visit(member, depth + 1);
  };
  visit(media.schema, 0);
  return [...fields].sort();
}

/** A parameter as the runtime serves it, with the raw schema and (for `content` parameters) its media type object. */
export interface DescribedParameter {
  readonly spec: ParameterSpec;
  /** The schema as written in the spec (before conversion). */
  readonly schema: unknown;
  /** For a parameter declared with `content`: the media type object (its examples live there). */
  readonly media?: OpenApiObject;
}

/**
 * One resolved Parameter Object → its ParameterSpec: OpenAPI's defaults applied (style by
 * location, explode for form, path parameters required), `content` parameters reduced to their
 * media type's schema, and the headers OpenAPI says to ignore left out (undefined).
 */
export function describeParameter(param: OpenApiObject | undefined, convert: (schema: unknown) => JsonSchema): DescribedParameter | undefined {
  if (!param || typeof param.name !== 'string' || typeof param.in !== 'string') return undefined;
  if (!['path', 'query', 'header', 'cookie'].includes(param.in)) return undefined;
  if (param.in === 'header' && IGNORED_HEADERS.has(param.name.toLowerCase())) return undefined;
  const location = param.in as ParameterSpec['in'];
  const style = (param.style as ParameterStyle | undefined) ?? (location === 'query' || location === 'cookie' ? 'form' : 'simple');
  let schema: unknown = param.schema;
  let contentType: string | undefined;
  let media: OpenApiObject | undefined;
  if (schema === undefined && param.content && typeof param.content === 'object') {
    const [mediaType, first] = Object.entries(param.content as Record<string, OpenApiObject>)[0] ?? [];
    contentType = mediaType;
    media = first;
    schema = first?.schema;
  }
  return {
    spec: {
      name: param.name,
      in: location,
      required: location === 'path' ? true : param.required === true,
      style,
      explode: typeof param.explode === 'boolean' ? param.explode : style === 'form',
      ...(param.allowReserved === true ? { allowReserved: true } : {}),
      schema: schema === undefined ? {} : convert(schema),
      ...(contentType ? { contentType } : {}),
    },
    schema,
    ...(media ? { media } : {}),
  };
}

function sortObject<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) setOwn(out, key, record[key] as T);
  return out;
}

const SCHEME_TYPES: ReadonlySet<string> = new Set<SecuritySchemeSpec['type']>(['apiKey', 'http', 'oauth2', 'openIdConnect', 'mutualTLS']);
const API_KEY_LOCATIONS: ReadonlySet<string> = new Set(['header', 'query', 'cookie']);

/**
 * The operation's effective security (its own `security`, else the document's; indexOperations
 * picked it) with each scheme resolved from `components.securitySchemes`, in spec order.
 * Requirements and schemes that cannot be enforced as written are errors rather than skipped:
 * dropping one would silently weaken or remove the protection the spec declares.
 */
function securityOf(document: OpenApiDocument, operation: Operation, refs: RefGraph): SecurityRequirementSpec[] {
  const base = operation.definition.security !== undefined ? `${operation.pointer}/security` : '/security';
  const declared = document.components?.securitySchemes ?? {};
  return operation.security.map((requirement, index) => {
    const pointer = `${base}/${index}`;
    if (requirement === null || typeof requirement !== 'object' || Array.isArray(requirement)) {
      throw invalidSecurity(pointer, 'a security requirement must be an object of scheme names to scopes');
    }
    // `{}` stays an empty requirement: anonymous access is allowed (the runtime then enforces nothing).
    return Object.keys(requirement).map((name): SecuritySchemeSpec => {
      const scheme = Object.hasOwn(declared, name) ? (refs.resolve(declared[name]) as OpenApiObject | undefined) : undefined;
      const schemePointer = `/components/securitySchemes/${escapePointerToken(name)}`;
      if (!scheme || typeof scheme !== 'object') {
        throw new SpecwrightError('REF_UNRESOLVED', `Security requirement names scheme "${name}", which does not resolve to a scheme in components.securitySchemes`, {
          location: { file: 'bundled spec', pointer },
          fix: `Declare "${name}" under components.securitySchemes, or fix the name in the requirement.`,
        });
      }
      const type = scheme.type;
      if (typeof type !== 'string' || !SCHEME_TYPES.has(type)) {
        throw invalidSecurity(schemePointer, `security scheme "${name}" has type ${JSON.stringify(type)}; expected apiKey, http, oauth2, openIdConnect or mutualTLS`);
      }
      if (type === 'apiKey') {
        if (typeof scheme.in !== 'string' || !API_KEY_LOCATIONS.has(scheme.in) || typeof scheme.name !== 'string' || scheme.name === '') {
          throw invalidSecurity(schemePointer, `apiKey security scheme "${name}" needs "in" (header, query or cookie) and a non-empty "name"`);
        }
        return { scheme: name, type, in: scheme.in as 'header' | 'query' | 'cookie', name: scheme.name };
      }
      if (type === 'http') {
        if (typeof scheme.scheme !== 'string' || scheme.scheme.trim() === '') {
          throw invalidSecurity(schemePointer, `http security scheme "${name}" needs a "scheme" (e.g. bearer, basic)`);
        }
        // HTTP authentication scheme names are case-insensitive (RFC 9110 §11.1).
        return { scheme: name, type, httpScheme: scheme.scheme.trim().toLowerCase() };
      }
      // oauth2 and openIdConnect tokens travel as `Authorization: Bearer` (the runtime knows);
      // mutualTLS is verified by whatever terminates TLS, so there is nothing more to say here.
      return { scheme: name, type: type as SecuritySchemeSpec['type'] };
    });
  });
}

/**
 * REF_UNRESOLVED for lack of a dedicated code: the requirement names something that does not
 * resolve to a scheme the runtime can enforce.
 */
function invalidSecurity(pointer: string, message: string): SpecwrightError {
  return new SpecwrightError('REF_UNRESOLVED', message.charAt(0).toUpperCase() + message.slice(1), {
    location: { file: 'bundled spec', pointer },
    fix: 'Fix the security scheme so it follows the OpenAPI Security Scheme Object.',
  });
}

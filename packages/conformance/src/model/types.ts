/**
 * The conformance model: everything the engine needs to know about an API, built once from a
 * bundled OpenAPI document (see build-model.ts). Plain JSON, so it can be cached or printed.
 *
 * Schemas are JSON Schema in the spec's dialect after core's normalisation (OpenAPI 3.0 →
 * draft-07, 3.1 → 2020-12), one copy per direction of traffic: request schemas do not require
 * readOnly properties, response schemas do not require writeOnly ones. Every `$ref` in them is
 * absolute: `urn:specwright:request#/components/schemas/Pet` or
 * `urn:specwright:response#/components/schemas/Pet`, resolved through the SchemaRegistry.
 */
import type { ApiSpec, HttpMethod, JsonSchema, ParameterSpec } from '@specwright/runtime';

export type { HttpMethod, JsonSchema, ParameterSpec };

export type JsonSchemaObject = { readonly [keyword: string]: unknown };
export type Dialect = 'draft-07' | '2020-12';

export const REQUEST_SCHEMAS_URI = 'urn:specwright:request';
export const RESPONSE_SCHEMAS_URI = 'urn:specwright:response';

/** The documents absolute `$ref`s point into: URI → `{ components: { schemas: { … } } }`. */
export interface SchemaRegistry {
  readonly dialect: Dialect;
  readonly documents: { readonly [uri: string]: JsonSchemaObject };
}

/** A named example from the spec (`example` or `examples`), used as an acceptance case. */
export interface ExampleValue {
  /** `example`, or the key under `examples`. */
  readonly name: string;
  readonly value: unknown;
}

export interface ConformanceParameter extends ParameterSpec {
  readonly examples: readonly ExampleValue[];
}

export interface RequestMediaType {
  readonly mediaType: string;
  /** Absent when the spec gives no schema (anything goes). */
  readonly schema?: JsonSchema;
  readonly examples: readonly ExampleValue[];
  /**
   * For `multipart/form-data` and `application/x-www-form-urlencoded`: per-property
   * `contentType` from the media type's `encoding` map, when the spec gives one.
   */
  readonly encoding?: { readonly [property: string]: { readonly contentType?: string } };
}

export interface ResponseHeader {
  readonly name: string;
  readonly required: boolean;
  readonly schema?: JsonSchema;
}

/**
 * An OpenAPI Link: values for the target operation's parameters (and body) as runtime
 * expressions, e.g. `{ petId: '$response.body#/id' }`.
 */
export interface ConformanceLink {
  readonly name: string;
  /** operationId of the target (operationRef is resolved to it by the model builder). */
  readonly targetOperationId: string;
  /** Parameter name (optionally `path.petId`, `query.x`) → runtime expression or constant. */
  readonly parameters: { readonly [name: string]: unknown };
  readonly requestBody?: unknown;
}

export interface ConformanceResponse {
  /** `200`, `2XX` or `default`. */
  readonly status: string;
  /** Media type (or range) → response-direction schema (absent: any body). */
  readonly content: { readonly [mediaType: string]: { readonly schema?: JsonSchema } };
  readonly headers: readonly ResponseHeader[];
  readonly links: readonly ConformanceLink[];
}

/** One way to satisfy a security requirement: the credentials every scheme in it needs. */
export interface SecurityScheme {
  readonly name: string;
  /** `apiKey` (in header, query or cookie), `http` (bearer/basic/…), `oauth2`, `openIdConnect`, `mutualTLS`. */
  readonly type: string;
  readonly in?: 'header' | 'query' | 'cookie';
  /** The header, query or cookie name for apiKey; `Authorization` for http/oauth2/openIdConnect. */
  readonly parameterName?: string;
  /** For `http`: `bearer`, `basic`, … */
  readonly scheme?: string;
}

export interface ConformanceOperation {
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly parameters: readonly ConformanceParameter[];
  readonly requestBody?: {
    readonly required: boolean;
    readonly content: readonly RequestMediaType[];
  };
  readonly responses: readonly ConformanceResponse[];
  /**
   * Alternatives (OR) of requirements (AND), as in OpenAPI. Empty when the operation needs no
   * credentials; an alternative that is empty (`{}`) means anonymous access is allowed.
   */
  readonly security: readonly (readonly SecurityScheme[])[];
  /** `x-specwright-conformance` extension of the operation: per-operation check switches. */
  readonly checks?: { readonly [check: string]: boolean };
}

export interface ConformanceModel {
  readonly title: string;
  readonly registry: SchemaRegistry;
  readonly operations: readonly ConformanceOperation[];
  /**
   * The request side as the generated server's runtime sees it. The engine serves it with a
   * validation-only app to confirm that a case it built really is valid (or invalid) before
   * it reports the system under test for treating it otherwise.
   */
  readonly apiSpec: ApiSpec;
  /** About the spec as a whole (patterns JavaScript cannot compile, left out). */
  readonly warnings?: readonly string[];
}

/** Concrete values for one request, before serialisation. */
export interface RequestCase {
  readonly operationId: string;
  /** Parameter values by name, per location; an absent key means the parameter is not sent. */
  readonly path: { readonly [name: string]: unknown };
  readonly query: { readonly [name: string]: unknown };
  readonly headers: { readonly [name: string]: unknown };
  readonly cookies: { readonly [name: string]: unknown };
  /** Absent: no body. */
  readonly body?: { readonly mediaType: string; readonly value: unknown };
}

/** A serialised request, relative to a base URL. */
export interface HttpRequest {
  /** Upper case, e.g. `GET`. */
  readonly method: string;
  /** Path and query, percent-encoded, starting with `/`, e.g. `/pets/1?limit=2`. */
  readonly url: string;
  /** In order; names as they go on the wire. */
  readonly headers: readonly (readonly [string, string])[];
  /** Text bodies (JSON, form) as strings; multipart as bytes. */
  readonly body?: string | Uint8Array;
}

export interface HttpResponse {
  readonly status: number;
  /** Names lower-cased; repeated headers joined with `, ` as fetch does. */
  readonly headers: { readonly [name: string]: string };
  readonly bodyText: string;
  readonly elapsedMs: number;
}

/**
 * The data contract between `@specwright/core` (which emits it into `src/generated/spec.ts`)
 * and this runtime (which serves it). Everything here is plain JSON so generated files stay
 * deterministic and small; no functions, no classes.
 */

/** A JSON Schema, already normalised by core for the request direction (see ApiSpec.dialect). */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export type ParameterStyle =
  | 'simple'
  | 'label'
  | 'matrix'
  | 'form'
  | 'spaceDelimited'
  | 'pipeDelimited'
  | 'deepObject';

export interface ParameterSpec {
  readonly name: string;
  readonly in: ParameterLocation;
  readonly required: boolean;
  /** Defaults already applied by core: path/header → simple, query/cookie → form. */
  readonly style: ParameterStyle;
  /** Defaults already applied by core: true for form, false otherwise. */
  readonly explode: boolean;
  readonly allowReserved?: boolean;
  /**
   * Schema of the parameter value. For a parameter declared with `content` instead of `schema`,
   * this is the media type's schema and `contentType` names the media type (the raw value is
   * then parsed as that media type, e.g. JSON, before validation).
   */
  readonly schema: JsonSchema;
  readonly contentType?: string;
}

export interface MediaTypeSpec {
  /** Absent when the spec declares the media type without a schema (anything goes). */
  readonly schema?: JsonSchema;
  /**
   * Form bodies only (`multipart/form-data`, `application/x-www-form-urlencoded`): fields whose
   * value is JSON text — object or array properties, or those the spec's `encoding` gives a
   * JSON content type (OpenAPI's default for object parts). The runtime parses them before
   * validation. Absent when there are none.
   */
  readonly jsonFields?: readonly string[];
}

export interface RequestBodySpec {
  readonly required: boolean;
  /** Keyed by media type or media range exactly as in the spec, e.g. `application/json`, `image/*`. */
  readonly content: { readonly [mediaType: string]: MediaTypeSpec };
}

export interface ResponseSpec {
  /** Media types the spec declares for this response; empty for a response without a body. */
  readonly contentTypes: readonly string[];
}

export interface OperationSpec {
  /** The operationId from the spec, or the stable id core derived for it. May contain `/`. */
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The OpenAPI path template, e.g. `/pets/{petId}` or `/compare/{base}...{head}`. */
  readonly path: string;
  /** Path-level and operation-level parameters, merged (operation wins), in spec order. */
  readonly parameters: readonly ParameterSpec[];
  readonly requestBody?: RequestBodySpec;
  /** Keyed by status code (`200`), range (`2XX`) or `default`. */
  readonly responses: { readonly [status: string]: ResponseSpec };
  /**
   * The operation's effective security (its own `security`, else the document's), with each
   * scheme resolved from `components.securitySchemes`. Alternatives: a request must satisfy at
   * least one (OR); each is a list of schemes that must all be satisfied (AND), as in OpenAPI.
   * Absent or `[]`: no security. An empty alternative `[]` (`{}` in the spec) allows anonymous
   * requests, so then nothing is enforced. Core emits the field only when the list is non-empty,
   * so specs without security stay byte-identical.
   */
  readonly security?: readonly SecurityRequirementSpec[];
}

export type SecuritySchemeType = 'apiKey' | 'http' | 'oauth2' | 'openIdConnect' | 'mutualTLS';

/**
 * One security scheme of a requirement, resolved so the runtime needs no `components` lookup.
 * Where the runtime looks for its credentials:
 * - `apiKey`: the `name` header, query parameter or cookie (`in`), present and non-empty;
 * - `http`: `Authorization: <httpScheme> <credentials>`, the scheme token matched case-insensitively;
 * - `oauth2`, `openIdConnect`: `Authorization: Bearer <token>` (how RFC 6750 access tokens travel);
 * - `mutualTLS`: nothing; the client certificate is checked by the TLS layer, not in-process.
 */
export interface SecuritySchemeSpec {
  /** The scheme's key in `components.securitySchemes`, e.g. `apiKey`, `bearerAuth`. */
  readonly scheme: string;
  readonly type: SecuritySchemeType;
  /** apiKey only: where the key travels. */
  readonly in?: 'header' | 'query' | 'cookie';
  /** apiKey only: the header, query parameter or cookie name, as declared. */
  readonly name?: string;
  /** http only: the HTTP authentication scheme, lower-cased (`bearer`, `basic`, `digest`). */
  readonly httpScheme?: string;
}

/** Schemes that must all be satisfied together (one OpenAPI Security Requirement Object). */
export type SecurityRequirementSpec = readonly SecuritySchemeSpec[];

/**
 * Base URI under which the shared component schemas are registered with the validator.
 * Core rewrites every `#/components/schemas/X` reference in operation schemas to
 * `urn:specwright:api#/components/schemas/X`; references inside `components` themselves stay
 * local (`#/components/schemas/Y`) because they resolve against this same document.
 */
export const COMPONENTS_SCHEMA_ID = 'urn:specwright:api';

export interface ApiSpec {
  /**
   * JSON Schema dialect of every schema in this object after core's normalisation:
   * OpenAPI 3.0 schemas (nullable, boolean exclusiveMinimum, …) become `draft-07`;
   * OpenAPI 3.1 schemas are JSON Schema `2020-12`.
   */
  readonly dialect: 'draft-07' | '2020-12';
  /** The shared schemas, keyed by component name, request direction (readOnly not required). */
  readonly components: { readonly schemas: { readonly [name: string]: JsonSchema } };
  readonly operations: readonly OperationSpec[];
}

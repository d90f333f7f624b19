/**
 * Handler types for one operation, read from openapi-typescript 7 output:
 *
 *   import type { operations } from './types';
 *   export type ListPetsHandler = OperationHandler<operations['listPets']>;
 *
 * The context is typed from `parameters` and `requestBody`; the result must be one of the
 * declared `responses`: a declared status with a body of that status's media types.
 */
import type { HandlerContext } from './handler';
import type { DefaultServices } from './services';

/**
 * A location with no parameters (openapi-typescript writes `query?: never`): an empty object, so
 * reading any name from it is a compile error.
 */
type NoParameters = Record<never, never>;

type ParametersIn<Op, Location extends string> = Op extends { parameters: infer P }
  ? Location extends keyof P
    ? [NonNullable<P[Location]>] extends [never]
      ? NoParameters
      : NonNullable<P[Location]>
    : NoParameters
  : NoParameters;

/** openapi-typescript writes `requestBody?: never` for none; a missing key means none too. */
type RequestBodyOf<Op> = 'requestBody' extends keyof Op ? (Op extends { requestBody?: infer Body } ? Body : undefined) : undefined;
type ContentOf<Body> = Body extends { content: infer Content } ? Content : never;

/** The body's type: the union over its media types; `| undefined` when the body is optional. */
export type RequestBodyType<Op> = [NonNullable<RequestBodyOf<Op>>] extends [never]
  ? undefined
  : ContentOf<NonNullable<RequestBodyOf<Op>>>[keyof ContentOf<NonNullable<RequestBodyOf<Op>>>] | OptionalBody<Op>;
/** `requestBody?:` (optional) admits no body; inference through `infer` drops that `undefined`. */
type OptionalBody<Op> = Record<never, never> extends Pick<Op, 'requestBody' & keyof Op> ? undefined : never;

export type RequestMediaType<Op> = keyof ContentOf<NonNullable<RequestBodyOf<Op>>> & string;

/** `Services`: what the app passes every handler (the project's `Services` from context.ts in generated code). */
export type OperationContext<Op, Services = DefaultServices> = HandlerContext<
  ParametersIn<Op, 'path'>,
  ParametersIn<Op, 'query'>,
  ParametersIn<Op, 'header'>,
  ParametersIn<Op, 'cookie'>,
  RequestBodyType<Op>,
  RequestMediaType<Op>,
  Services
>;

type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
type StatusClass = 1 | 2 | 3 | 4 | 5;
/** `CodesIn<4>` = 400 | 401 | … | 499, for `4XX` response keys. */
type CodesIn<C extends StatusClass> = `${C}${Digit}${Digit}` extends infer Code
  ? Code extends `${infer N extends number}`
    ? N
    : never
  : never;

/** Status codes declared explicitly (`200`, or `'200'`), which ranges and `default` leave to them. */
type ExplicitCodes<Responses> = {
  [K in keyof Responses]: K extends number ? K : K extends `${infer N extends number}` ? N : never;
}[keyof Responses];

/**
 * The statuses a response key admits: itself for a code, its class minus explicit codes for a
 * range (`4XX`), any number for `default` (TypeScript cannot subtract literals from `number`).
 */
type StatusesOf<Key, Responses> = Key extends number
  ? Key
  : Key extends `${infer N extends number}`
    ? N
    : Key extends `${infer C extends StatusClass}XX` | `${infer C extends StatusClass}xx`
      ? Exclude<CodesIn<C>, ExplicitCodes<Responses>>
      : Key extends 'default'
        ? number
        : never;

type ResponseHeaders = { readonly [name: string]: string };

type JsonMediaType = 'application/json' | `application/json;${string}` | `${string}+json` | `${string}+json;${string}`;

/** Non-JSON bodies may also be sent as bytes (openapi-typescript types `format: binary` as string). */
type BodyFor<MediaType, Body> = MediaType extends JsonMediaType ? Body : Body | Uint8Array | ArrayBuffer;

interface ResultWithoutBody<Status> {
  readonly status: Status;
  readonly body?: undefined;
  readonly contentType?: undefined;
  readonly headers?: ResponseHeaders;
}

interface ResultWithBody<Status, MediaType, Body> {
  readonly status: Status;
  readonly body: BodyFor<MediaType, Body>;
  /** Optional: the runtime defaults to the first JSON media type declared for the status. */
  readonly contentType?: MediaType;
  readonly headers?: ResponseHeaders;
}

type ResultFor<Status, Response> = Response extends { content?: infer Content }
  ? [NonNullable<Content>] extends [never]
    ? ResultWithoutBody<Status>
    : {
        [M in keyof NonNullable<Content> & string]: ResultWithBody<Status, M, NonNullable<Content>[M]>;
      }[keyof NonNullable<Content> & string]
  : ResultWithoutBody<Status>;

type ResponsesOf<Op> = Op extends { responses: infer Responses } ? Responses : never;

/** Every result the operation may return: one variant per declared status and media type. */
export type OperationResult<Op> = {
  [K in keyof ResponsesOf<Op>]-?: ResultFor<StatusesOf<K, ResponsesOf<Op>>, ResponsesOf<Op>[K]>;
}[keyof ResponsesOf<Op>];

export type OperationReturn<Op> = OperationResult<Op> | Response;

export type OperationHandler<Op, Services = DefaultServices> = (
  context: OperationContext<Op, Services>,
) => OperationReturn<Op> | Promise<OperationReturn<Op>>;

/** A handler for every operation of an openapi-typescript `operations` interface. */
export type OperationHandlers<Operations, Services = DefaultServices> = {
  readonly [Id in keyof Operations]: OperationHandler<Operations[Id], Services>;
};

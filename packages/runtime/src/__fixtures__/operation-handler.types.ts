/**
 * Type-level tests for OperationHandler, compiled (never run) by operation-handler.spec.ts.
 * Every `@ts-expect-error` must be needed: an unused one is itself a compile error, so a type
 * that stopped rejecting a wrong status or body fails the test.
 */
import { createSpecApp } from '../create-spec-app';
import type { OperationHandler, OperationHandlers, OperationResult } from '../operation-handler';
import type { ApiSpec } from '../operation-spec';
import { createMemoryStore } from '../resource-store';

/** Shaped like openapi-typescript 7 output. */
interface components {
  schemas: {
    Pet: { id: number; name: string; tag?: string };
    NewPet: { name: string; tag?: string };
    Error: { code: number; message: string };
  };
}

interface operations {
  listPets: {
    parameters: {
      query?: { limit?: number; tags?: string[] };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: { 'x-next'?: string; [name: string]: unknown };
        content: { 'application/json': components['schemas']['Pet'][] };
      };
      default: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['Error'] } };
    };
  };
  createPet: {
    parameters: {
      query?: never;
      header: { 'X-Request-ID': string };
      path?: never;
      cookie?: { session?: string };
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['NewPet'];
        'application/x-www-form-urlencoded': components['schemas']['NewPet'];
      };
    };
    responses: {
      201: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['Pet'] } };
      '4XX': { headers: { [name: string]: unknown }; content: { 'application/problem+json': components['schemas']['Error'] } };
      409: { headers: { [name: string]: unknown }; content: { 'text/plain': string } };
    };
  };
  deletePet: {
    parameters: { query?: never; header?: never; path: { petId: number }; cookie?: never };
    requestBody?: { content: { 'application/json': { reason: string } } };
    responses: {
      204: { headers: { [name: string]: unknown }; content?: never };
      404: { headers: { [name: string]: unknown }; content: { 'application/json': components['schemas']['Error'] } };
    };
  };
}

// --- The context is typed from parameters and requestBody -----------------------------------

export const listPets: OperationHandler<operations['listPets']> = ({ query, path, body }) => {
  const limit: number | undefined = query.limit;
  const tags: string[] | undefined = query.tags;
  // @ts-expect-error: listPets has no `offset` query parameter
  const offset: number = query.offset;
  // @ts-expect-error: listPets has no path parameters
  const id: string = path.petId;
  // @ts-expect-error: listPets has no request body
  const name: string = body.name;
  void [limit, tags, offset, id, name];
  return { status: 200, body: [{ id: 1, name: 'Rex' }], headers: { 'x-next': '2' } };
};

export const createPet: OperationHandler<operations['createPet']> = async (ctx) => {
  const requestId: string = ctx.headers['X-Request-ID'];
  const session: string | undefined = ctx.cookies.session;
  const name: string = ctx.body.name;
  const mediaType: 'application/json' | 'application/x-www-form-urlencoded' | undefined = ctx.mediaType;
  // @ts-expect-error: the body is NewPet, which has no id
  const id: number = ctx.body.id;
  void [requestId, session, name, mediaType, id];
  return { status: 201, body: { id: 1, name } };
};

export const deletePet: OperationHandler<operations['deletePet']> = ({ path, body }) => {
  const petId: number = path.petId;
  // @ts-expect-error: the request body is optional, so it may be undefined
  const reason: string = body.reason;
  void [petId, reason];
  return { status: 204 };
};

// --- Results must be declared responses -------------------------------------------------------

type ListResult = OperationResult<operations['listPets']>;
type CreateResult = OperationResult<operations['createPet']>;
type DeleteResult = OperationResult<operations['deletePet']>;

export const results = {
  ok: { status: 200, body: [{ id: 1, name: 'a' }] } satisfies ListResult,
  /** `default` admits any status with its body. */
  defaultError: { status: 503, body: { code: 503, message: 'down' } } satisfies ListResult,
  created: { status: 201, body: { id: 1, name: 'a' }, contentType: 'application/json' } satisfies CreateResult,
  /** `4XX` admits any 4xx status… */
  rangeError: { status: 422, body: { code: 1, message: 'm' }, contentType: 'application/problem+json' } satisfies CreateResult,
  /** …and an explicitly declared code in that range keeps its own body type. */
  conflict: { status: 409, body: 'already exists' } satisfies CreateResult,
  bytes: { status: 409, body: new Uint8Array([1]) } satisfies CreateResult,
  noContent: { status: 204 } satisfies DeleteResult,
  notFound: { status: 404, body: { code: 404, message: 'gone' } } satisfies DeleteResult,
  response: new Response(null, { status: 299 }) satisfies ReturnType<OperationHandler<operations['deletePet']>>,

  // @ts-expect-error: `default` admits status 201, but only with the Error body
  wrongBodyForDefault: { status: 201, body: { nope: true } } satisfies ListResult,
  // @ts-expect-error: wrong body shape for 200 (name must be a string)
  wrongBody: { status: 200, body: [{ id: 1, name: 2 }] } satisfies ListResult,
  // @ts-expect-error: 200 is not declared for createPet, and there is no default
  wrongStatus: { status: 200, body: { id: 1, name: 'a' } } satisfies CreateResult,
  // @ts-expect-error: 5xx is outside the 4XX range
  outsideRange: { status: 500, body: { code: 1, message: 'm' } } satisfies CreateResult,
  // @ts-expect-error: 409 is declared explicitly, so the 4XX Error body does not apply to it
  explicitWins: { status: 409, body: { code: 1, message: 'm' } } satisfies CreateResult,
  // @ts-expect-error: 201 declares only application/json
  wrongMediaType: { status: 201, body: { id: 1, name: 'a' }, contentType: 'text/plain' } satisfies CreateResult,
  // @ts-expect-error: 201 has a body
  missingBody: { status: 201 } satisfies CreateResult,
  // @ts-expect-error: 204 has no body
  unexpectedBody: { status: 204, body: { reason: 'x' } } satisfies DeleteResult,
  // @ts-expect-error: JSON bodies are values, not bytes
  bytesForJson: { status: 404, body: new Uint8Array([1]) } satisfies DeleteResult,
};

// A block-bodied handler's returns are checked together, so TypeScript reports at the declaration.
// @ts-expect-error: a handler cannot return an undeclared status
export const wrongStatusFromHandler: OperationHandler<operations['deletePet']> = ({ path }) => {
  if (path.petId > 0) return { status: 404, body: { code: 404, message: 'gone' } };
  return { status: 200, body: {} };
};

export const wrongBodyFromExpressionHandler: OperationHandler<operations['deletePet']> = () =>
  // @ts-expect-error: an expression-bodied handler is checked at its result
  ({ status: 404, body: { code: '404' } });

// --- Typed handlers plug into createSpecApp ---------------------------------------------------

const handlers: OperationHandlers<operations> = { listPets, createPet, deletePet };
declare const spec: ApiSpec;
export const app = createSpecApp(spec, handlers);

// --- Services: DefaultServices unless the project declares its own ----------------------------

export const storedDelete: OperationHandler<operations['deletePet']> = ({ path, services }) => {
  const removed = services.store.delete('pets', path.petId);
  // @ts-expect-error: DefaultServices has a store and nothing else
  void services.db;
  return removed ? { status: 204 } : { status: 404, body: { code: 404, message: 'gone' } };
};

interface ProjectServices {
  readonly db: { remove(id: number): boolean };
}

export const projectDelete: OperationHandler<operations['deletePet'], ProjectServices> = ({ path, services }) => {
  // @ts-expect-error: the project's services have no store
  void services.store;
  return services.db.remove(path.petId) ? { status: 204 } : { status: 404, body: { code: 404, message: 'gone' } };
};

// @ts-expect-error: handlers written for DefaultServices (listPets, createPet) need a store this project lacks
export const mixedHandlers: OperationHandlers<operations, ProjectServices> = { listPets, createPet, deletePet: projectDelete };
const projectHandlers: OperationHandlers<operations, ProjectServices> = {
  listPets: () => ({ status: 200, body: [] }),
  createPet: ({ body }) => ({ status: 201, body: { id: 1, name: body.name } }),
  deletePet: projectDelete,
};
export const projectApp = createSpecApp(spec, projectHandlers, { services: { db: { remove: () => true } } satisfies ProjectServices });
export const storeApp = createSpecApp(spec, { ...handlers, deletePet: storedDelete }, { services: { store: createMemoryStore() } });

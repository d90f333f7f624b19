/**
 * The bug zoo: one correct implementation of zoo.yaml, and for every check a copy of it with
 * exactly that check's defect. The engine must catch each bug and stay silent on the correct
 * twin. Apps are built on the runtime (validation, 404/405, security) so each bug is a small,
 * readable change to one handler or one piece of HTTP behaviour.
 */
import { Hono } from 'hono';
import { createSpecApp, problemResponse, type ApiSpec, type HandlerMap } from '@specwright/runtime';
import type { CheckName } from '../checks/names';
import type { FetchApp } from '../target/in-process';

export const ZOO_BUGS = {
  /** listPets crashes for big pages. */
  server_error: 'not_a_server_error',
  /** getPet answers 418 (undocumented) instead of 404. */
  undocumented_status: 'status_code_conformance',
  /** listPets sends its JSON as text/plain. */
  wrong_content_type: 'content_type_conformance',
  /** listPets forgets the required X-Total-Count header. */
  missing_response_header: 'response_headers_conformance',
  /** listPets returns ids as strings. */
  wrong_field_type: 'response_schema_conformance',
  /** createPet stores whatever it is sent, no validation. */
  accepts_invalid: 'negative_data_rejection',
  /** createPet refuses names over 10 characters, though the spec allows 40. */
  rejects_valid: 'positive_data_acceptance',
  /** listPets does not insist on the required X-Tenant header. */
  ignores_required_header: 'missing_required_header',
  /** Undocumented methods get 404 instead of 405. */
  wrong_method_status: 'unsupported_method',
  /** deletePet answers 204 but keeps the pet. */
  delete_does_not_delete: 'use_after_free',
  /** createPet answers 201 but does not store the pet. */
  create_does_not_store: 'ensure_resource_availability',
  /** deletePet works without the API key. */
  ignores_auth: 'ignored_auth',
} as const satisfies { readonly [bug: string]: CheckName };

export type ZooBug = keyof typeof ZOO_BUGS;

/** The key deletePet accepts; runs pass it with `headers`, as a user would with `--header`. */
export const ZOO_API_KEY = 'zoo-secret-key';

interface Pet {
  id: number;
  name: string;
  tag?: string | null;
}

export function zooApp(apiSpec: ApiSpec, bug?: ZooBug): FetchApp {
  const pets = new Map<number, Pet>([
    [1, { id: 1, name: 'Rex', tag: 'dog' }],
    [2, { id: 2, name: 'Tom', tag: null }],
  ]);
  let nextId = 3;

  const handlers: HandlerMap = {
    listPets: ({ query }) => {
      const limit = (query.limit as number | undefined) ?? 20;
      if (bug === 'server_error' && limit > 50) throw new Error('page too big');
      const page = [...pets.values()].slice(0, limit);
      const body = bug === 'wrong_field_type' ? page.map((p) => ({ ...p, id: String(p.id) })) : page;
      const headers: Record<string, string> = bug === 'missing_response_header' ? {} : { 'X-Total-Count': String(pets.size) };
      if (bug === 'wrong_content_type') return new Response(JSON.stringify(body), { status: 200, headers: { ...headers, 'content-type': 'text/plain' } });
      return { status: 200, body, headers };
    },
    createPet: ({ body }) => {
      const input = body as { name: string; tag?: string | null };
      if (bug === 'rejects_valid' && input.name.length > 10) return problemResponse(400, 'name is too long');
      const pet: Pet = { id: nextId++, name: input.name, ...(input.tag !== undefined ? { tag: input.tag } : {}) };
      if (bug !== 'create_does_not_store') pets.set(pet.id, pet);
      return { status: 201, body: pet, headers: { Location: `/pets/${pet.id}` } };
    },
    getPet: ({ path }) => {
      const pet = pets.get(path.petId as number);
      if (pet) return { status: 200, body: pet };
      return problemResponse(bug === 'undocumented_status' ? 418 : 404, `no pet ${String(path.petId)}`);
    },
    deletePet: ({ path }) => {
      const id = path.petId as number;
      if (!pets.has(id)) return problemResponse(404, `no pet ${id}`);
      if (bug !== 'delete_does_not_delete') pets.delete(id);
      return { status: 204 };
    },
  };

  const spec = createSpecApp(apiSpec, handlers, {
    enforceSecurity: bug !== 'ignores_auth',
    authenticate: ({ credentials }) => credentials === ZOO_API_KEY,
  });
  const app = new Hono();

  if (bug === 'accepts_invalid') {
    // No validation at all on this route: anything is stored.
    app.post('/pets', async (c) => {
      const input = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
      const pet = { id: nextId++, name: String(input.name ?? 'unnamed').slice(0, 40) };
      pets.set(pet.id, pet);
      return c.json(pet, 201, { Location: `/pets/${pet.id}` });
    });
  }
  if (bug === 'ignores_required_header') {
    // Same as the spec app's listPets, except that X-Tenant is never looked at.
    app.get('/pets', (c) => {
      const raw = c.req.query('limit');
      const limit = raw === undefined ? 20 : Number(raw);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return problemResponse(400, 'limit must be an integer from 1 to 100');
      return c.json([...pets.values()].slice(0, limit), 200, { 'X-Total-Count': String(pets.size) });
    });
  }
  app.all('*', async (c) => {
    const response = await spec.fetch(c.req.raw);
    if (bug === 'wrong_method_status' && response.status === 405) return new Response('not found', { status: 404 });
    return response;
  });
  return app;
}

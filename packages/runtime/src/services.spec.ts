import { createSpecApp } from './create-spec-app';
import type { HandlerContext } from './handler';
import type { DefaultServices } from './services';
import { apiSpec, op, param } from './__fixtures__/specs';

const spec = apiSpec([
  op('post', '/notes', 'createNote', { requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } } }),
  op('get', '/notes/{id}', 'getNote', { parameters: [param('id', 'path', { type: 'integer' })], responses: { '200': { contentTypes: ['application/json'] }, '404': { contentTypes: [] } } }),
]);

/** Handlers that keep notes in `services.store`, as DefaultServices provides. */
const handlers = {
  createNote: ({ body, services }: HandlerContext) => ({ status: 200, body: (services as DefaultServices).store.create('notes', body as Record<string, unknown>) }),
  getNote: ({ path, services }: HandlerContext) => {
    const note = (services as DefaultServices).store.get('notes', path.id as number);
    return note ? { status: 200, body: note } : { status: 404 };
  },
};

const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('services', () => {
  it('passes the same services object to every handler of an app', async () => {
    const seen: unknown[] = [];
    const services = { db: 'the database' };
    const record = ({ services: given }: HandlerContext) => {
      seen.push(given);
      return { status: 200, body: {} };
    };
    const app = createSpecApp(spec, { createNote: record, getNote: record }, { services });
    await app.request('/notes', post({}));
    await app.request('/notes/1');
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(services);
    expect(seen[1]).toBe(services);
  });

  it('defaults to DefaultServices: an in-memory store of its own for each app', async () => {
    const app = createSpecApp(spec, handlers);
    const created = await app.request('/notes', post({ text: 'hello' }));
    expect(await created.json()).toEqual({ text: 'hello', id: 1 });
    const read = await app.request('/notes/1');
    expect(await read.json()).toEqual({ text: 'hello', id: 1 });

    const other = createSpecApp(spec, handlers);
    expect((await other.request('/notes/1')).status).toBe(404);
  });
});

/** Request bodies: media type matching, parsing, 415/400, and schema validation. */
import { createSpecApp } from './create-spec-app';
import type { HandlerContext } from './handler';
import type { ApiSpec, RequestBodySpec } from './operation-spec';
import { apiSpec, op, problemOf } from './__fixtures__/specs';

const pet = {
  type: 'object',
  required: ['name'],
  properties: {
    id: { type: 'integer', readOnly: true },
    name: { type: 'string', minLength: 1, example: 'Rex', xml: { name: 'name' } },
    age: { type: 'integer' },
    tags: { type: 'array', items: { type: 'string' } },
    owner: { type: 'object', properties: { name: { type: 'string' } } },
  },
  discriminator: { propertyName: 'kind' },
  externalDocs: { url: 'https://example.com' },
  'x-internal': true,
  deprecated: false,
};

function serve(requestBody: RequestBodySpec, schemas: ApiSpec['components']['schemas'] = {}, dialect: ApiSpec['dialect'] = 'draft-07') {
  const seen: HandlerContext[] = [];
  const app = createSpecApp(apiSpec([op('post', '/pets', 'createPet', { requestBody })], schemas, dialect), {
    createPet: (ctx) => {
      seen.push(ctx);
      return { status: 201 };
    },
  });
  return { app, seen };
}

const post = (body: RequestInit['body'], contentType?: string): RequestInit => ({
  method: 'POST',
  body,
  headers: contentType ? { 'content-type': contentType } : {},
});

describe('JSON bodies', () => {
  const { app, seen } = serve({ required: true, content: { 'application/json': { schema: pet } } });
  beforeEach(() => seen.splice(0));

  it('hands the parsed, validated body and its media type to the handler', async () => {
    const response = await app.request('/pets', post('{"name":"Rex","tags":["a"]}', 'application/json; charset=utf-8'));
    expect(response.status).toBe(201);
    expect(seen[0].body).toEqual({ name: 'Rex', tags: ['a'] });
    expect(seen[0].mediaType).toBe('application/json');
  });

  it('tolerates non-validation keywords (example, xml, discriminator, x-*) in schemas', async () => {
    expect((await app.request('/pets', post('{"name":"Rex"}', 'application/json'))).status).toBe(201);
  });

  it('does not coerce JSON values: "5" is not an integer', async () => {
    const problem = await problemOf(await app.request('/pets', post('{"name":"Rex","age":"5"}', 'application/json')));
    expect(problem.errors).toEqual([{ in: 'body', name: 'age', pointer: '/age', message: 'must be integer' }]);
  });

  it('names nested and missing fields', async () => {
    const problem = await problemOf(await app.request('/pets', post('{"owner":{"name":1},"tags":[1]}', 'application/json')));
    expect(problem.detail).toBe('body field "name" is required (and 2 more)');
    expect(problem.errors).toEqual([
      { in: 'body', name: 'name', pointer: '/name', message: 'is required' },
      { in: 'body', name: 'tags.0', pointer: '/tags/0', message: 'must be string' },
      { in: 'body', name: 'owner.name', pointer: '/owner/name', message: 'must be string' },
    ]);
    expect(seen).toHaveLength(0);
  });

  it('answers 400 for malformed JSON', async () => {
    const response = await app.request('/pets', post('{"name":', 'application/json'));
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([{ in: 'body', name: '', pointer: '', message: 'is not valid JSON' }]);
  });

  it('answers 400 for a missing required body', async () => {
    for (const init of [post(null), post('', 'application/json')]) {
      const problem = await problemOf(await app.request('/pets', init));
      expect(problem).toMatchObject({ status: 400, detail: 'request body is required' });
    }
  });

  it('answers 415 for an undeclared media type, or a body without Content-Type', async () => {
    for (const init of [post('name=Rex', 'application/x-www-form-urlencoded'), post('{"name":"Rex"}')]) {
      const response = await app.request('/pets', init);
      expect(response.status).toBe(415);
      expect(await problemOf(response)).toMatchObject({ title: 'Unsupported Media Type' });
    }
    expect(seen).toHaveLength(0);
  });

  it('parses any +json media type as JSON', async () => {
    const merge = serve({ required: true, content: { 'application/merge-patch+json': { schema: { type: 'object' } } } });
    expect((await merge.app.request('/pets', post('{"a":null}', 'application/merge-patch+json'))).status).toBe(201);
    expect(merge.seen[0].body).toEqual({ a: null });
  });

  it('resolves component $refs, including refs between components', async () => {
    const withRefs = serve({ required: true, content: { 'application/json': { schema: { $ref: 'urn:specwright:api#/components/schemas/Pet' } } } }, {
      Pet: { type: 'object', properties: { owner: { $ref: '#/components/schemas/Owner' } } },
      Owner: { type: 'object', required: ['name'] },
    });
    const problem = await problemOf(await withRefs.app.request('/pets', post('{"owner":{}}', 'application/json')));
    expect(problem.errors).toEqual([{ in: 'body', name: 'owner.name', pointer: '/owner/name', message: 'is required' }]);
  });

  it('validates JSON Schema 2020-12 for OpenAPI 3.1 specs', async () => {
    const tuple = { type: 'array', prefixItems: [{ type: 'string' }, { type: ['integer', 'null'] }], items: false };
    const v31 = serve({ required: true, content: { 'application/json': { schema: tuple } } }, {}, '2020-12');
    expect((await v31.app.request('/pets', post('["a",null]', 'application/json'))).status).toBe(201);
    const problem = await problemOf(await v31.app.request('/pets', post('["a",1,2]', 'application/json')));
    expect(problem.errors?.[0]).toMatchObject({ in: 'body', message: 'must NOT have more than 2 items' });
  });
});

describe('other media types', () => {
  it('leaves an optional body undefined when none is sent', async () => {
    const { app, seen } = serve({ required: false, content: { 'application/json': { schema: pet } } });
    expect((await app.request('/pets', post(null))).status).toBe(201);
    expect(seen[0].body).toBeUndefined();
    expect(seen[0].mediaType).toBeUndefined();
  });

  it('parses and coerces application/x-www-form-urlencoded', async () => {
    const { app, seen } = serve({ required: true, content: { 'application/x-www-form-urlencoded': { schema: pet } } });
    const response = await app.request('/pets', post('name=Rex+Jr&age=3&tags=a', 'application/x-www-form-urlencoded'));
    expect(response.status).toBe(201);
    expect(seen[0].body).toEqual({ name: 'Rex Jr', age: 3, tags: ['a'] });
    const problem = await problemOf(await app.request('/pets', post('age=old', 'application/x-www-form-urlencoded')));
    expect(problem.errors?.map((e) => e.name)).toEqual(['name', 'age']);
  });

  it('parses multipart/form-data, coercing fields and keeping files', async () => {
    const upload = {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' }, count: { type: 'integer' }, notes: { type: 'array', items: { type: 'string' } } },
    };
    const { app, seen } = serve({ required: true, content: { 'multipart/form-data': { schema: upload } } });
    const form = new FormData();
    form.append('file', new Blob(['hello'], { type: 'text/plain' }), 'hello.txt');
    form.append('count', '2');
    form.append('notes', 'x');
    form.append('notes', 'y');
    expect((await app.request('/pets', { method: 'POST', body: form })).status).toBe(201);
    const body = seen[0].body as { file: Blob; count: number; notes: string[] };
    expect(body.count).toBe(2);
    expect(body.notes).toEqual(['x', 'y']);
    expect(await body.file.text()).toBe('hello');
  });

  it('parses the JSON fields core lists (object parts), leaving other text alone', async () => {
    const upload = {
      type: 'object',
      properties: { meta: { type: 'object', properties: { pages: { type: 'integer' } }, required: ['pages'] }, title: { type: 'string' } },
    };
    const { app, seen } = serve({ required: true, content: { 'multipart/form-data': { schema: upload, jsonFields: ['meta'] } } });
    const form = new FormData();
    form.append('meta', new Blob(['{"pages":3}'], { type: 'application/json' }));
    form.append('title', '{"not":"parsed"}');
    expect((await app.request('/pets', { method: 'POST', body: form })).status).toBe(201);
    expect(seen[0].body).toMatchObject({ title: '{"not":"parsed"}' });
    const bad = new FormData();
    bad.append('meta', 'not json');
    const problem = await problemOf(await app.request('/pets', { method: 'POST', body: bad }));
    expect(problem.errors).toEqual([{ in: 'body', name: 'meta', pointer: '/meta', message: 'must be object' }]);
  });

  it('reads text/* as a string and matches media ranges', async () => {
    const { app, seen } = serve({ required: true, content: { 'text/*': { schema: { type: 'string', maxLength: 5 } } } });
    expect((await app.request('/pets', post('hello', 'text/csv; charset=utf-8'))).status).toBe(201);
    expect(seen[0]).toMatchObject({ body: 'hello', mediaType: 'text/*' });
    const problem = await problemOf(await app.request('/pets', post('too long', 'text/plain')));
    expect(problem.errors).toEqual([{ in: 'body', name: '', pointer: '', message: 'must NOT have more than 5 characters' }]);
  });

  it('reads other media types as bytes, preferring the most specific declared type', async () => {
    const { app, seen } = serve({
      required: true,
      content: { '*/*': {}, 'image/*': { schema: { type: 'string', format: 'binary' } }, 'application/json': { schema: pet } },
    });
    expect((await app.request('/pets', post(new Uint8Array([1, 2, 3]), 'image/png'))).status).toBe(201);
    expect(seen[0].mediaType).toBe('image/*');
    expect(seen[0].body).toEqual(new Uint8Array([1, 2, 3]));
    expect((await app.request('/pets', post('x', 'application/pdf'))).status).toBe(201);
    expect(seen[1].mediaType).toBe('*/*');
  });
});

import { Hono } from 'hono';
import { createSpecApp } from './create-spec-app';
import type { HandlerContext, HandlerMap } from './handler';
import { apiSpec, op, param, problemOf } from './__fixtures__/specs';

const str = { type: 'string' };

/** Echoes what the handler saw, so tests assert on the handler's view of the request. */
const echo = (ctx: HandlerContext) => ({
  status: 200,
  body: { operationId: ctx.operationId, path: ctx.path, query: ctx.query },
});

describe('createSpecApp routing', () => {
  const spec = apiSpec([
    op('get', '/pets', 'listPets'),
    op('post', '/pets', 'createPet'),
    op('get', '/pets/mine', 'listMyPets'),
    op('get', '/pets/{petId}', 'getPet', { parameters: [param('petId', 'path', str)] }),
    op('delete', '/pets/{petId}', 'deletePet', { parameters: [param('petId', 'path', str)] }),
    op('get', '/repos/{owner}/{repo}/compare/{base}...{head}', 'compare', {
      parameters: ['owner', 'repo', 'base', 'head'].map((name) => param(name, 'path', str)),
    }),
    op('get', '/files/{name}.{ext}', 'getFile', {
      parameters: [param('name', 'path', str), param('ext', 'path', str)],
    }),
    op('get', '/files/{fileId}', 'getFileById', { parameters: [param('fileId', 'path', str)] }),
    op('post', '/models/{model}:generate', 'generate', { parameters: [param('model', 'path', str)] }),
    op('get', '/', 'root'),
  ]);
  const handlers: HandlerMap = Object.fromEntries(spec.operations.map((o) => [o.operationId, echo]));
  const app = createSpecApp(spec, handlers);

  async function seen(path: string, init?: RequestInit) {
    const response = await app.request(path, init);
    expect(response.status).toBe(200);
    return (await response.json()) as { operationId: string; path: Record<string, unknown> };
  }

  it('routes a path template to its operation with its parameters', async () => {
    expect(await seen('/pets/42')).toMatchObject({ operationId: 'getPet', path: { petId: '42' } });
    expect(await seen('/')).toMatchObject({ operationId: 'root' });
  });

  it('dispatches by method within one path', async () => {
    expect((await seen('/pets', { method: 'POST' })).operationId).toBe('createPet');
    expect((await seen('/pets/7', { method: 'DELETE' })).operationId).toBe('deletePet');
  });

  it('prefers a literal path over a templated one, whatever the declaration order', async () => {
    expect((await seen('/pets/mine')).operationId).toBe('listMyPets');
  });

  it('falls through to a templated path that has the method the literal path lacks', async () => {
    expect(await seen('/pets/mine', { method: 'DELETE' })).toMatchObject({
      operationId: 'deletePet',
      path: { petId: 'mine' },
    });
  });

  it('splits segments that mix literals and parameters (GitHub compare)', async () => {
    expect(await seen('/repos/octo/hello/compare/main...feature-x')).toEqual({
      operationId: 'compare',
      path: { owner: 'octo', repo: 'hello', base: 'main', head: 'feature-x' },
      query: {},
    });
  });

  it('splits at the first delimiter, and a percent-encoded delimiter is data', async () => {
    expect((await seen('/repos/o/r/compare/a...b...c')).path).toMatchObject({ base: 'a', head: 'b...c' });
    expect((await seen('/repos/o/r/compare/a%2E%2E%2Eb...c')).path).toMatchObject({ base: 'a...b', head: 'c' });
  });

  it('tries the next route when a mixed segment does not match its pattern', async () => {
    expect(await seen('/files/report.pdf')).toMatchObject({ operationId: 'getFile', path: { name: 'report', ext: 'pdf' } });
    expect(await seen('/files/report')).toMatchObject({ operationId: 'getFileById', path: { fileId: 'report' } });
  });

  it('routes a literal suffix containing Hono syntax characters (`:verb`)', async () => {
    expect(await seen('/models/gemini%2Dpro:generate', { method: 'POST' })).toMatchObject({
      operationId: 'generate',
      path: { model: 'gemini-pro' },
    });
    expect((await app.request('/models/x:other', { method: 'POST' })).status).toBe(404);
  });

  it('percent-decodes path parameters exactly once', async () => {
    expect((await seen('/pets/a%20b')).path.petId).toBe('a b');
    expect((await seen('/pets/100%2525')).path.petId).toBe('100%25');
    expect((await seen('/pets/a%2Fb')).path.petId).toBe('a/b');
    expect((await seen('/pets/caf%C3%A9')).path.petId).toBe('café');
  });

  it('rejects a path parameter that is not valid percent-encoding', async () => {
    const response = await app.request('/pets/%E0%A4%A');
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([
      { in: 'path', name: 'petId', pointer: '/petId', message: 'is not valid percent-encoding' },
    ]);
  });

  it('answers 405 with an Allow header for a known path and an undeclared method', async () => {
    const response = await app.request('/pets', { method: 'PATCH' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST, HEAD');
    expect(await problemOf(response)).toMatchObject({ status: 405, title: 'Method Not Allowed' });
  });

  it('lists the methods of every path that matched in Allow', async () => {
    const response = await app.request('/pets/mine', { method: 'PUT' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')?.split(', ').sort()).toEqual(['DELETE', 'GET', 'HEAD']);
  });

  it('answers 404 problem+json for an unknown path', async () => {
    const response = await app.request('/owners/1');
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });
    expect((await app.request('/pets/1/')).status).toBe(404);
  });

  it('serves HEAD from the GET operation without a body', async () => {
    const response = await app.request('/pets/1', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('still works when mounted under a prefix', async () => {
    const parent = new Hono().route('/v1', app);
    const response = await parent.request('/v1/repos/o/r/compare/x...y');
    expect(await response.json()).toMatchObject({ path: { owner: 'o', base: 'x', head: 'y' } });
  });
});

describe('createSpecApp handlers', () => {
  const spec = apiSpec([op('get', '/boom', 'boom'), op('get', '/missing', 'missingHandler')]);

  it('answers 501 naming an operation without a handler', async () => {
    const response = await createSpecApp(spec, {}).request('/missing');
    expect(response.status).toBe(501);
    expect((await problemOf(response)).detail).toContain('missingHandler');
  });

  it('does not take handlers from the prototype chain', async () => {
    const constructorSpec = apiSpec([op('get', '/c', 'constructor')]);
    expect((await createSpecApp(constructorSpec, {}).request('/c')).status).toBe(501);
  });

  it('turns a throwing handler into a 500 that leaks nothing, and reports it to onError', async () => {
    const errors: unknown[] = [];
    const app = createSpecApp(
      spec,
      {
        boom: () => {
          throw new Error('password=hunter2 at /srv/db.ts:12');
        },
      },
      { onError: (error, info) => errors.push([error, info.operationId]) },
    );
    const response = await app.request('/boom');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toMatch(/hunter2|db\.ts|at /);
    expect(JSON.parse(text)).toMatchObject({ status: 500, title: 'Internal Server Error' });
    expect(errors).toEqual([[expect.any(Error), 'boom']]);
  });

  it('survives an onError hook that throws', async () => {
    const app = createSpecApp(
      spec,
      { boom: async () => Promise.reject(new Error('x')) },
      {
        onError: () => {
          throw new Error('logger down');
        },
      },
    );
    expect((await app.request('/boom')).status).toBe(500);
  });

  it('passes a handler-made Response through untouched', async () => {
    const app = createSpecApp(spec, { boom: () => new Response('raw', { status: 418 }) });
    const response = await app.request('/boom');
    expect(response.status).toBe(418);
    expect(await response.text()).toBe('raw');
  });

  it('gives the handler the raw request and the Hono context', async () => {
    const app = createSpecApp(spec, {
      boom: (ctx) => ({ status: 200, body: { url: ctx.request.url, viaContext: ctx.context.req.header('x-a') } }),
    });
    const response = await app.request('http://api.test/boom', { headers: { 'X-A': '1' } });
    expect(await response.json()).toEqual({ url: 'http://api.test/boom', viaContext: '1' });
  });
});

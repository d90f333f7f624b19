/**
 * The app over a real HTTP connection (node:http via @hono/node-server, a root dev dependency),
 * for behaviour an in-process `app.request` could hide: wire encoding of the path, real headers,
 * HEAD without a body, streaming request bodies.
 */
import { createSpecApp } from './create-spec-app';
import type { ProblemDetails } from './problem';
import { apiSpec, op, param } from './__fixtures__/specs';
import { useLoopbackServer } from './__fixtures__/loopback-server';

const spec = apiSpec([
  op('get', '/repos/{owner}/{repo}/compare/{base}...{head}', 'compare', {
    parameters: [
      ...['owner', 'repo', 'base', 'head'].map((name) => param(name, 'path', { type: 'string' })),
      param('per_page', 'query', { type: 'integer', maximum: 100, default: 30 }),
    ],
  }),
  op('post', '/pets', 'createPet', {
    requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['name'] } } } },
    responses: { '201': { contentTypes: ['application/json'] } },
  }),
]);

const app = createSpecApp(spec, {
  compare: ({ path, query }) => ({ status: 200, body: { ...path, ...query } }),
  createPet: ({ body }) => ({ status: 201, body }),
});

describe('over node:http', () => {
  const base = useLoopbackServer(app.fetch);

  it('routes a mixed segment, decodes parameters once and coerces the query', async () => {
    const response = await fetch(`${base()}/repos/octo%20cat/hello/compare/v1.0...feature%2Fx?per_page=5`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ owner: 'octo cat', repo: 'hello', base: 'v1.0', head: 'feature/x', per_page: 5 });
  });

  it('returns problem+json for invalid input, 405 with Allow, and 404', async () => {
    const invalid = await fetch(`${base()}/repos/o/r/compare/a...b?per_page=1000`);
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toBe('application/problem+json');
    expect(((await invalid.json()) as ProblemDetails).errors?.[0]).toEqual({ in: 'query', name: 'per_page', pointer: '/per_page', message: 'must be <= 100' });

    const wrongMethod = await fetch(`${base()}/pets`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    await wrongMethod.body?.cancel();

    expect((await fetch(`${base()}/nowhere`)).status).toBe(404);
  });

  it('reads a JSON request body and answers 415 for another media type', async () => {
    const created = await fetch(`${base()}/pets`, { method: 'POST', body: '{"name":"Rex"}', headers: { 'content-type': 'application/json' } });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ name: 'Rex' });

    const unsupported = await fetch(`${base()}/pets`, { method: 'POST', body: 'name: Rex', headers: { 'content-type': 'application/yaml' } });
    expect(unsupported.status).toBe(415);
    await unsupported.body?.cancel();
  });

  it('answers HEAD with the GET headers and no body', async () => {
    const response = await fetch(`${base()}/repos/o/r/compare/a...b`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('');
  });
});

/**
 * Parameters as a handler sees them: deserialised per style/explode, coerced to schema types,
 * validated, with precise problem+json errors when they are wrong.
 */
import { createSpecApp } from './create-spec-app';
import type { HandlerContext } from './handler';
import type { JsonSchema, ParameterSpec } from './operation-spec';
import { apiSpec, op, param, problemOf } from './__fixtures__/specs';

const int = { type: 'integer' };
const ints = { type: 'array', items: int };
const person = { type: 'object', properties: { role: { type: 'string' }, age: int } };

/** Serves one operation with these parameters and returns the context its handler received. */
async function probe(parameters: ParameterSpec[], url: string, init?: RequestInit, path = '/t') {
  let seen: HandlerContext | undefined;
  const app = createSpecApp(apiSpec([op('get', path, 'probe', { parameters })]), {
    probe: (ctx) => {
      seen = ctx;
      return { status: 204 };
    },
  });
  const response = await app.request(url, init);
  return { response, seen };
}

async function seenIn(location: 'path' | 'query' | 'headers' | 'cookies', ...args: Parameters<typeof probe>) {
  const { response, seen } = await probe(...args);
  if (response.status !== 204) throw new Error(`status ${response.status}: ${await response.text()}`);
  return seen?.[location];
}

describe('query parameters', () => {
  const q = (name: string, schema: JsonSchema, extra: Partial<ParameterSpec> = {}) => [param(name, 'query', schema, extra)];

  it.each([
    ['form, explode: repeated names → array', q('id', ints), '?id=3&id=4', { id: [3, 4] }],
    ['form, explode: one value → one-item array', q('id', ints), '?id=3', { id: [3] }],
    ['form, no explode: CSV → array', q('id', ints, { explode: false }), '?id=3,4,5', { id: [3, 4, 5] }],
    ['form, no explode: encoded commas split too', q('id', ints, { explode: false }), '?id=3%2C4', { id: [3, 4] }],
    ['form, explode: object properties as names', q('p', person), '?role=admin&age=5&other=x', { p: { role: 'admin', age: 5 } }],
    ['form, no explode: object as k,v list', q('p', person, { explode: false }), '?p=role,admin,age,5', { p: { role: 'admin', age: 5 } }],
    ['spaceDelimited', q('id', ints, { style: 'spaceDelimited', explode: false }), '?id=3%204+5', { id: [3, 4, 5] }],
    ['pipeDelimited', q('id', ints, { style: 'pipeDelimited', explode: false }), '?id=3|4|5', { id: [3, 4, 5] }],
    ['pipeDelimited, explode: repeated names', q('id', ints, { style: 'pipeDelimited', explode: true }), '?id=3&id=4', { id: [3, 4] }],
    [
      'deepObject',
      q('filter', { type: 'object', properties: { color: { type: 'string' }, size: int } }, { style: 'deepObject', explode: true }),
      '?filter[color]=red&filter%5Bsize%5D=10',
      { filter: { color: 'red', size: 10 } },
    ],
    [
      'deepObject with nested objects and [] arrays',
      q('f', { type: 'object', properties: { range: { type: 'object', properties: { min: int } }, ids: ints } }, { style: 'deepObject', explode: true }),
      '?f[range][min]=1&f[ids][]=2&f[ids][]=3',
      { f: { range: { min: 1 }, ids: [2, 3] } },
    ],
    ['booleans and numbers are coerced', [...q('flag', { type: 'boolean' }), ...q('n', { type: 'number' })], '?flag=true&n=1.5', { flag: true, n: 1.5 }],
    ['a string stays a string', q('s', { type: 'string' }), '?s=007', { s: '007' }],
    ['"+" and %20 decode to spaces', q('s', { type: 'string' }), '?s=a+b%20c', { s: 'a b c' }],
    ['defaults are filled in', q('limit', { type: 'integer', default: 20 }), '', { limit: 20 }],
    ['content-encoded JSON', q('where', person, { contentType: 'application/json' }), `?where=${encodeURIComponent('{"age":5}')}`, { where: { age: 5 } }],
    ['an empty value of a nullable integer is null', q('n', { type: ['integer', 'null'] }), '?n=', { n: null }],
  ])('%s', async (_, parameters, search, expected) => {
    expect(await seenIn('query', parameters, `/t${search}`)).toEqual(expected);
  });
});

describe('path parameters', () => {
  const p = (schema: JsonSchema, extra: Partial<ParameterSpec> = {}) => [param('id', 'path', schema, extra)];

  it.each([
    ['simple primitive', p(int), '/t/5', 5],
    ['simple array', p(ints), '/t/3,4,5', [3, 4, 5]],
    ['simple object', p(person), '/t/role,admin,age,5', { role: 'admin', age: 5 }],
    ['simple object, explode', p(person, { explode: true }), '/t/role=admin,age=5', { role: 'admin', age: 5 }],
    ['label primitive', p(int, { style: 'label' }), '/t/.5', 5],
    ['label array', p(ints, { style: 'label' }), '/t/.3,4,5', [3, 4, 5]],
    ['label array, explode', p(ints, { style: 'label', explode: true }), '/t/.3.4.5', [3, 4, 5]],
    ['label object, explode', p(person, { style: 'label', explode: true }), '/t/.role=admin.age=5', { role: 'admin', age: 5 }],
    ['matrix primitive', p(int, { style: 'matrix' }), '/t/;id=5', 5],
    ['matrix array', p(ints, { style: 'matrix' }), '/t/;id=3,4,5', [3, 4, 5]],
    ['matrix array, explode', p(ints, { style: 'matrix', explode: true }), '/t/;id=3;id=4;id=5', [3, 4, 5]],
    ['matrix object', p(person, { style: 'matrix' }), '/t/;id=role,admin,age,5', { role: 'admin', age: 5 }],
    ['matrix object, explode', p(person, { style: 'matrix', explode: true }), '/t/;role=admin;age=5', { role: 'admin', age: 5 }],
  ])('%s', async (_, parameters, url, expected) => {
    expect(await seenIn('path', parameters, url, undefined, '/t/{id}')).toEqual({ id: expected });
  });

  it('accepts an id that matches two branches of an inline oneOf once coerced (GitHub workflow ids)', async () => {
    const oneOf = p({ oneOf: [int, { type: 'string' }] });
    expect(await seenIn('path', oneOf, '/t/42', undefined, '/t/{id}')).toEqual({ id: 42 });
    expect(await seenIn('path', oneOf, '/t/main.yml', undefined, '/t/{id}')).toEqual({ id: 'main.yml' });
    const { response } = await probe(p({ oneOf: [{ type: 'integer', minimum: 1 }, { type: 'string', pattern: '^[a-z]+$' }] }), '/t/A1', undefined, '/t/{id}');
    expect(response.status).toBe(400);
  });

  it('reports a label value without its "." prefix', async () => {
    const { response } = await probe(p(int, { style: 'label' }), '/t/5', undefined, '/t/{id}');
    expect((await problemOf(response)).errors).toEqual([
      { in: 'path', name: 'id', pointer: '/id', message: 'must start with "." (label style)' },
    ]);
  });

  it('resolves a $ref to a component to decide how to split', async () => {
    const app = createSpecApp(
      apiSpec([op('get', '/t/{ids}', 't', { parameters: [param('ids', 'path', { $ref: 'urn:specwright:api#/components/schemas/Ids' })] })], {
        Ids: { type: 'array', items: { $ref: '#/components/schemas/Id' }, maxItems: 3 },
        Id: { type: 'integer', minimum: 1 },
      }),
      { t: (ctx) => ({ status: 200, body: ctx.path }) },
    );
    expect(await (await app.request('/t/1,2')).json()).toEqual({ ids: [1, 2] });
    const problem = await problemOf(await app.request('/t/1,0'));
    expect(problem.errors).toEqual([{ in: 'path', name: 'ids', pointer: '/ids/1', message: 'must be >= 1' }]);
  });
});

describe('header and cookie parameters', () => {
  it.each([
    ['a primitive, looked up case-insensitively', [param('X-Request-ID', 'header', int)], { 'x-request-id': '7' }, { 'X-Request-ID': 7 }],
    ['a simple array, whitespace trimmed', [param('X-Ids', 'header', ints)], { 'X-Ids': '1, 2,3' }, { 'X-Ids': [1, 2, 3] }],
    ['a simple object', [param('X-P', 'header', person)], { 'X-P': 'role,admin,age,5' }, { 'X-P': { role: 'admin', age: 5 } }],
    ['a simple object, explode', [param('X-P', 'header', person, { explode: true })], { 'X-P': 'role=admin, age=5' }, { 'X-P': { role: 'admin', age: 5 } }],
  ])('header: %s', async (_, parameters, headers, expected) => {
    expect(await seenIn('headers', parameters, '/t', { headers })).toEqual(expected);
  });

  it('cookie: primitives and a form (non-exploded) array', async () => {
    const parameters = [
      param('session', 'cookie', { type: 'string' }, { required: true }),
      param('count', 'cookie', int),
      param('ids', 'cookie', ints, { explode: false }),
    ];
    const cookies = await seenIn('cookies', parameters, '/t', { headers: { cookie: 'session=a%20b; count=5; ids=1,2; other=x' } });
    expect(cookies).toEqual({ session: 'a b', count: 5, ids: [1, 2] });
  });

  it('cookie: a missing required cookie is named', async () => {
    const { response } = await probe([param('session', 'cookie', { type: 'string' }, { required: true })], '/t');
    expect((await problemOf(response)).errors).toEqual([{ in: 'cookie', name: 'session', pointer: '/session', message: 'is required' }]);
  });

  it('header: a missing required header is named as declared', async () => {
    const { response } = await probe([param('X-Api-Key', 'header', { type: 'string' }, { required: true })], '/t');
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([{ in: 'header', name: 'X-Api-Key', pointer: '/X-Api-Key', message: 'is required' }]);
  });
});

describe('parameter validation errors', () => {
  it('answers 400 problem+json naming the field and the rule, before the handler runs', async () => {
    const { response, seen } = await probe([param('limit', 'query', { type: 'integer', maximum: 100 })], '/t?limit=500');
    expect(response.status).toBe(400);
    expect(seen).toBeUndefined();
    expect(await problemOf(response)).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'query parameter "limit" must be <= 100',
      errors: [{ in: 'query', name: 'limit', pointer: '/limit', message: 'must be <= 100' }],
    });
  });

  it('reports every failing parameter, the first in the detail', async () => {
    const parameters = [
      param('id', 'path', int),
      param('ids', 'query', ints),
      param('q', 'query', { type: 'string' }, { required: true }),
      param('where', 'query', person, { contentType: 'application/json' }),
    ];
    const { response } = await probe(parameters, '/t/x?ids=1&ids=two&where={bad', undefined, '/t/{id}');
    const problem = await problemOf(response);
    expect(problem.detail).toBe('query parameter "where" is not valid JSON (application/json) (and 3 more)');
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { in: 'path', name: 'id', pointer: '/id', message: 'must be integer' },
        { in: 'query', name: 'ids', pointer: '/ids/1', message: 'must be integer' },
        { in: 'query', name: 'q', pointer: '/q', message: 'is required' },
      ]),
    );
    expect(problem.errors).toHaveLength(4);
  });

  it('points inside objects (deepObject)', async () => {
    const schema = { type: 'object', properties: { size: { type: 'integer' } }, additionalProperties: false };
    const { response } = await probe([param('f', 'query', schema, { style: 'deepObject', explode: true })], '/t?f[size]=x&f[extra]=1');
    expect((await problemOf(response)).errors).toEqual([
      { in: 'query', name: 'f', pointer: '/f/extra', message: 'is not allowed' },
      { in: 'query', name: 'f', pointer: '/f/size', message: 'must be integer' },
    ]);
  });

  it('checks formats (ajv-formats)', async () => {
    const { response } = await probe([param('since', 'query', { type: 'string', format: 'date-time' })], '/t?since=yesterday');
    expect((await problemOf(response)).errors?.[0]).toMatchObject({ name: 'since', message: 'must match format "date-time"' });
  });
});

describe('header parameters whose names HTTP cannot carry (a space, a newline, non-Latin-1 text)', () => {
  const bad = (required: boolean) => [param('x trace\n😀', 'header', { type: 'string' }, { required })];

  it('read as absent: an optional one lets the request through (not a 500 from Headers.get)', async () => {
    expect(await seenIn('headers', bad(false), '/t', { headers: { 'x-other': '1' } })).toEqual({});
  });

  it('a required one is reported missing with a 400, since no request can send it', async () => {
    const { response } = await probe(bad(true), '/t');
    expect(response.status).toBe(400);
    expect(JSON.stringify(await problemOf(response))).toContain('x trace');
  });
});

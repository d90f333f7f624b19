/**
 * Spec names that are Object.prototype keys (`__proto__`, `constructor`, `toString`,
 * `hasOwnProperty`) as parameters of every location and as body properties, over node:http.
 * The spec is JSON.parse'd text, as core writes it: JSON.parse makes `__proto__` an own key,
 * where an object literal would set the prototype instead.
 */
import * as fc from 'fast-check';
import { request } from 'node:http';
import { createSpecApp } from './create-spec-app';
import type { HandlerContext } from './handler';
import type { ApiSpec } from './operation-spec';
import type { ProblemDetails } from './problem';
import { escapeData, escapeName, escapeSchema, unescapeData, unescapeName } from './proto-names';
import { useLoopbackServer } from './__fixtures__/loopback-server';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
/** `__proto__` and `constructor` are required integers/strings; the others optional. */
const typeOf = (name: string): object =>
  name === 'constructor' ? { type: 'string', minLength: 2 } : name === 'hasOwnProperty' ? { type: 'boolean' } : { type: 'integer' };
const requiredNames = ['__proto__', 'constructor'];

const objectSchema = {
  type: 'object',
  properties: Object.fromEntries(NAMES.map((name) => [name, typeOf(name)])),
  required: requiredNames,
  additionalProperties: false,
};
const parameters = ['query', 'header', 'cookie'].flatMap((location) =>
  NAMES.map((name) => ({
    name,
    in: location,
    required: requiredNames.includes(name),
    style: location === 'header' ? 'simple' : 'form',
    explode: location !== 'header',
    schema: typeOf(name),
  })),
);
const pathParameters = ['__proto__', 'constructor'].map((name) => ({
  name,
  in: 'path',
  required: true,
  style: 'simple',
  explode: false,
  schema: typeOf(name),
}));

const spec = JSON.parse(
  JSON.stringify({
    dialect: 'draft-07',
    components: { schemas: { Thing: objectSchema } },
    operations: [
      { operationId: 'getThing', method: 'get', path: '/things/{__proto__}/{constructor}', parameters: [...pathParameters, ...parameters], responses: {} },
      {
        operationId: 'putThing',
        method: 'put',
        path: '/things',
        parameters: [],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { $ref: 'urn:specwright:api#/components/schemas/Thing' } },
            'application/x-www-form-urlencoded': { schema: objectSchema },
            'multipart/form-data': { schema: { ...objectSchema, properties: { ...objectSchema.properties, nested: { $ref: 'urn:specwright:api#/components/schemas/Nested' } } }, jsonFields: ['nested'] },
          },
        },
        responses: {},
      },
    ],
  }).replace('"schemas":{', '"schemas":{"Nested":{"type":"object","properties":{"__proto__":{"type":"integer"}},"required":["__proto__"]},'),
) as ApiSpec;

/** What the handler saw, serialised (JSON.stringify writes own `__proto__` keys). */
const echo = ({ path, query, headers, cookies, body }: HandlerContext) => ({ status: 200, body: { path, query, headers, cookies, body } });
const app = createSpecApp(spec, { getThing: echo, putThing: echo });

/** Objects with an own `__proto__` key cannot be written as literals (that sets the prototype). */
const json = (text: string): unknown => JSON.parse(text);

describe('spec names that are Object.prototype keys', () => {
  const base = useLoopbackServer(app.fetch);

  // A list, not an object literal: `{ __proto__: '1' }` would not even have the key.
  const validHeaders: [string, string][] = [
    ['__proto__', '1'],
    ['constructor', 'ab'],
    ['cookie', '__proto__=2; constructor=cd'],
  ];

  /**
   * node:http's client rather than fetch: undici's fetch silently drops a header named
   * `__proto__` on the way out (Node 20), so it could not tell whether the server reads one.
   */
  function get(query: string, headers: [string, string][] = validHeaders, path = '/things/7/xy'): Promise<Response> {
    return new Promise((resolve, reject) => {
      const outgoing = request(`${base()}${path}?${query}`, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const type = incoming.headers['content-type'];
          resolve(new Response(Buffer.concat(chunks), { status: incoming.statusCode, headers: type ? { 'content-type': type } : {} }));
        });
        incoming.on('error', reject);
      });
      outgoing.on('error', reject);
      for (const [name, value] of headers) outgoing.setHeader(name, value);
      outgoing.end();
    });
  }

  async function issues(response: Response): Promise<string[]> {
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as ProblemDetails;
    return (problem.errors ?? []).map((issue) => `${issue.in} ${issue.name} ${issue.message}`);
  }

  it('accepts valid parameters of every location and hands them to the handler by name', async () => {
    const response = await get('__proto__=3&constructor=ef&toString=4&hasOwnProperty=true');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(
      json(`{
        "path": {"__proto__": 7, "constructor": "xy"},
        "query": {"__proto__": 3, "constructor": "ef", "toString": 4, "hasOwnProperty": true},
        "headers": {"__proto__": 1, "constructor": "ab"},
        "cookies": {"__proto__": 2, "constructor": "cd"}
      }`),
    );
  });

  it('accepts absent optional parameters named toString and hasOwnProperty', async () => {
    const response = await get('__proto__=3&constructor=ef');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { query: object }).query).toEqual(json('{"__proto__": 3, "constructor": "ef"}'));
  });

  it('answers 400 naming each missing required parameter', async () => {
    expect(await issues(await get('', [['cookie', 'x=1']]))).toEqual([
      'header __proto__ is required',
      'header constructor is required',
      'cookie __proto__ is required',
      'cookie constructor is required',
      'query __proto__ is required',
      'query constructor is required',
    ].sort((a, b) => order(a) - order(b)));
  });

  it('answers 400 for parameters of the wrong type', async () => {
    expect(await issues(await get('__proto__=x&constructor=e&toString=y&hasOwnProperty=maybe', validHeaders, '/things/seven/xy'))).toEqual([
      'path __proto__ must be integer',
      'query __proto__ must be integer',
      'query constructor must NOT have fewer than 2 characters',
      'query toString must be integer',
      'query hasOwnProperty must be boolean',
    ]);
  });

  const body = '{"__proto__": 5, "constructor": "ab", "toString": 6, "hasOwnProperty": false}';

  it('validates a JSON body whose properties are named __proto__ and constructor', async () => {
    const put = (text: string) => fetch(`${base()}/things`, { method: 'PUT', body: text, headers: { 'content-type': 'application/json' } });
    const ok = await put(body);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { body: unknown }).body).toEqual(json(body));

    expect(await issues(await put('{"constructor": "ab"}'))).toEqual(['body __proto__ is required']);
    expect(await issues(await put('{"__proto__": 5}'))).toEqual(['body constructor is required']);
    expect(await issues(await put('{"__proto__": "five", "constructor": "ab", "toString": "six"}'))).toEqual([
      'body __proto__ must be integer',
      'body toString must be integer',
    ]);
    expect(await issues(await put('{"__proto__": 5, "constructor": "ab", "__proto__~": 1}'))).toEqual(['body __proto__~ is not allowed']);
  });

  it('validates form fields named __proto__ and constructor, coerced', async () => {
    const form = (text: string) =>
      fetch(`${base()}/things`, { method: 'PUT', body: text, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const ok = await form('__proto__=5&constructor=ab&toString=6');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { body: unknown }).body).toEqual(json('{"__proto__": 5, "constructor": "ab", "toString": 6}'));
    expect(await issues(await form('constructor=ab'))).toEqual(['body __proto__ is required']);
    expect(await issues(await form('__proto__=x&constructor=ab'))).toEqual(['body __proto__ must be integer']);
  });

  it('validates multipart fields, nested JSON parts included', async () => {
    const multipart = (nested: string) => {
      const data = new FormData();
      data.append('__proto__', '5');
      data.append('constructor', 'ab');
      data.append('nested', nested);
      return fetch(`${base()}/things`, { method: 'PUT', body: data });
    };
    const ok = await multipart('{"__proto__": 1}');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { body: unknown }).body).toEqual(json('{"__proto__": 5, "constructor": "ab", "nested": {"__proto__": 1}}'));
    expect(await issues(await multipart('{"constructor": 1}'))).toEqual(['body nested.__proto__ is required']);
    expect(await issues(await multipart('{"__proto__": "one"}'))).toEqual(['body nested.__proto__ must be integer']);
  });
});

/** Issues come in parameter declaration order: query, header, cookie. */
function order(issue: string): number {
  return ['query', 'header', 'cookie'].indexOf(issue.split(' ')[0] as string) * 10 + (issue.includes('constructor') ? 1 : 0);
}

describe('the renaming around ajv', () => {
  it('is a bijection on names: no two names the client sends can become one', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.nat(5).map((n) => `__proto__${'~'.repeat(n)}`)), fc.string(), (a, b) => {
        expect(unescapeName(escapeName(a))).toBe(a);
        if (a !== b) expect(escapeName(a)).not.toBe(escapeName(b));
      }),
    );
  });

  it('leaves schemas and data without those names untouched (same objects)', () => {
    const schema = { type: 'object', properties: { name: { type: 'string', default: 'x' } }, required: ['name'], enum: [{ a: 1 }] };
    expect(escapeSchema(schema)).toBe(schema);
    const data = { name: 'x', nested: [{ constructor: 1 }] };
    expect(escapeData(data)).toBe(data);
  });

  it('renames property names, required entries and keys inside const/enum/default, keeping key order', () => {
    const schema = json('{"type":"object","properties":{"a":{},"__proto__":{"const":{"__proto__":1}}},"required":["__proto__","a"],"default":{"__proto__":2}}');
    expect(JSON.stringify(escapeSchema(schema))).toBe(
      '{"type":"object","properties":{"a":{},"__proto__~":{"const":{"__proto__~":1}}},"required":["__proto__~","a"],"default":{"__proto__~":2}}',
    );
    const data = json('{"b":1,"__proto__":{"__proto__~":[{"__proto__":3}]},"c":2}');
    const escaped = escapeData(data);
    expect(JSON.stringify(escaped)).toBe('{"b":1,"__proto__~":{"__proto__~~":[{"__proto__~":3}]},"c":2}');
    expect(JSON.stringify(unescapeData(escaped))).toBe(JSON.stringify(data));
  });
});

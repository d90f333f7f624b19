import { generate, type GenerateResult } from '../../generate';
import { refTokens } from '../../contract/index-operations';
import { getAt } from '../../spec/ref-closure';
import type { OpenApiDocument } from '../../spec/openapi-version';
import { openapi, useTempWorkspaces } from '../../__fixtures__/workspace';
import { MAX_EMBEDDED_SCHEMA_LENGTH, selfContainedSchema } from './response-schema';

const workspace = useTempWorkspaces();

type Obj = Record<string, unknown>;
const ok = (schema: unknown, status = '200'): Obj => ({ [status]: { description: 'ok', content: { 'application/json': { schema } } } });
const jsonBody = (schema: unknown): Obj => ({ required: true, content: { 'application/json': { schema } } });

async function implementations(version: '3.0.3' | '3.1.0', paths: object, components?: object): Promise<Map<string, string>> {
  const ws = workspace({ 'api/openapi.yaml': openapi(version, paths, components) });
  const result: GenerateResult = await generate({ spec: 'api/openapi.yaml', workspaceRoot: ws.root, outDir: 'api/src/generated' });
  return new Map(result.operations.map((op) => [op.id, result.files.find((f) => f.path === `implementations/${op.fileName}.ts`)?.contents ?? '']));
}

const item = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } };

describe('stateful offline handlers', () => {
  it('renders each role against the store, with the example response as the fallback', async () => {
    const code = await implementations('3.1.0', {
      '/things': {
        get: { operationId: 'listThings', responses: ok({ type: 'object', required: ['things'], properties: { things: { type: 'array', items: item }, total: { type: 'integer' } } }) },
        post: { operationId: 'createThing', requestBody: jsonBody(item), responses: ok(item, '201') },
      },
      '/things/{thingId}': {
        parameters: [{ name: 'thingId', in: 'path', required: true, schema: { type: 'integer' } }],
        get: { operationId: 'getThing', responses: { ...ok(item), '4XX': { description: 'client error' } } },
        put: { operationId: 'putThing', requestBody: jsonBody(item), responses: { '204': { description: 'replaced' }, '404': { description: 'missing' } } },
        patch: { operationId: 'patchThing', requestBody: jsonBody({ type: 'object' }), responses: ok(item) },
        delete: { operationId: 'deleteThing', responses: ok(item) },
      },
    });
    const create = code.get('createThing') as string;
    expect(create).toContain('// Stateful: creates a record of the resource /things and /things/{thingId}');
    expect(create).toContain("import { createSchemaCheck, isResourceRecord, memoryStoreOf } from '@specwright/runtime';");
    expect(create).toContain('const store = memoryStoreOf(services);');
    expect(create).toContain('store.create(collection, body, { idProperty, idKind, defaults, accept: fits })');
    expect(create).toMatch(/^const response = \{$/m);

    const list = code.get('listThings') as string;
    expect(list).toContain('const listed = recordWith(response.body, "things", store.list(collection));');

    // 4XX stands in for "not found"; the id is read from the typed path.
    const read = code.get('getThing') as string;
    expect(read).toContain('const record = store.get(collection, path["thingId"]);');
    expect(read).toContain('const notFound = {\n  "status": 404\n};');

    // A PUT whose success has no body stores without a check, and a POST creates, so a missing id is "not found".
    const put = code.get('putThing') as string;
    expect(put).toContain('if (store.get(collection, path["thingId"]) === undefined) return notFound as unknown as Result;');
    expect(put).toContain('store.put(collection, path["thingId"], body, { idProperty });');
    expect(put).not.toContain('createSchemaCheck');

    // Without a declared "not found", a missing record gets the example response.
    const patch = code.get('patchThing') as string;
    expect(patch).toContain('if (store.get(collection, path["thingId"]) === undefined) return response as unknown as Result;');
    expect(patch).not.toContain('notFound');
    const remove = code.get('deleteThing') as string;
    expect(remove).toContain('return (fits(removed) ? { ...response, body: removed } : response) as unknown as Result;');
  });

  it('keeps writeOnly properties out of the store and uses draft-07 definitions for OpenAPI 3.0', async () => {
    const user = {
      type: 'object',
      required: ['id', 'name'],
      properties: { id: { type: 'integer', readOnly: true }, name: { type: 'string' }, password: { type: 'string', writeOnly: true }, team: { $ref: '#/components/schemas/Team' } },
    };
    const code = await implementations(
      '3.0.3',
      {
        '/users': { post: { operationId: 'createUser', requestBody: jsonBody({ $ref: '#/components/schemas/User' }), responses: ok({ $ref: '#/components/schemas/User' }, '201') } },
        '/users/{id}': { get: { operationId: 'getUser', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], responses: ok({ $ref: '#/components/schemas/User' }) } },
      },
      { schemas: { User: user, Team: { type: 'string', nullable: true } } },
    );
    const create = code.get('createUser') as string;
    expect(create).toContain('const omit = [\n  "password"\n];');
    expect(create).toContain('"definitions": {');
    expect(create).toContain('"#/definitions/s1"');
    expect(create).toContain('}, "draft-07");');
    // The response direction: writeOnly not required; 3.0's nullable as a null type.
    expect(create).not.toMatch(/"required": \[[^\]]*"password"/);
    expect(create).toMatch(/"type": \[\s*"string",\s*"null"\s*\]/);
  });

  it('leaves operations stateless where the store cannot help', async () => {
    const code = await implementations('3.1.0', {
      '/files': { post: { operationId: 'upload', requestBody: { content: { 'application/octet-stream': {} } }, responses: ok({ type: 'object' }, '201') } },
      '/files/{id}': { get: { operationId: 'download', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok({ type: 'object' }) } },
      '/notes': { post: { operationId: 'createNote', requestBody: jsonBody({ type: 'object' }), responses: ok({ type: 'object' }, '201') } },
      '/notes/{id}': { get: { operationId: 'readNote', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'text', content: { 'text/plain': { schema: { type: 'string' } } } } } } },
    });
    for (const id of ['upload', 'download', 'readNote']) expect(code.get(id)).not.toContain('memoryStoreOf');
    expect(code.get('createNote')).toContain('memoryStoreOf');
  });

  it('writes spec names into the code only as escaped literals and comments', async () => {
    const hostile = '/x"+globalThis.pwned=1+"*/y';
    const parameter = '__proto__';
    const code = await implementations('3.1.0', {
      [hostile]: { post: { operationId: 'make', requestBody: jsonBody({ type: 'object' }), responses: ok({ type: 'object' }, '201') } },
      [`${hostile}/{${parameter}}`]: {
        parameters: [{ name: parameter, in: 'path', required: true, schema: { type: 'string' } }],
        get: { operationId: 'read', responses: ok({ type: 'object' }) },
        delete: { operationId: 'remove', responses: { '204': { description: 'gone' } } },
      },
    });
    const make = code.get('make') as string;
    expect(make).toContain('const collection = "/x\\"+globalThis.pwned=1+\\"*/y";');
    // In a comment, the star-slash cannot end anything.
    expect(make).toContain('// Stateful: creates a record of the resource /x"+globalThis.pwned=1+"*\\/y and');
    expect(code.get('read')).toContain('store.get(collection, path["__proto__"])');
  });
});

describe('selfContainedSchema', () => {
  const document = {
    openapi: '3.1.0',
    components: {
      schemas: {
        Pet: { $id: 'urn:pet', type: 'object', properties: { owner: { $ref: '#/components/schemas/Owner' }, self: { $ref: '#/components/schemas/Pet' } } },
        Owner: { type: 'object', properties: { name: { type: 'string', description: 'dropped' } } },
      },
    },
  } as unknown as OpenApiDocument;
  const resolve = (ref: string): unknown => getAt(document, refTokens(ref));

  it('copies every reached component under $defs, cycles included, without $id or annotations', () => {
    expect(selfContainedSchema({ $ref: '#/components/schemas/Pet' }, '3.1', resolve)).toEqual({
      allOf: [{ $ref: '#/$defs/s0' }],
      $defs: {
        s0: { type: 'object', properties: { owner: { $ref: '#/$defs/s1' }, self: { $ref: '#/$defs/s0' } } },
        s1: { type: 'object', properties: { name: { type: 'string' } } },
      },
    });
    expect(selfContainedSchema({ type: 'array', items: { $ref: '#/components/schemas/Owner' } }, '3.0', resolve)).toEqual({
      type: 'array',
      items: { $ref: '#/definitions/s0' },
      definitions: { s0: { type: 'object', properties: { name: { type: 'string' } } } },
    });
  });

  it('gives up on references it cannot follow and on schemas too large to embed', () => {
    expect(selfContainedSchema({ $ref: 'other.yaml#/Pet' }, '3.1', resolve)).toBeUndefined();
    expect(selfContainedSchema({ $ref: '#/components/schemas/Missing' }, '3.1', resolve)).toBeUndefined();
    const huge = { type: 'string', enum: ['x'.repeat(MAX_EMBEDDED_SCHEMA_LENGTH)] };
    expect(selfContainedSchema(huge, '3.1', resolve)).toBeUndefined();
  });
});

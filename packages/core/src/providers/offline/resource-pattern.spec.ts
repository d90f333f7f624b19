import type { OpenApiDocument } from '../../spec/openapi-version';
import { findResourceOperations, resourceOperationOf } from './resource-pattern';

type Obj = Record<string, unknown>;

const ok = (schema: unknown, status = '200'): Obj => ({ [status]: { description: 'ok', content: { 'application/json': { schema } } } });
const jsonBody = (schema: unknown): Obj => ({ required: true, content: { 'application/json': { schema } } });
const idParam = (name = 'petId', schema: unknown = { type: 'integer' }): Obj => ({ name, in: 'path', required: true, schema });
const pet = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } };

function spec(paths: Obj, components: Obj = {}): OpenApiDocument {
  return { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: paths as OpenApiDocument['paths'], components: components as OpenApiDocument['components'] };
}

/** The petstore shape: every role, the id parameter declared on the path item. */
function petstore(overrides: { collection?: Obj; item?: Obj } = {}): OpenApiDocument {
  return spec({
    '/pets': {
      get: { operationId: 'listPets', responses: ok({ type: 'array', items: pet }) },
      post: { operationId: 'createPet', requestBody: jsonBody({ type: 'object' }), responses: ok(pet, '201') },
      ...overrides.collection,
    },
    '/pets/{petId}': {
      parameters: [idParam()],
      get: { operationId: 'getPet', responses: { ...ok(pet), '404': { description: 'missing' } } },
      put: { operationId: 'replacePet', requestBody: jsonBody(pet), responses: ok(pet) },
      patch: { operationId: 'updatePet', requestBody: { content: { 'application/merge-patch+json': { schema: { type: 'object' } } } }, responses: ok(pet) },
      delete: { operationId: 'deletePet', responses: { '204': { description: 'gone' } } },
      ...overrides.item,
    },
  });
}

function roles(document: OpenApiDocument): Record<string, string> {
  return Object.fromEntries([...findResourceOperations(document)].map(([key, op]) => [key, op.role + (op.listProperty ? `:${op.listProperty}` : '')]));
}

describe('resource pattern detection', () => {
  it('recognises a collection and its item path, with a role for each operation', () => {
    const document = petstore();
    expect(roles(document)).toEqual({
      'post /pets': 'create',
      'get /pets': 'list',
      'get /pets/{petId}': 'read',
      'put /pets/{petId}': 'replace',
      'patch /pets/{petId}': 'update',
      'delete /pets/{petId}': 'remove',
    });
    expect(resourceOperationOf(document, 'get', '/pets/{petId}')?.pattern).toEqual({
      collectionPath: '/pets',
      itemPath: '/pets/{petId}',
      idParameter: 'petId',
      idProperty: 'id',
      idKind: 'integer',
      creates: true,
    });
    expect(resourceOperationOf(document, 'get', '/other')).toBeUndefined();
  });

  it('takes the id property the item schema names like the parameter, else `id`, else the parameter', () => {
    const withOwn = { type: 'object', properties: { petId: { type: 'integer' }, id: { type: 'string' } } };
    expect(resourceOperationOf(petstore({ item: { get: { responses: ok(withOwn) } } }), 'post', '/pets')?.pattern.idProperty).toBe('petId');
    const noId = { type: 'object', properties: { name: { type: 'string' } } };
    const document = spec({
      '/pets': { post: { requestBody: jsonBody({ type: 'object' }), responses: ok(noId, '201') } },
      '/pets/{petId}': { get: { parameters: [idParam()], responses: ok(noId) } },
    });
    expect(resourceOperationOf(document, 'post', '/pets')?.pattern.idProperty).toBe('petId');
  });

  it('follows $refs and allOf to the item schema, and takes the id kind from the parameter and the property', () => {
    const document = spec(
      {
        '/users': { post: { requestBody: jsonBody({ $ref: '#/components/schemas/User' }), responses: ok({ $ref: '#/components/schemas/User' }, '201') } },
        '/users/{userId}': { parameters: [{ $ref: '#/components/parameters/UserId' }], get: { responses: ok({ $ref: '#/components/schemas/User' }) } },
      },
      {
        parameters: { UserId: idParam('userId', { type: 'string', format: 'uuid' }) },
        schemas: { User: { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', properties: { name: { type: 'string' } } }] }, Base: { type: 'object', properties: { id: { type: 'string' } } } },
      },
    );
    expect(resourceOperationOf(document, 'get', '/users/{userId}')?.pattern).toMatchObject({ idProperty: 'id', idKind: 'uuid' });

    const stringParameterIntegerId = petstore({ item: { parameters: [idParam('petId', { type: 'string' })] } });
    expect(resourceOperationOf(stringParameterIntegerId, 'post', '/pets')?.pattern.idKind).toBe('integer');
    const integerParameterStringId = petstore({ item: { get: { responses: ok({ type: 'object', properties: { id: { type: 'string' } } }) } } });
    expect(resourceOperationOf(integerParameterStringId, 'post', '/pets')?.pattern.idKind).toBe('string');
  });

  it('finds the array a list response wraps its records in', () => {
    const page = (properties: Obj) => ({ type: 'object', properties: { total: { type: 'integer' }, ...properties } });
    const listOf = (schema: unknown) => roles(petstore({ collection: { get: { responses: ok(schema) } } }))['get /pets'];
    expect(listOf(page({ pets: { type: 'array', items: pet }, tags: { type: 'array' } }))).toBe('list:pets');
    expect(listOf(page({ data: { type: 'array' }, tags: { type: 'array' } }))).toBe('list:data');
    expect(listOf(page({ things: { type: 'array' } }))).toBe('list:things');
    // Two arrays, neither named like a list: no way to tell which holds the records.
    expect(listOf(page({ a: { type: 'array' }, b: { type: 'array' } }))).toBeUndefined();
    expect(listOf({ type: 'string' })).toBeUndefined();
  });

  it('needs something that creates records: a POST with a JSON body, or a PUT on the item', () => {
    const withoutWriters = petstore({ collection: { post: undefined }, item: { put: undefined } });
    expect(roles(withoutWriters)).toEqual({});
    const formPost = petstore({ collection: { post: { requestBody: { content: { 'multipart/form-data': { schema: { type: 'object' } } } }, responses: ok(pet, '201') } }, item: { put: undefined } });
    expect(roles(formPost)).toEqual({});
    const putOnly = petstore({ collection: { post: undefined } });
    expect(roles(putOnly)['put /pets/{petId}']).toBe('replace');
    expect(resourceOperationOf(putOnly, 'put', '/pets/{petId}')?.pattern.creates).toBe(false);
  });

  it('leaves ids a made id might not satisfy, and paths it cannot read, stateless', () => {
    for (const schema of [
      { type: 'string', pattern: '^[a-z]+$' },
      { type: 'string', enum: ['a', 'b'] },
      { type: 'string', format: 'date' },
      { type: 'string', minLength: 3 },
      { type: 'integer', nullable: true },
      { type: ['integer', 'null'] },
      { type: 'boolean' },
      { type: 'object' },
    ]) {
      expect(roles(petstore({ item: { parameters: [idParam('petId', schema)] } }))).toEqual({});
    }
    // Parameters in the collection path, or two item paths for one collection.
    expect(roles(spec({ '/owners/{ownerId}/pets': { post: { requestBody: jsonBody({}), responses: ok(pet) } }, '/owners/{ownerId}/pets/{petId}': { parameters: [idParam('ownerId'), idParam()], get: { responses: ok(pet) } } }))).toEqual({});
    const twoItems = petstore();
    (twoItems.paths as Obj)['/pets/{name}'] = { parameters: [idParam('name', { type: 'string' })], get: { responses: ok(pet) } };
    expect(roles(twoItems)).toEqual({});
  });

  it('leaves out an item operation that does not declare the id parameter (its typed path has none)', () => {
    const document = spec({
      '/pets': { post: { requestBody: jsonBody({ type: 'object' }), responses: ok(pet, '201') } },
      '/pets/{petId}': { get: { parameters: [idParam()], responses: ok(pet) }, delete: { responses: { '204': { description: 'gone' } } } },
    });
    expect(roles(document)).toEqual({ 'post /pets': 'create', 'get /pets/{petId}': 'read' });
  });

  it('treats spec names as data: paths and parameters named like Object.prototype keys', () => {
    const document = spec({
      '/__proto__': { post: { requestBody: jsonBody({ type: 'object' }), responses: ok({ type: 'object' }, '201') } },
      '/__proto__/{constructor}': { parameters: [idParam('constructor')], get: { responses: ok({ type: 'object' }) } },
    });
    expect(roles(document)).toEqual({ 'post /__proto__': 'create', 'get /__proto__/{constructor}': 'read' });
    expect(resourceOperationOf(document, 'get', '/__proto__/{constructor}')?.pattern).toMatchObject({ idParameter: 'constructor', idProperty: 'constructor' });
  });
});

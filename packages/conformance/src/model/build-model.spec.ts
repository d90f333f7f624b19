import { buildConformanceModel } from './build-model';
import { REQUEST_SCHEMAS_URI, RESPONSE_SCHEMAS_URI } from './types';

const document = {
  openapi: '3.0.3',
  info: { title: 'Shop', version: '1' },
  security: [{ bearer: [] }],
  paths: {
    '/orders': {
      post: {
        operationId: 'createOrder',
        'x-specwright-conformance': { checks: { ignored_auth: false } },
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/Order' }, examples: { small: { $ref: '#/components/examples/Small' } } },
            'multipart/form-data': { schema: { type: 'object' }, encoding: { file: { contentType: 'image/png' } } },
          },
        },
        responses: {
          '201': {
            description: 'created',
            headers: { Location: { required: true, schema: { type: 'string' } }, 'Content-Type': { schema: { type: 'string' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } },
            links: {
              byId: { operationId: 'getOrder', parameters: { id: '$response.body#/id' } },
              byRef: { operationRef: '#/paths/~1orders~1{id}/delete', parameters: { 'path.id': '$response.body#/id' } },
            },
          },
        },
      },
    },
    '/orders/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' }, example: 7 }],
      get: {
        operationId: 'getOrder',
        security: [],
        parameters: [
          { name: 'Accept', in: 'header', schema: { type: 'string' } },
          { name: 'filter', in: 'query', content: { 'application/json': { schema: { type: 'object' } } } },
        ],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } }, default: { description: 'error' } },
      },
      delete: {
        operationId: 'deleteOrder',
        security: [{ key: [], bearer: [] }, {}],
        responses: { '204': { description: 'gone' } },
      },
    },
  },
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'Bearer' },
      key: { type: 'apiKey', in: 'cookie', name: 'session' },
    },
    examples: { Small: { value: { note: 'one' } } },
    schemas: {
      Order: {
        type: 'object',
        required: ['id', 'note'],
        properties: { id: { type: 'integer', readOnly: true }, note: { type: 'string', nullable: true }, secret: { type: 'string', writeOnly: true } },
      },
    },
  },
};

const model = buildConformanceModel(document, '3.0');
const op = (id: string) => model.operations.find((o) => o.operationId === id)!;

describe('buildConformanceModel', () => {
  it('takes title, dialect, and component schemas per direction', () => {
    expect(model.title).toBe('Shop');
    expect(model.registry.dialect).toBe('draft-07');
    const request = (model.registry.documents[REQUEST_SCHEMAS_URI] as { components: { schemas: Record<string, { required: string[] }> } }).components.schemas.Order!;
    const response = (model.registry.documents[RESPONSE_SCHEMAS_URI] as { components: { schemas: Record<string, { required: string[] }> } }).components.schemas.Order!;
    // readOnly id is not required of requests; both keep note (nullable became a type union).
    expect(request.required).toEqual(['note']);
    expect(response.required).toEqual(['id', 'note']);
    expect(JSON.stringify(request)).toContain('"null"');
  });

  it('rewrites references to the registry, per direction', () => {
    const create = op('createOrder');
    expect(create.requestBody!.content[0]!.schema).toEqual({ $ref: `${REQUEST_SCHEMAS_URI}#/components/schemas/Order` });
    expect(create.responses[0]!.content['application/json']!.schema).toEqual({ $ref: `${RESPONSE_SCHEMAS_URI}#/components/schemas/Order` });
  });

  it('collects examples, including $ref’d ones, and multipart encodings', () => {
    const content = op('createOrder').requestBody!.content;
    expect(content[0]!.examples).toEqual([{ name: 'small', value: { note: 'one' } }]);
    expect(content[1]!.encoding).toEqual({ file: { contentType: 'image/png' } });
    expect(op('getOrder').parameters.find((p) => p.name === 'id')!.examples).toEqual([{ name: 'example', value: 7 }]);
  });

  it('merges path-level parameters, drops Accept, keeps content-typed parameters', () => {
    const parameters = op('getOrder').parameters;
    expect(parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:id', 'query:filter']);
    expect(parameters[1]).toMatchObject({ contentType: 'application/json', style: 'form', explode: true, required: false });
  });

  it('resolves links by operationId and by operationRef', () => {
    const links = op('createOrder').responses[0]!.links;
    expect(links).toEqual([
      { name: 'byId', targetOperationId: 'getOrder', parameters: { id: '$response.body#/id' } },
      { name: 'byRef', targetOperationId: 'deleteOrder', parameters: { 'path.id': '$response.body#/id' } },
    ]);
  });

  it('ignores a documented Content-Type response header, keeps others with their required flag', () => {
    expect(op('createOrder').responses[0]!.headers.map((h) => [h.name, h.required])).toEqual([['Location', true]]);
  });

  it('resolves security: document default, operation override, AND within and OR across alternatives', () => {
    expect(op('createOrder').security).toEqual([[{ name: 'bearer', type: 'http', in: 'header', parameterName: 'Authorization', scheme: 'bearer' }]]);
    expect(op('getOrder').security).toEqual([]);
    const del = op('deleteOrder').security;
    expect(del).toHaveLength(2);
    expect(del[0]!.map((s) => s.name)).toEqual(['key', 'bearer']);
    expect(del[0]![0]).toMatchObject({ in: 'cookie', parameterName: 'session' });
    expect(del[1]).toEqual([]);
  });

  it('reads per-operation check switches from x-specwright-conformance', () => {
    expect(op('createOrder').checks).toEqual({ ignored_auth: false });
  });
});

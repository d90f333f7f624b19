import { generate, type GenerateResult } from '../../generate';
import { refTokens, type Operation } from '../../contract/index-operations';
import { getAt } from '../../spec/ref-closure';
import { documentValidator, explain } from '../../__fixtures__/validators';
import { openapi, petstoreYaml, useTempWorkspaces, type TempWorkspace } from '../../__fixtures__/workspace';

const workspace = useTempWorkspaces();

interface OfflineResponse {
  status: number;
  contentType?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** The response literal an offline implementation file returns. */
function responseOf(code: string): OfflineResponse {
  const match = /^const response = (\{[\s\S]*?\n\});$/m.exec(code);
  if (!match) throw new Error(`no response literal in:\n${code}`);
  return JSON.parse(match[1] as string) as OfflineResponse;
}

async function generateIn(ws: TempWorkspace, spec: string): Promise<GenerateResult> {
  return generate({ spec, workspaceRoot: ws.root, outDir: 'api/src/generated' });
}

type Obj = Record<string, any>;

/** Checks every offline implementation against the response the spec declares for its status. */
function checkImplementations(result: GenerateResult): Map<string, OfflineResponse> {
  const { document, version } = result.source;
  const deref = (node: any): any => (node && typeof node.$ref === 'string' ? deref(getAt(document, refTokens(node.$ref))) : node);
  const compile = documentValidator(document, version, 'response');
  const responses = new Map<string, OfflineResponse>();
  for (const op of result.operations as Operation[]) {
    const file = result.files.find((f) => f.path === `implementations/${op.fileName}.ts`);
    expect(file).toBeDefined();
    const response = responseOf(file!.contents);
    responses.set(op.id, response);
    const declaredResponses = op.definition.responses as Obj;
    const key = [String(response.status), `${String(response.status)[0]}XX`, 'default'].find((k) => k in declaredResponses);
    const declared = key === undefined ? undefined : (deref(declaredResponses[key]) as Obj);
    expect({ op: op.id, status: response.status, declared: declared !== undefined }).toEqual({ op: op.id, status: response.status, declared: true });
    for (const [name, raw] of Object.entries((declared?.headers ?? {}) as Obj)) {
      const header = deref(raw);
      if (header.required !== true) continue;
      const text = response.headers?.[name];
      expect({ op: op.id, header: name, present: typeof text === 'string' }).toEqual({ op: op.id, header: name, present: true });
      const value = ['integer', 'number', 'boolean'].includes(header.schema?.type) ? JSON.parse(text as string) : text;
      const validate = compile(header.schema);
      if (!validate(value)) throw new Error(`${op.id} header ${name}: ${explain(validate, value)}`);
    }
    const content = (declared?.content ?? {}) as Obj;
    if (Object.keys(content).length === 0 || response.status === 204) {
      expect(response.body).toBeUndefined();
      continue;
    }
    expect(Object.keys(content)).toContain(response.contentType);
    const validate = compile(deref(content[response.contentType as string]).schema);
    if (!validate(response.body)) throw new Error(`${op.id} body: ${explain(validate, response.body)}`);
  }
  return responses;
}

describe('offline provider', () => {
  it('answers every petstore operation with a declared status, required headers and a schema-valid body', async () => {
    const ws = workspace({ 'api/openapi.yaml': petstoreYaml() });
    const result = await generateIn(ws, 'api/openapi.yaml');
    const responses = checkImplementations(result);
    expect([...responses.keys()].sort()).toEqual(['createPet', 'deletePet', 'getPet', 'listPets', 'updatePet']);
    // The spec's own examples are used where they fit their schemas.
    expect(responses.get('listPets')?.body).toEqual([
      { id: 1, name: 'Rex', tag: 'dog', status: 'available' },
      { id: 2, name: 'Tom', tag: 'cat', status: 'sold' },
    ]);
    expect(responses.get('createPet')).toMatchObject({ status: 201, contentType: 'application/json' });
    expect(responses.get('deletePet')).toEqual({ status: 204 });
  });

  it('writes schema-valid bodies for a 3.0 multi-file spec (nullable, allOf, readOnly/writeOnly, bad examples)', async () => {
    const ws = workspace({
      'api/openapi.yaml': openapi('3.0.3', {
        '/accounts/{id}': {
          get: {
            operationId: 'getAccount',
            responses: {
              '200': {
                description: 'ok',
                content: {
                  'application/json': {
                    schema: { $ref: '../libs/account.yaml' },
                    // Wrong on purpose: id must be an integer ≥ 1 and role one of the enum.
                    example: { id: 'abc', role: 'superuser', email: 'a@b.test', nickname: null },
                  },
                },
              },
              '404': { description: 'missing' },
            },
          },
        },
        '/accounts': {
          get: {
            operationId: 'listAccounts',
            responses: {
              '2XX': {
                description: 'ok',
                content: { 'application/vnd.api+json': { schema: { type: 'array', minItems: 2, uniqueItems: true, items: { $ref: '../libs/account.yaml' } } } },
              },
            },
          },
        },
      }),
      'libs/account.yaml': {
        allOf: [
          { $ref: './base.yaml' },
          {
            type: 'object',
            required: ['role', 'password', 'email'],
            properties: {
              role: { type: 'string', enum: ['admin', 'member'] },
              password: { type: 'string', writeOnly: true, minLength: 12 },
              email: { type: 'string', format: 'email' },
              nickname: { type: 'string', nullable: true, maxLength: 8 },
              score: { type: 'number', minimum: 0, exclusiveMinimum: true, multipleOf: 0.5 },
            },
          },
        ],
      },
      'libs/base.yaml': { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, readOnly: true } } },
    });
    const result = await generateIn(ws, 'api/openapi.yaml');
    const responses = checkImplementations(result);
    const account = responses.get('getAccount')?.body as Obj;
    expect(account).toMatchObject({ email: 'a@b.test', nickname: null });
    expect(account.id).not.toBe('abc');
    expect(account).not.toHaveProperty('password');
    expect(responses.get('listAccounts')).toMatchObject({ status: 200, contentType: 'application/vnd.api+json' });
  });

  it('sends a declared redirect for an operation that only redirects, never an undeclared 200', async () => {
    const ws = workspace({
      'api/openapi.yaml': openapi('3.1.0', {
        '/archive': {
          get: {
            operationId: 'downloadArchive',
            responses: {
              '302': { description: 'moved', headers: { Location: { required: true, schema: { type: 'string', format: 'uri' } } } },
              '410': { description: 'gone' },
            },
          },
        },
      }),
    });
    const responses = checkImplementations(await generateIn(ws, 'api/openapi.yaml'));
    expect(responses.get('downloadArchive')).toEqual({ status: 302, headers: { Location: 'https://example.com/' } });
  });

  it('sets the discriminator to the value that selects the schema, wherever the schema is used', async () => {
    // openapi-typescript types `kind` of Cat as "cat" everywhere Cat appears, because a
    // discriminator maps "cat" to it; a client dispatching on `kind` relies on the same.
    const ws = workspace({
      'api/openapi.yaml': openapi(
        '3.1.0',
        {
          '/pets/any': {
            get: {
              operationId: 'anyPet',
              responses: {
                '200': {
                  description: 'ok',
                  content: {
                    'application/json': {
                      schema: {
                        oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
                        discriminator: { propertyName: 'kind', mapping: { cat: '#/components/schemas/Cat' } },
                      },
                    },
                  },
                },
              },
            },
          },
          '/pets/dog': {
            get: { operationId: 'theDog', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Dog' } } } } } },
          },
        },
        {
          schemas: {
            Cat: { type: 'object', required: ['kind', 'lives'], properties: { kind: { type: 'string' }, lives: { type: 'integer' } } },
            Dog: { type: 'object', required: ['kind'], additionalProperties: false, properties: { kind: { type: 'string' }, barks: { type: 'boolean' } } },
          },
        },
      ),
    });
    const responses = checkImplementations(await generateIn(ws, 'api/openapi.yaml'));
    expect(responses.get('anyPet')?.body).toMatchObject({ kind: 'cat' });
    // Dog is selected by the implicit mapping (its component name), also outside the oneOf.
    expect(responses.get('theDog')?.body).toMatchObject({ kind: 'Dog' });
  });

  it('includes deep optional properties that have a default (openapi-typescript types them as present)', async () => {
    const deep = { type: 'object', properties: { mode: { type: 'string', enum: ['ALWAYS', 'EXEMPT'], default: 'ALWAYS' }, note: { type: 'string' } } };
    const ws = workspace({
      'api/openapi.yaml': openapi('3.1.0', {
        '/config': {
          get: {
            operationId: 'getConfig',
            responses: {
              '200': {
                description: 'ok',
                content: { 'application/json': { schema: { type: 'object', required: ['a'], properties: { a: { type: 'object', required: ['b'], properties: { b: { type: 'object', required: ['c'], properties: { c: deep } } } } } } } },
              },
            },
          },
        },
      }),
    });
    const responses = checkImplementations(await generateIn(ws, 'api/openapi.yaml'));
    expect(responses.get('getConfig')?.body).toEqual({ a: { b: { c: { mode: 'ALWAYS' } } } });
  });

  it('records itself as the offline provider in the manifest', async () => {
    const ws = workspace({ 'api/openapi.yaml': petstoreYaml() });
    const result = await generateIn(ws, 'api/openapi.yaml');
    const manifest = JSON.parse(result.files.find((f) => f.path === 'manifest.json')!.contents);
    for (const entry of Object.values(manifest.operations) as Obj[]) {
      expect(entry).toMatchObject({ handler: 'offline', model: 'specwright-offline', promptVersion: '2' });
    }
  });
});

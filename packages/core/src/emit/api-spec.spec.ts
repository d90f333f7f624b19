import { parse as parseYaml } from 'yaml';
import type { OperationSpec } from '@specwright/runtime';
import { indexOperations } from '../contract/index-operations';
import { SpecwrightError } from '../errors';
import { openapi, petstoreYaml } from '../__fixtures__/workspace';
import type { OpenApiDocument } from '../spec/openapi-version';
import { buildApiSpec } from './api-spec';
import { emitSpecModule, SPEC_LITERAL_MAX_CHARS } from './emit-spec-module';
import { typescript } from '../util/lazy';

const ok = { '200': { description: 'ok' } };

function build(document: object) {
  const doc = document as OpenApiDocument;
  return buildApiSpec(doc, doc.openapi.startsWith('3.0') ? '3.0' : '3.1', indexOperations(doc));
}

function securityById(document: object): Record<string, OperationSpec['security']> {
  return Object.fromEntries(build(document).operations.map((o) => [o.operationId, o.security]));
}

const schemes = {
  apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
  queryKey: { type: 'apiKey', in: 'query', name: 'api_key' },
  session: { type: 'apiKey', in: 'cookie', name: 'sid' },
  bearerAuth: { type: 'http', scheme: 'Bearer', bearerFormat: 'JWT' },
  basicAuth: { type: 'http', scheme: 'basic' },
  oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://auth.test/token', scopes: { read: 'Read' } } } },
  oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://auth.test/.well-known/openid-configuration' },
  mtls: { type: 'mutualTLS' },
  shared: { $ref: '#/components/securitySchemes/bearerAuth' },
};

describe('buildApiSpec security', () => {
  it('resolves the document-level default, operation overrides and $ref’d schemes, in spec order', () => {
    const document = {
      ...openapi(
        '3.1.0',
        {
          '/inherits': { get: { operationId: 'inherits', responses: ok } },
          '/public': { get: { operationId: 'public', security: [], responses: ok } },
          '/override': {
            get: {
              operationId: 'override',
              security: [{ shared: [] }, { session: [], queryKey: [] }, { oauth: ['read'] }, { oidc: [] }, { mtls: [] }, {}],
              responses: ok,
            },
          },
        },
        { securitySchemes: schemes },
      ),
      security: [{ apiKey: [] }, { basicAuth: [] }],
    };
    expect(securityById(document)).toEqual({
      inherits: [
        [{ scheme: 'apiKey', type: 'apiKey', in: 'header', name: 'X-API-Key' }],
        [{ scheme: 'basicAuth', type: 'http', httpScheme: 'basic' }],
      ],
      public: undefined,
      override: [
        [{ scheme: 'shared', type: 'http', httpScheme: 'bearer' }],
        [
          { scheme: 'session', type: 'apiKey', in: 'cookie', name: 'sid' },
          { scheme: 'queryKey', type: 'apiKey', in: 'query', name: 'api_key' },
        ],
        [{ scheme: 'oauth', type: 'oauth2' }],
        [{ scheme: 'oidc', type: 'openIdConnect' }],
        [{ scheme: 'mtls', type: 'mutualTLS' }],
        [],
      ],
    });
  });

  it('leaves the field out for operations without security, so their spec.ts does not change', () => {
    const spec = build(openapi('3.0.3', { '/a': { get: { operationId: 'a', responses: ok } } }, { securitySchemes: schemes }));
    expect(spec.operations[0]).not.toHaveProperty('security');
    expect(JSON.stringify(spec.operations[0])).not.toContain('security');
  });

  it('emits the keys in a fixed order, so the generated file is deterministic', () => {
    const document = {
      ...openapi('3.0.3', { '/a': { get: { operationId: 'a', responses: ok } } }, {
        securitySchemes: { k: { name: 'K', in: 'query', type: 'apiKey', description: 'ignored' } },
      }),
      security: [{ k: [] }],
    };
    expect(JSON.stringify(build(document).operations[0]?.security)).toBe('[[{"scheme":"k","type":"apiKey","in":"query","name":"K"}]]');
  });

  it('emits the petstore template’s deletePet requirement', () => {
    const spec = build(parseYaml(petstoreYaml()) as object);
    const secured = spec.operations.filter((o) => o.security !== undefined);
    expect(secured.map((o) => [o.operationId, o.security])).toEqual([
      ['deletePet', [[{ scheme: 'apiKey', type: 'apiKey', in: 'header', name: 'X-API-Key' }]]],
    ]);
  });

  it('rejects a requirement naming an undeclared scheme instead of dropping it', () => {
    const document = openapi('3.1.0', { '/a': { get: { operationId: 'a', security: [{ nope: [] }], responses: ok } } }, { securitySchemes: schemes });
    expect(() => build(document)).toThrow(SpecwrightError);
    expect(() => build(document)).toThrow(/"nope".*does not resolve/);
    try {
      build(document);
    } catch (error) {
      expect(error).toMatchObject({ code: 'REF_UNRESOLVED', location: { pointer: '/paths/~1a/get/security/0' } });
    }
  });

  it('rejects a scheme that cannot be enforced as declared', () => {
    const withScheme = (scheme: object) =>
      build({
        ...openapi('3.1.0', { '/a': { get: { operationId: 'a', responses: ok } } }, { securitySchemes: { s: scheme } }),
        security: [{ s: [] }],
      });
    expect(() => withScheme({ type: 'apiKey', in: 'body', name: 'k' })).toThrow(/needs "in"/);
    expect(() => withScheme({ type: 'apiKey', in: 'header' })).toThrow(/non-empty "name"/);
    expect(() => withScheme({ type: 'http' })).toThrow(/needs a "scheme"/);
    expect(() => withScheme({ type: 'magic' })).toThrow(/type "magic"/);
    expect(() => withScheme({ $ref: '#/components/securitySchemes/missing' })).toThrow(/does not resolve/);
  });
});

describe('buildApiSpec form bodies', () => {
  it('lists the JSON fields of form bodies: object and array properties (through $ref and allOf) and JSON-encoded ones', () => {
    const document = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/upload': {
          post: {
            operationId: 'upload',
            requestBody: {
              content: {
                'multipart/form-data': {
                  schema: { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' } }, raw: { type: 'string' } } }] },
                  encoding: { raw: { contentType: 'application/json' } },
                },
                'application/json': { schema: { $ref: '#/components/schemas/Base' } },
              },
            },
            responses: ok,
          },
        },
      },
      components: { schemas: { Base: { type: 'object', properties: { meta: { $ref: '#/components/schemas/Meta' }, title: { type: 'string' } } }, Meta: { type: ['object', 'null'] } } },
    };
    const content = build(document).operations[0]!.requestBody!.content;
    expect(content['multipart/form-data']!.jsonFields).toEqual(['meta', 'raw', 'tags']);
    expect(content['application/json']).not.toHaveProperty('jsonFields');
  });
});

describe('buildApiSpec with names that are Object.prototype keys', () => {
  it('keeps a component, a property and a media type named __proto__ in spec.ts, as keys', () => {
    // JSON text: an object literal here with a `__proto__` key would set its prototype.
    const document = JSON.parse(`{
      "openapi": "3.0.3", "info": { "title": "t", "version": "1" },
      "paths": { "/a": { "post": { "operationId": "a", "responses": { "200": { "description": "ok" } },
        "requestBody": { "content": { "__proto__": { "schema": { "$ref": "#/components/schemas/__proto__" } } } } } } },
      "components": { "schemas": { "__proto__": { "type": "object", "required": ["__proto__"],
        "properties": { "__proto__": { "type": "string" }, "constructor": { "type": "integer" } } } } }
    }`) as object;
    const apiSpec = build(document);
    const own = (value: unknown, key: string): boolean => typeof value === 'object' && value !== null && Object.hasOwn(value, key);
    const schema = apiSpec.components.schemas['__proto__'] as { properties?: object } | undefined;
    expect(own(apiSpec.components.schemas, '__proto__')).toBe(true);
    expect(Object.keys(schema?.properties ?? {})).toEqual(['__proto__', 'constructor']);
    expect(own(apiSpec.operations[0]?.requestBody?.content, '__proto__')).toBe(true);

    // The emitted module evaluates to the same data: own keys, not prototype setters.
    const source = emitSpecModule(apiSpec).contents;
    expect(source).toContain('JSON.parse(');
    // ES5: the target that turns computed keys into assignments, so the strictest case.
    const ts = typescript();
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES5 } });
    const exported: { apiSpec?: unknown } = {};
    new Function('exports', outputText)(exported);
    expect(JSON.stringify(exported.apiSpec)).toBe(JSON.stringify(apiSpec));
  });

  it('writes a description too large for a literal (TS2590 on Microsoft Graph) as JSON text with the same value', () => {
    const evaluate = (source: string): unknown => {
      const ts = typescript();
      const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
      const exported: { apiSpec?: unknown } = {};
      new Function('exports', outputText)(exported);
      return exported.apiSpec;
    };
    const small = build(parseYaml(petstoreYaml()) as object);
    expect(emitSpecModule(small).contents).not.toContain('JSON.parse(');
    // The same description with enough schemas to pass the limit, one of them with hostile text.
    const schemas = Object.fromEntries(Array.from({ length: 2_200 }, (_, i) => [`S${i}`, { type: 'object', description: `${'x'.repeat(2_000)}*/\n"'\u2028` }]));
    const large = { ...small, components: { ...small.components, schemas: { ...small.components.schemas, ...schemas } } };
    const source = emitSpecModule(large).contents;
    expect(JSON.stringify(large, null, 2).length).toBeGreaterThan(SPEC_LITERAL_MAX_CHARS);
    expect(source).toContain('export const apiSpec: ApiSpec = JSON.parse("');
    expect(source.split('\n')).toHaveLength(5);
    expect(JSON.stringify(evaluate(source))).toBe(JSON.stringify(large));
  });
});

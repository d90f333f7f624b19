import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import { toJsonSchema, type Direction, type ToJsonSchemaOptions } from './to-json-schema';
import type { OpenApiVersion } from '../spec/openapi-version';

/** Component schemas the test schemas reference as `#/components/schemas/<name>`. */
const components: Record<string, unknown> = {
  Pet: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
  Id: { type: 'integer', readOnly: true },
  Secret: { type: 'string', writeOnly: true },
  IdAlias: { $ref: '#/components/schemas/Id' },
  Plain: { type: 'integer' },
};
const resolve = (ref: string): unknown => components[ref.replace('#/components/schemas/', '')];
const COMPONENTS_ID = 'urn:test:components';

function convert(schema: unknown, version: OpenApiVersion, direction: Direction = 'request', extra: Partial<ToJsonSchemaOptions> = {}) {
  return toJsonSchema(schema, { version, direction, resolve, ...extra });
}

/** Compiles a converted schema with a standard validator of the matching dialect. */
function validator(schema: unknown, version: OpenApiVersion, direction: Direction = 'request'): ValidateFunction {
  const ajv = version === '3.1' ? new Ajv2020({ strict: false }) : new Ajv({ strict: false });
  const options = { rewriteRef: (ref: string) => COMPONENTS_ID + ref };
  const schemas = Object.fromEntries(Object.entries(components).map(([name, s]) => [name, convert(s, version, direction, options)]));
  ajv.addSchema({ $id: COMPONENTS_ID, components: { schemas } });
  return ajv.compile(convert(schema, version, direction, options) as object);
}

function expectAccepts(validate: ValidateFunction, ...values: unknown[]): void {
  for (const value of values) expect({ value, valid: validate(value) }).toEqual({ value, valid: true });
}
function expectRejects(validate: ValidateFunction, ...values: unknown[]): void {
  for (const value of values) expect({ value, valid: validate(value) }).toEqual({ value, valid: false });
}

describe('toJsonSchema: OpenAPI 3.0 nullable', () => {
  it('adds null to a typed schema', () => {
    expect(convert({ type: 'string', nullable: true, minLength: 2 }, '3.0')).toEqual({ type: ['string', 'null'], minLength: 2 });
    const validate = validator({ type: 'string', nullable: true, minLength: 2 }, '3.0');
    expectAccepts(validate, 'ab', null);
    expectRejects(validate, 'a', 1, {});
  });

  it('adds null to an enum too (an enum without null would still reject it)', () => {
    const validate = validator({ type: 'string', enum: ['a', 'b'], nullable: true }, '3.0');
    expectAccepts(validate, 'a', 'b', null);
    expectRejects(validate, 'c', '');
  });

  it('wraps a nullable $ref in anyOf, ignoring its other siblings as 3.0 says', () => {
    expect(convert({ $ref: '#/components/schemas/Pet', nullable: true, description: 'ignored' }, '3.0')).toEqual({
      anyOf: [{ $ref: '#/components/schemas/Pet' }, { type: 'null' }],
    });
    expect(convert({ $ref: '#/components/schemas/Pet', maxLength: 1 }, '3.0')).toEqual({ $ref: '#/components/schemas/Pet' });
    const validate = validator({ $ref: '#/components/schemas/Pet', nullable: true }, '3.0');
    expectAccepts(validate, { name: 'Rex' }, null);
    expectRejects(validate, {}, 'Rex');
  });

  it('wraps a nullable schema without a type in anyOf', () => {
    const schema = { nullable: true, allOf: [{ $ref: '#/components/schemas/Pet' }, { properties: { age: { type: 'integer' } } }] };
    const validate = validator(schema, '3.0');
    expectAccepts(validate, { name: 'Rex' }, { name: 'Rex', age: 3 }, null);
    expectRejects(validate, { name: 'Rex', age: 'old' }, {}, 1);
  });

  it('drops nullable: false and leaves null rejected', () => {
    expect(convert({ type: 'integer', nullable: false }, '3.0')).toEqual({ type: 'integer' });
    expectRejects(validator({ type: 'integer', nullable: false }, '3.0'), null);
  });

  it('converts nested schemas (properties, items, additionalProperties, allOf/oneOf)', () => {
    const schema = {
      type: 'object',
      properties: { tags: { type: 'array', items: { type: 'string', nullable: true } } },
      additionalProperties: { type: 'integer', nullable: true },
      oneOf: [{ required: ['tags'] }, { required: ['other'] }],
    };
    const validate = validator(schema, '3.0');
    expectAccepts(validate, { tags: ['a', null] }, { tags: [], x: null }, { other: 1 });
    expectRejects(validate, { tags: [1] }, { tags: [], x: 'no' });
  });
});

describe('toJsonSchema: exclusive bounds', () => {
  it('turns 3.0 boolean exclusiveMinimum/Maximum into numeric bounds', () => {
    const schema = { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: true };
    expect(convert(schema, '3.0')).toEqual({ type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 10 });
    const validate = validator(schema, '3.0');
    expectAccepts(validate, 0.001, 5, 9.999);
    expectRejects(validate, 0, 10, -1, 11);
  });

  it('treats exclusiveMinimum/Maximum: false as inclusive bounds', () => {
    const schema = { type: 'integer', minimum: 1, exclusiveMinimum: false, maximum: 3, exclusiveMaximum: false };
    expect(convert(schema, '3.0')).toEqual({ type: 'integer', minimum: 1, maximum: 3 });
    const validate = validator(schema, '3.0');
    expectAccepts(validate, 1, 3);
    expectRejects(validate, 0, 4);
  });

  it('drops a boolean exclusive flag without a bound', () => {
    expect(convert({ type: 'number', exclusiveMinimum: true }, '3.0')).toEqual({ type: 'number' });
  });

  it('keeps 3.1 numeric exclusive bounds as they are', () => {
    const schema = { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 };
    expect(convert(schema, '3.1')).toEqual(schema);
    const validate = validator(schema, '3.1');
    expectAccepts(validate, 0.5);
    expectRejects(validate, 0, 1);
  });
});

describe('toJsonSchema: readOnly and writeOnly by direction', () => {
  const pet = () => ({
    type: 'object',
    required: ['id', 'aliasId', 'name', 'password', 'secret'],
    properties: {
      id: { type: 'integer', readOnly: true },
      aliasId: { $ref: '#/components/schemas/IdAlias' },
      name: { type: 'string' },
      password: { type: 'string', writeOnly: true },
      secret: { $ref: '#/components/schemas/Secret' },
    },
  });

  for (const version of ['3.0', '3.1'] as const) {
    it(`does not require readOnly properties of requests, directly or through $ref (${version})`, () => {
      expect((convert(pet(), version, 'request') as { required: string[] }).required).toEqual(['name', 'password', 'secret']);
      const validate = validator(pet(), version, 'request');
      expectAccepts(validate, { name: 'Rex', password: 'pw', secret: 's' });
      // Sending them is still allowed (readOnly is an annotation), and a wrong type still fails.
      expectAccepts(validate, { id: 1, aliasId: 2, name: 'Rex', password: 'pw', secret: 's' });
      expectRejects(validate, { id: 'one', name: 'Rex', password: 'pw', secret: 's' }, { name: 'Rex', secret: 's' });
    });

    it(`does not require writeOnly properties of responses, directly or through $ref (${version})`, () => {
      expect((convert(pet(), version, 'response') as { required: string[] }).required).toEqual(['id', 'aliasId', 'name']);
      const validate = validator(pet(), version, 'response');
      expectAccepts(validate, { id: 1, aliasId: 2, name: 'Rex' });
      expectRejects(validate, { aliasId: 2, name: 'Rex' });
    });
  }

  it('applies the rule in nested objects and array items', () => {
    const schema = {
      type: 'array',
      items: { type: 'object', required: ['id', 'owner'], properties: { id: { type: 'integer', readOnly: true }, owner: { type: 'object', required: ['id'], properties: { id: { readOnly: true } } } } },
    };
    const validate = validator(schema, '3.1', 'request');
    expectAccepts(validate, [{ owner: {} }]);
    expectRejects(validate, [{}]);
  });

  it('drops `required` entirely when every required property is hidden', () => {
    expect(convert({ type: 'object', required: ['id'], properties: { id: { readOnly: true } } }, '3.1', 'request')).toEqual({
      type: 'object',
      properties: { id: { readOnly: true } },
    });
  });

  it('honours readOnly/writeOnly written beside a $ref in 3.1, where siblings of $ref apply', () => {
    const schema = {
      type: 'object',
      required: ['id', 'token', 'name'],
      properties: {
        id: { $ref: '#/components/schemas/Plain', readOnly: true },
        token: { $ref: '#/components/schemas/Plain', writeOnly: true },
        name: { type: 'string' },
      },
    };
    expect((convert(schema, '3.1', 'request') as { required: string[] }).required).toEqual(['token', 'name']);
    expect((convert(schema, '3.1', 'response') as { required: string[] }).required).toEqual(['id', 'name']);
    expectAccepts(validator(schema, '3.1', 'request'), { token: 1, name: 'n' });
    expectAccepts(validator(schema, '3.1', 'response'), { id: 1, name: 'n' });
  });
});

describe('toJsonSchema: options', () => {
  it('rewrites references and strips annotations when asked', () => {
    const schema = {
      type: 'object',
      description: 'A pet',
      example: { name: 'Rex' },
      'x-internal': true,
      properties: { owner: { $ref: '#/components/schemas/Pet', description: 'sibling' }, name: { type: 'string', title: 'Name', deprecated: true } },
    };
    expect(convert(schema, '3.1', 'request', { stripAnnotations: true, rewriteRef: (ref) => `urn:x${ref}` })).toEqual({
      type: 'object',
      properties: { owner: { $ref: 'urn:x#/components/schemas/Pet' }, name: { type: 'string' } },
    });
  });

  it('passes boolean schemas through and treats non-schemas as "anything"', () => {
    expect(convert(true, '3.1')).toBe(true);
    expect(convert(false, '3.1')).toBe(false);
    expect(convert(undefined, '3.1')).toEqual({});
  });

  it('does not modify its input', () => {
    const schema = { type: 'object', required: ['id'], properties: { id: { type: 'integer', readOnly: true, nullable: true, minimum: 0, exclusiveMinimum: true } } };
    const copy = JSON.parse(JSON.stringify(schema));
    convert(schema, '3.0', 'request');
    expect(schema).toEqual(copy);
  });
});

import type { ValidateFunction } from 'ajv';
import { sampleFromSchema, type SampleContext } from './sample-from-schema';
import { toJsonSchema } from '../../schema/to-json-schema';
import type { OpenApiVersion } from '../../spec/openapi-version';
import { createAjv, explain } from '../../__fixtures__/validators';

/** Components the schemas below reference, OpenAPI 3.1 (JSON Schema 2020-12) dialect. */
const components: Record<string, unknown> = {
  Base: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } },
  Named: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 3 } } },
  Node: {
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string' }, parent: { $ref: '#/components/schemas/Node' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } },
  },
  Category: {
    type: 'object',
    required: ['name', 'subcategories'],
    properties: { name: { type: 'string' }, subcategories: { type: 'array', items: { $ref: '#/components/schemas/Category' } } },
  },
  LinkedList: {
    type: 'object',
    required: ['value', 'next'],
    properties: { value: { type: 'integer' }, next: { anyOf: [{ $ref: '#/components/schemas/LinkedList' }, { type: 'null' }] } },
  },
  Expr: {
    oneOf: [
      { type: 'object', required: ['literal'], properties: { literal: { type: 'number' } }, additionalProperties: false },
      { type: 'object', required: ['left', 'right'], properties: { left: { $ref: '#/components/schemas/Expr' }, right: { $ref: '#/components/schemas/Expr' } }, additionalProperties: false },
    ],
  },
  Status: { type: 'string', enum: ['open', 'closed'] },
};
const resolve = (ref: string): unknown => components[ref.replace('#/components/schemas/', '')];
const response: SampleContext = { resolve, direction: 'response' };
const request: SampleContext = { resolve, direction: 'request' };

const COMPONENTS_ID = 'urn:test:sample';
const rewrite = (schema: unknown): unknown => JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, `"${COMPONENTS_ID}#/components/`));

function validator(schema: unknown, version: OpenApiVersion = '3.1'): ValidateFunction {
  const ajv = createAjv(version);
  if (version === '3.1') {
    ajv.addSchema({ $id: COMPONENTS_ID, components: { schemas: rewrite(components) } });
    return ajv.compile(rewrite(schema) as object);
  }
  return ajv.compile(toJsonSchema(schema, { version, direction: 'response', resolve }) as object);
}

function expectValid(schema: unknown, value: unknown, version: OpenApiVersion = '3.1'): void {
  const validate = validator(schema, version);
  if (!validate(value)) throw new Error(explain(validate, value));
}

/** Every schema here has valid instances; the sampler must produce one for each. */
const battery: Record<string, unknown> = {
  'object with required and optional properties': {
    type: 'object',
    required: ['id', 'name'],
    properties: { id: { type: 'integer', minimum: 1 }, name: { type: 'string', minLength: 1 }, nickname: { type: 'string' }, age: { type: 'integer', maximum: -1 } },
    additionalProperties: false,
  },
  'nested arrays': { type: 'array', minItems: 2, items: { type: 'array', minItems: 3, maxItems: 3, items: { type: 'number', minimum: 10 } } },
  'empty array only': { type: 'array', maxItems: 0 },
  'tuple (prefixItems) with more items': { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: { type: 'boolean' }, minItems: 3 },
  'string enum': { type: 'string', enum: ['x', 'y'] },
  'enum with null first': { type: ['string', 'null'], enum: [null, 'x'] },
  'enum through $ref': { type: 'object', required: ['status'], properties: { status: { $ref: '#/components/schemas/Status' } } },
  'object const': { const: { a: 1, b: [true] } },
  'format date-time': { type: 'string', format: 'date-time' },
  'format date': { type: 'string', format: 'date' },
  'format email': { type: 'string', format: 'email' },
  'format email with minLength': { type: 'string', format: 'email', minLength: 30 },
  'format uuid': { type: 'string', format: 'uuid' },
  'format uri': { type: 'string', format: 'uri' },
  'format uri-reference': { type: 'string', format: 'uri-reference' },
  'format ipv4': { type: 'string', format: 'ipv4' },
  'format ipv6': { type: 'string', format: 'ipv6' },
  'format hostname': { type: 'string', format: 'hostname' },
  pattern: { type: 'string', pattern: '^[A-Z]{3}-\\d{4}$' },
  'pattern with lengths': { type: 'string', pattern: '^[a-z]+$', minLength: 5, maxLength: 8 },
  minLength: { type: 'string', minLength: 20 },
  maxLength: { type: 'string', maxLength: 3 },
  'number range': { type: 'number', minimum: 5.5, maximum: 6 },
  'number, exclusive bounds': { type: 'number', exclusiveMinimum: 5, exclusiveMaximum: 6 },
  'integer, exclusive bounds': { type: 'integer', exclusiveMinimum: 5, exclusiveMaximum: 7 },
  'integer, exclusive minimum and maximum': { type: 'integer', exclusiveMinimum: 5, maximum: 6 },
  'integer multipleOf with minimum': { type: 'integer', multipleOf: 7, minimum: 10 },
  'integer multipleOf in a range': { type: 'integer', multipleOf: 5, minimum: 11, maximum: 19 },
  'integer multipleOf below a negative maximum': { type: 'integer', multipleOf: 3, maximum: -4 },
  'integer below a negative exclusive maximum': { type: 'integer', exclusiveMaximum: -10 },
  'number multipleOf 0.25, exclusive minimum': { type: 'number', multipleOf: 0.25, exclusiveMinimum: 1 },
  'number multipleOf 0.1': { type: 'number', multipleOf: 0.1, minimum: 0.25 },
  'allOf of a $ref and an inline object': {
    allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', required: ['count'], properties: { count: { type: 'integer', minimum: 3 } } }],
  },
  'allOf of two $refs': { allOf: [{ $ref: '#/components/schemas/Base' }, { $ref: '#/components/schemas/Named' }] },
  'allOf with constraints split across parts': { allOf: [{ type: 'integer', minimum: 10 }, { maximum: 20, multipleOf: 3 }] },
  'oneOf of scalars': { oneOf: [{ type: 'string', minLength: 2 }, { type: 'integer' }] },
  'oneOf of closed objects': {
    oneOf: [
      { type: 'object', required: ['cat'], properties: { cat: { type: 'boolean' } }, additionalProperties: false },
      { type: 'object', required: ['dog'], properties: { dog: { type: 'boolean' } }, additionalProperties: false },
    ],
  },
  'anyOf with a shared base': { type: 'object', required: ['kind'], properties: { kind: { type: 'string' } }, anyOf: [{ required: ['a'], properties: { a: { type: 'integer' } } }, { required: ['b'] }] },
  'nullable type array': { type: ['integer', 'null'], minimum: 3 },
  'nullable $ref via anyOf': { anyOf: [{ $ref: '#/components/schemas/Named' }, { type: 'null' }] },
  'self-recursive with optional recursion': { $ref: '#/components/schemas/Node' },
  'self-recursive through a required array': { $ref: '#/components/schemas/Category' },
  'self-recursive through a required nullable reference': { $ref: '#/components/schemas/LinkedList' },
  'recursive oneOf (expression tree)': { $ref: '#/components/schemas/Expr' },
  'uniqueItems strings': { type: 'array', uniqueItems: true, minItems: 4, items: { type: 'string', maxLength: 8 } },
  'uniqueItems enum strings': { type: 'array', uniqueItems: true, minItems: 3, items: { type: 'string', enum: ['read', 'write', 'admin'] } },
  'uniqueItems enum through $ref': { type: 'array', uniqueItems: true, minItems: 2, items: { $ref: '#/components/schemas/Status' } },
  'uniqueItems bounded integers': { type: 'array', uniqueItems: true, minItems: 4, items: { type: 'integer', minimum: -1, maximum: 2 } },
  'uniqueItems booleans': { type: 'array', uniqueItems: true, minItems: 2, items: { type: 'boolean' } },
  'uniqueItems uuids': { type: 'array', uniqueItems: true, minItems: 3, items: { type: 'string', format: 'uuid' } },
  'uniqueItems emails': { type: 'array', uniqueItems: true, minItems: 3, items: { type: 'string', format: 'email' } },
  'uniqueItems date-times': { type: 'array', uniqueItems: true, minItems: 3, items: { type: 'string', format: 'date-time' } },
  'uniqueItems patterned strings': { type: 'array', uniqueItems: true, minItems: 3, items: { type: 'string', pattern: '^[a-f0-9]{6}$' } },
  'uniqueItems objects': { type: 'array', uniqueItems: true, minItems: 3, items: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } },
  minProperties: { type: 'object', minProperties: 3, properties: { a: { type: 'string' } } },
  'minProperties with typed additionalProperties': { type: 'object', minProperties: 2, additionalProperties: { type: 'integer', minimum: 4 } },
  'schema with only a format (type implied)': { format: 'uuid' },
};

describe('sampleFromSchema: every sample validates', () => {
  it.each(Object.entries(battery))('%s', (_name, schema) => {
    expectValid(schema, sampleFromSchema(schema, response));
  });

  const openApi30: Record<string, unknown> = {
    'nullable string': { type: 'string', nullable: true, minLength: 2 },
    'nullable enum': { type: 'string', nullable: true, enum: ['a'] },
    'boolean exclusive bounds': { type: 'number', minimum: 5, exclusiveMinimum: true, maximum: 6, exclusiveMaximum: true },
    'boolean exclusive bounds, integer': { type: 'integer', minimum: 5, exclusiveMinimum: true, maximum: 7, exclusiveMaximum: true },
    'boolean exclusive maximum at zero': { type: 'integer', maximum: 0, exclusiveMaximum: true },
    'nullable object without type': { nullable: true, properties: { a: { type: 'string' } }, required: ['a'] },
  };
  it.each(Object.entries(openApi30))('OpenAPI 3.0: %s', (_name, schema) => {
    expectValid(schema, sampleFromSchema(schema, response), '3.0');
  });
});

describe('sampleFromSchema: known limitations', () => {
  // oneOf needs exactly one branch to match. The sampler fills in the first branch without
  // checking the others, so with loosely-written branches its value can match two (5 of 926 JSON
  // responses of GitHub's spec fail this way).
  it.failing('KNOWN LIMITATION: makes a oneOf value that matches only one of two overlapping branches', () => {
    const schema = {
      oneOf: [
        { type: 'object', properties: { a: { type: 'string' } } },
        { type: 'object', properties: { b: { type: 'string' } } },
      ],
    };
    expectValid(schema, sampleFromSchema(schema, response));
  });
});

describe('sampleFromSchema: examples', () => {
  const pet = {
    type: 'object',
    required: ['id', 'name', 'status'],
    properties: {
      id: { type: 'integer', minimum: 1 },
      name: { type: 'string', maxLength: 10 },
      status: { type: 'string', enum: ['available', 'sold'] },
      email: { type: 'string', format: 'email' },
    },
  };

  it('uses a valid example as is', () => {
    const example = { id: 7, name: 'Rex', status: 'sold', email: 'rex@pets.test' };
    expect(sampleFromSchema(pet, response, example)).toEqual(example);
  });

  it('does not use the invalid parts of an example, and keeps the valid ones', () => {
    const example = { id: 0, name: 'A name that is far too long', status: 'lost', email: 'not an email' };
    const value = sampleFromSchema(pet, response, example) as Record<string, unknown>;
    expectValid(pet, value);
    expect(value.id).not.toBe(0);
    expect(value.name).not.toBe(example.name);
    expect(value.status).not.toBe('lost');
    expect(value.email).not.toBe('not an email');

    const partly = sampleFromSchema(pet, response, { id: 'seven', name: 'Tom', status: 'sold' }) as Record<string, unknown>;
    expectValid(pet, partly);
    expect(partly).toMatchObject({ name: 'Tom', status: 'sold' });
  });

  it('takes the example from the schema (example / examples) when none is given', () => {
    expect(sampleFromSchema({ type: 'string', example: 'from-example' }, response)).toBe('from-example');
    expect(sampleFromSchema({ type: 'integer', examples: [42] }, response)).toBe(42);
    expect(sampleFromSchema({ type: 'string', format: 'email', example: 'nope' }, response)).toBe('user@example.com');
    expect(sampleFromSchema({ type: 'string', enum: ['a', 'b'], default: 'b' }, response)).toBe('b');
  });

  it('chooses the oneOf branch the example fits', () => {
    const schema = { oneOf: [{ type: 'object', required: ['cat'], properties: { cat: { type: 'string' } } }, { type: 'object', required: ['dog'], properties: { dog: { type: 'string' } } }] };
    expect(sampleFromSchema(schema, response, { dog: 'Rex' })).toEqual({ dog: 'Rex' });
  });

  it('keeps an example null for a nullable schema', () => {
    expect(sampleFromSchema({ type: ['string', 'null'] }, response, null)).toBeNull();
    expect(sampleFromSchema({ type: 'string', nullable: true }, response, null)).toBeNull();
  });
});

describe('sampleFromSchema: direction', () => {
  const account = {
    type: 'object',
    required: ['id', 'password', 'name'],
    properties: { id: { type: 'integer', readOnly: true }, password: { type: 'string', writeOnly: true }, name: { type: 'string' } },
  };

  it('leaves writeOnly properties out of responses and readOnly ones out of requests', () => {
    expect(Object.keys(sampleFromSchema(account, response) as object).sort()).toEqual(['id', 'name']);
    expect(Object.keys(sampleFromSchema(account, request) as object).sort()).toEqual(['name', 'password']);
  });
});

describe('sampleFromSchema: determinism', () => {
  it('returns deep-equal values for the same input, every time', () => {
    for (const schema of Object.values(battery)) {
      const first = sampleFromSchema(schema, response);
      const second = sampleFromSchema(JSON.parse(JSON.stringify(schema)), response);
      expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    }
  });

  it('does not modify the schema or the example', () => {
    const schema = JSON.parse(JSON.stringify(battery['allOf of a $ref and an inline object']));
    const example = { id: 'x', count: 1 };
    sampleFromSchema(schema, response, example);
    expect(schema).toEqual(battery['allOf of a $ref and an inline object']);
    expect(example).toEqual({ id: 'x', count: 1 });
  });
});

/**
 * The table every generator is held to: one entry per keyword family (and the awkward
 * combinations), each run in the dialects it is valid in.
 */
import type { Dialect, JsonSchema } from '../../model/types';
import { ref, REQ } from './registry';

export interface TableEntry {
  readonly name: string;
  readonly schema: JsonSchema;
  readonly dialects: readonly Dialect[];
}

const BOTH: readonly Dialect[] = ['draft-07', '2020-12'];
const entry = (name: string, schema: JsonSchema, dialects: readonly Dialect[] = BOTH): TableEntry => ({ name, schema, dialects });

const FORMATS = [
  'date',
  'date-time',
  'time',
  'iso-time',
  'iso-date-time',
  'duration',
  'email',
  'idn-email',
  'uuid',
  'uri',
  'uri-reference',
  'url',
  'uri-template',
  'hostname',
  'ipv4',
  'ipv6',
  'byte',
  'binary',
  'password',
  'regex',
  'json-pointer',
  'relative-json-pointer',
  'json-pointer-uri-fragment',
  'int64',
  'made-up-format',
];

export const TABLE: readonly TableEntry[] = [
  entry('true', true),
  entry('empty schema', {}),
  // strings
  entry('string', { type: 'string' }),
  entry('string length', { type: 'string', minLength: 3, maxLength: 5 }),
  entry('long minLength', { type: 'string', minLength: 30 }),
  entry('exact length', { type: 'string', minLength: 64, maxLength: 64 }),
  entry('pattern', { type: 'string', pattern: '^[A-Z]{2}-\\d{3}$' }),
  entry('pattern + long length', { type: 'string', pattern: '^[a-z]+$', minLength: 25, maxLength: 30 }),
  entry('pattern with lookahead', { type: 'string', pattern: '^(?=.*\\d)[a-z0-9]{4,8}$' }),
  entry('unanchored pattern', { type: 'string', pattern: 'abc', maxLength: 10 }),
  entry('unicode pattern', { type: 'string', pattern: '^\\p{Lu}\\p{Ll}+$', maxLength: 6 }),
  entry('two patterns (allOf)', { allOf: [{ type: 'string', pattern: '^[a-f]+$' }, { pattern: 'c', minLength: 2, maxLength: 8 }] }),
  ...FORMATS.map((format) => entry(`format ${format}`, { type: 'string', format })),
  entry('format + maxLength', { type: 'string', format: 'email', maxLength: 14 }),
  entry('format + pattern', { type: 'string', format: 'date', pattern: '^20' }),
  // numbers
  entry('integer', { type: 'integer' }),
  entry('integer range', { type: 'integer', minimum: 5, maximum: 10 }),
  entry('integer exclusive', { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 3 }),
  entry('int32', { type: 'integer', format: 'int32' }),
  entry('int64', { type: 'integer', format: 'int64', minimum: 0 }),
  entry('integer multipleOf', { type: 'integer', multipleOf: 7, minimum: -50, maximum: 50 }),
  entry('integer fractional multipleOf', { type: 'integer', multipleOf: 0.5, maximum: 3 }),
  entry('number', { type: 'number' }),
  entry('number 0.1 steps', { type: 'number', minimum: 0.1, maximum: 0.3, multipleOf: 0.1 }),
  entry('money', { type: 'number', multipleOf: 0.01, minimum: 0, maximum: 1000 }),
  entry('tiny multipleOf', { type: 'number', multipleOf: 1e-7, minimum: -1e-5, maximum: 1e-5 }),
  entry('exclusive number', { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }),
  entry('exclusive at zero', { type: 'number', exclusiveMaximum: 0 }),
  entry('float', { type: 'number', format: 'float' }),
  entry('huge minimum', { type: 'number', minimum: 1e300 }),
  entry('multipleOf in allOf', { type: 'number', allOf: [{ multipleOf: 0.3 }, { multipleOf: 0.2 }], maximum: 100 }),
  // scalars, unions, enums
  entry('boolean', { type: 'boolean' }),
  entry('null', { type: 'null' }),
  entry('string or null', { type: ['string', 'null'], maxLength: 4 }),
  entry('integer or string', { type: ['integer', 'string'], minimum: 3, minLength: 3 }),
  entry('enum', { enum: ['a', 'b', 1, null] }),
  entry('const object', { const: { a: 1 } }),
  entry('typed enum', { type: 'string', enum: ['a', 'b', 1] }),
  // arrays
  entry('array of integers', { type: 'array', items: { type: 'integer' } }),
  entry('array bounds', { type: 'array', minItems: 2, maxItems: 4, items: { type: 'string', maxLength: 3 } }),
  entry('unique booleans', { type: 'array', uniqueItems: true, items: { type: 'boolean' }, maxItems: 2 }),
  entry('unique small ints', { type: 'array', uniqueItems: true, minItems: 3, items: { type: 'integer', minimum: 0, maximum: 5 } }),
  entry('unique objects', {
    type: 'array',
    uniqueItems: true,
    minItems: 2,
    items: { type: 'object', properties: { a: { type: 'integer', minimum: 0, maximum: 2 } }, required: ['a'], additionalProperties: false },
  }),
  entry('long minItems', { type: 'array', minItems: 8, items: { type: 'integer' } }),
  entry('contains', { type: 'array', contains: { const: 'x' }, items: { type: 'string', maxLength: 2 } }),
  entry('draft-07 tuple', { type: 'array', items: [{ type: 'string' }, { type: 'integer' }], additionalItems: false, minItems: 1 }, ['draft-07']),
  entry('draft-07 tuple + rest', { type: 'array', items: [{ const: 'head' }], additionalItems: { type: 'boolean' } }, ['draft-07']),
  entry('prefixItems closed', { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false, minItems: 1 }, ['2020-12']),
  entry('prefixItems + items', { type: 'array', prefixItems: [{ const: 'head' }], items: { type: 'boolean' }, minItems: 3 }, ['2020-12']),
  // objects
  entry('object', { type: 'object' }),
  entry('properties', {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'integer' }, name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
  }),
  entry('closed object', { type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } }, required: ['a'], additionalProperties: false }),
  entry('dictionary', { type: 'object', additionalProperties: { type: 'integer', minimum: 0 }, maxProperties: 4 }),
  entry('additionalProperties true', { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true }),
  entry('patternProperties', {
    type: 'object',
    properties: { id: { type: 'string' } },
    patternProperties: { '^x-[a-z]+$': { type: 'integer' }, '^y': { type: 'boolean' } },
    additionalProperties: false,
  }),
  entry('min/max properties', {
    type: 'object',
    properties: { a: { type: 'integer' }, b: { type: 'integer' }, c: { type: 'integer' } },
    minProperties: 2,
    maxProperties: 2,
  }),
  entry('minProperties beyond named', { type: 'object', properties: { a: { type: 'integer' } }, minProperties: 3 }),
  entry('propertyNames', { type: 'object', propertyNames: { pattern: '^[a-z]+$', maxLength: 5 }, additionalProperties: { type: 'integer' }, minProperties: 1 }),
  entry('required without schema', { type: 'object', required: ['anything'] }),
  entry('awkward names', { type: 'object', properties: { ['__proto__']: { type: 'integer' }, 'a/b~c': { type: 'string' } }, required: ['__proto__', 'a/b~c'] }),
  entry('dependentRequired', { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'integer' } }, dependentRequired: { a: ['b'] } }, ['2020-12']),
  entry('dependencies', { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'integer' } }, dependencies: { a: ['b'] } }, ['draft-07']),
  entry('unevaluatedProperties', { type: 'object', allOf: [{ properties: { a: { type: 'integer' } } }], unevaluatedProperties: false }, ['2020-12']),
  // combinators
  entry('oneOf types', { oneOf: [{ type: 'string' }, { type: 'integer' }] }),
  entry('oneOf overlapping', { oneOf: [{ type: 'integer', minimum: 0 }, { type: 'integer', maximum: 10 }] }),
  entry('oneOf subsumed branch', { oneOf: [{ type: 'string' }, { type: 'string', maxLength: 3 }, { type: 'boolean' }] }),
  entry('anyOf', { anyOf: [{ type: 'string', maxLength: 2 }, { type: 'integer', minimum: 100 }] }),
  entry('allOf objects', {
    allOf: [
      { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
      { properties: { b: { type: 'integer' } }, required: ['b'] },
    ],
  }),
  entry('allOf with closed layer', {
    allOf: [
      { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
      { properties: { a: { maxLength: 3 }, b: { type: 'integer' } } },
    ],
  }),
  entry('allOf contradiction in branch', { anyOf: [{ allOf: [{ type: 'string' }, { type: 'integer' }] }, { type: 'boolean' }] }),
  entry('not', { type: 'integer', not: { multipleOf: 3 }, minimum: 0, maximum: 20 }),
  entry('not type', { not: { type: 'string' } }),
  entry('if/then/else', {
    type: 'object',
    properties: { kind: { enum: ['a', 'b'] } },
    required: ['kind'],
    if: { properties: { kind: { const: 'a' } } },
    then: { required: ['x'], properties: { x: { type: 'integer' } } },
    else: { required: ['y'], properties: { y: { type: 'string' } } },
  }),
  entry('oneOf inside allOf', { allOf: [{ type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] }, { oneOf: [{ required: ['a'] }, { required: ['b'] }] }] }),
  entry('discriminated refs', ref('Animal')),
  entry('nullable oneOf', { anyOf: [{ oneOf: [ref('Cat'), ref('Dog')] }, { type: 'null' }] }),
  // refs
  entry('ref', ref('Pet')),
  entry('recursive tree', ref('Tree')),
  entry('linked list', ref('LinkedList')),
  entry('mutual recursion', ref('Alpha')),
  entry('recursive category', ref('Category')),
  entry('escaped pointer', { $ref: `${REQ}#/components/schemas/a~1b~0c` }),
  entry('percent-encoded pointer', { $ref: `${REQ}#/components/schemas/with%20space` }),
  entry('local ref in document', ref('WithLocal')),
  entry('ref with siblings', { $ref: `${REQ}#/components/schemas/Named`, pattern: '^[a-c]+$' }),
  entry('root $defs', { type: 'array', items: { $ref: '#/$defs/item' }, $defs: { item: { type: 'string', enum: ['x', 'y'] } }, minItems: 1 }, ['2020-12']),
  entry('root definitions', { type: 'array', items: { $ref: '#/definitions/item' }, definitions: { item: { type: 'integer', maximum: 0 } } }, ['draft-07']),
  entry('local ref under oneOf', { oneOf: [{ $ref: '#/$defs/a' }, { type: 'boolean' }], $defs: { a: { type: 'string', minLength: 1 } } }, ['2020-12']),
  // raw OpenAPI 3.0 forms
  entry('raw nullable', { type: 'string', nullable: true, maxLength: 3 }, ['draft-07']),
  entry('raw boolean exclusive', { type: 'integer', minimum: 5, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: true }, ['draft-07']),
  entry('raw nullable without type', { nullable: true, properties: { a: { type: 'integer' } }, required: ['a'] }, ['draft-07']),
  entry('raw nullable enum', { type: 'string', enum: ['on', 'off'], nullable: true, example: 'on' }, ['draft-07']),
];

import type { Dialect, JsonSchema, SchemaRegistry } from '../model/types';
import { createSchemaValidator } from './index';

const URI = 'urn:specwright:request';
const registry = (dialect: Dialect, schemas: Record<string, JsonSchema> = {}): SchemaRegistry => ({
  dialect,
  documents: { [URI]: { components: { schemas } } },
});

describe('createSchemaValidator', () => {
  it('resolves absolute refs through the registry, and refs inside documents against their document', () => {
    const validator = createSchemaValidator(
      registry('draft-07', {
        Pet: { type: 'object', required: ['tag'], properties: { tag: { $ref: '#/components/schemas/Tag' } } },
        Tag: { type: 'string', maxLength: 3 },
      }),
    );
    const pet = { $ref: `${URI}#/components/schemas/Pet` };
    expect(validator.validate(pet, { tag: 'abc' })).toBe(true);
    expect(validator.validate(pet, { tag: 'abcd' })).toBe(false);
    expect(validator.validate(pet, {})).toBe(false);
  });

  it('reports ajv errors as "/pointer message"', () => {
    const validator = createSchemaValidator(registry('draft-07'));
    const schema = { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string' } } } }, additionalProperties: false };
    expect(validator.errors(schema, { a: { b: 1 } })).toEqual(['/a/b must be string']);
    expect(validator.errors(schema, { x: 1 })).toEqual(['/ must NOT have additional properties (x)']);
    expect(validator.errors(schema, { a: {} })).toEqual([]);
    expect(validator.errors(false, 1)).toHaveLength(1);
    expect(validator.errors(true, 1)).toEqual([]);
  });

  it('picks the dialect: prefixItems is a keyword in 2020-12 only', () => {
    const schema = { type: 'array', prefixItems: [{ type: 'string' }] };
    expect(createSchemaValidator(registry('2020-12')).validate(schema, [1])).toBe(false);
    expect(createSchemaValidator(registry('draft-07')).validate(schema, [1])).toBe(true);
    const tuple = { type: 'array', items: [{ type: 'string' }], additionalItems: false };
    expect(createSchemaValidator(registry('draft-07')).validate(tuple, ['a', 'b'])).toBe(false);
  });

  it('uses multipleOfPrecision 9, as the runtime does', () => {
    const validator = createSchemaValidator(registry('2020-12'));
    expect(validator.validate({ multipleOf: 0.01 }, 0.07)).toBe(true);
    expect(validator.validate({ multipleOf: 0.01 }, 19.99)).toBe(true);
    expect(validator.validate({ multipleOf: 0.1 }, 0.30000000000000004)).toBe(true);
    expect(validator.validate({ multipleOf: 0.01 }, 0.075)).toBe(false);
  });

  it.each(['draft-07', '2020-12'] as Dialect[])('knows the OpenAPI formats (%s)', (dialect) => {
    const validator = createSchemaValidator(registry(dialect));
    expect(validator.validate({ type: 'integer', format: 'int32' }, 2 ** 31 - 1)).toBe(true);
    expect(validator.validate({ type: 'integer', format: 'int32' }, 2 ** 31)).toBe(false);
    expect(validator.validate({ type: 'number', format: 'int64' }, 1.5)).toBe(false);
    expect(validator.validate({ type: 'number', format: 'double' }, 1.5)).toBe(true);
    expect(validator.validate({ type: 'string', format: 'byte' }, 'aGVsbG8=')).toBe(true);
    expect(validator.validate({ type: 'string', format: 'byte' }, 'not base64!')).toBe(false);
    expect(validator.validate({ type: 'string', format: 'binary' }, '\u0000\u00ff')).toBe(true);
    expect(validator.validate({ type: 'string', format: 'password' }, '')).toBe(true);
    expect(validator.validate({ type: 'string', format: 'date-time' }, '2024-02-30T00:00:00Z')).toBe(false);
    expect(validator.validate({ type: 'string', format: 'made-up' }, 'anything')).toBe(true);
  });

  it('reads raw OpenAPI 3.0 forms as our converter would', () => {
    const validator = createSchemaValidator(registry('draft-07', { Maybe: { type: 'string', nullable: true } }));
    expect(validator.validate({ type: 'string', nullable: true }, null)).toBe(true);
    expect(validator.validate({ type: 'string' }, null)).toBe(false);
    // `nullable` with an enum admits null (the converter adds it to the enum; ajv alone would not).
    expect(validator.validate({ type: 'string', enum: ['a'], nullable: true }, null)).toBe(true);
    // Without a type (ajv alone throws "nullable cannot be used without type").
    expect(validator.validate({ nullable: true, required: ['a'] }, null)).toBe(true);
    expect(validator.validate({ nullable: true, required: ['a'] }, {})).toBe(false);
    // Boolean exclusiveMinimum (ajv alone rejects the schema).
    const range = { type: 'integer', minimum: 5, exclusiveMinimum: true, maximum: 7, exclusiveMaximum: false };
    expect([5, 6, 7, 8].map((n) => validator.validate(range, n))).toEqual([false, true, true, false]);
    // Inside registry documents too.
    expect(validator.validate({ $ref: `${URI}#/components/schemas/Maybe` }, null)).toBe(true);
  });

  it('is shared per registry', () => {
    const shared = registry('draft-07');
    expect(createSchemaValidator(shared)).toBe(createSchemaValidator(shared));
  });
});

import * as fc from 'fast-check';
import type { JsonSchema, SchemaRegistry } from '../model/types';
import { SchemaArbitraryError, createSchemaValidator, validArbitrary } from './index';
import { normalizeDeep, normalizeKeywords } from './normalize';
import { absolutizeRefs, documentBase, parsePointer, resolveRef, rootNode } from './resolve-ref';

const URI = 'urn:specwright:request';
const registry: SchemaRegistry = {
  dialect: '2020-12',
  documents: {
    [URI]: {
      components: {
        schemas: {
          'a/b~c': { const: 'slash-tilde' },
          'with space': { const: 'space' },
          List: { type: 'array', prefixItems: [{ const: 'first' }, { $ref: '#/components/schemas/List/prefixItems/0' }] },
          Anchored: { $defs: { x: { $anchor: 'here', const: 'anchored' } } },
        },
      },
    },
  },
};
const base = documentBase(registry, URI);

describe('JSON pointers', () => {
  it('unescapes ~1 and ~0 after percent-decoding', () => {
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('/a~1b/c~0d')).toEqual(['a/b', 'c~d']);
    expect(parsePointer('/with%20space/%7E1')).toEqual(['with space', '/']);
    expect(parsePointer('/100%/x')).toEqual(['100%', 'x']);
  });
});

describe('resolveRef', () => {
  it('resolves absolute refs, escaped tokens, array indices and anchors', () => {
    if (!base) throw new Error('no base');
    const at = (ref: string): unknown => resolveRef(ref, base, registry).schema;
    expect(at(`${URI}#/components/schemas/a~1b~0c`)).toEqual({ const: 'slash-tilde' });
    expect(at(`${URI}#/components/schemas/with%20space`)).toEqual({ const: 'space' });
    expect(at('#/components/schemas/List/prefixItems/0')).toEqual({ const: 'first' });
    expect(at(`${URI}#here`)).toEqual({ $anchor: 'here', const: 'anchored' });
  });

  it('resolves local refs against the document the schema came from', () => {
    const values = fc.sample(validArbitrary({ $ref: `${URI}#/components/schemas/List` }, { registry }), { seed: 1, numRuns: 50 });
    expect(values.some((v) => Array.isArray(v) && v.length === 2 && v[1] === 'first')).toBe(true);
  });

  it('resolves local refs of a free-standing schema against itself', () => {
    const schema = { type: 'array', items: { $ref: '#/$defs/item' }, minItems: 1, $defs: { item: { enum: ['x'] } } };
    const values = fc.sample(validArbitrary(schema, { registry }), { seed: 1, numRuns: 20 });
    expect(values.every((v) => Array.isArray(v) && v.length > 0 && v.every((item) => item === 'x'))).toBe(true);
  });

  it('finds a schema taken out of a registry document, so its local refs still resolve', () => {
    const list = (registry.documents[URI] as { components: { schemas: Record<string, JsonSchema> } }).components.schemas.List as JsonSchema;
    expect(rootNode(list, registry).base.uri).toBe(URI);
    expect(createSchemaValidator(registry).validate(list, ['first', 'first'])).toBe(true);
    expect(createSchemaValidator(registry).validate(list, ['first', 'second'])).toBe(false);
  });

  it('fails with UNRESOLVABLE_REF for unknown documents and pointers', () => {
    for (const ref of ['urn:nowhere#/x', `${URI}#/components/schemas/Missing`]) {
      let error: unknown;
      try {
        validArbitrary({ $ref: ref }, { registry });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SchemaArbitraryError);
      expect((error as SchemaArbitraryError).code).toBe('UNRESOLVABLE_REF');
    }
  });
});

describe('keyword-aware rewriting', () => {
  it('leaves data that looks like a schema alone (enum, const, examples)', () => {
    const schema = { const: { $ref: '#/x', nullable: true }, enum: [{ nullable: true }], examples: [{ $ref: '#/y' }], properties: { a: { $ref: '#/b' } } };
    const absolute = absolutizeRefs(schema, URI) as typeof schema;
    expect(absolute.const).toBe(schema.const);
    expect(absolute.examples).toBe(schema.examples);
    expect(absolute.properties.a).toEqual({ $ref: `${URI}#/b` });
    expect(normalizeDeep(schema)).toBe(schema);
  });

  it('rewrites the OpenAPI 3.0 forms like the converter', () => {
    expect(normalizeKeywords({ type: 'integer', minimum: 1, exclusiveMinimum: true })).toEqual({ type: 'integer', exclusiveMinimum: 1 });
    expect(normalizeKeywords({ maximum: 1, exclusiveMaximum: false })).toEqual({ maximum: 1 });
    expect(normalizeKeywords({ type: 'string', enum: ['a'], nullable: true })).toEqual({ type: ['string', 'null'], enum: ['a', null] });
    expect(normalizeKeywords({ $ref: '#/x', nullable: true })).toEqual({ anyOf: [{ $ref: '#/x' }, { type: 'null' }] });
    expect(normalizeKeywords({ type: 'string', nullable: false })).toEqual({ type: 'string' });
  });
});

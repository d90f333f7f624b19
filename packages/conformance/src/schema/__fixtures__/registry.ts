/**
 * A small registry of component schemas for the unit tests: recursion (tree, linked list,
 * mutual), discriminated unions, awkward pointer tokens, local refs inside the document.
 */
import type { Dialect, JsonSchema, SchemaRegistry } from '../../model/types';

export const REQ = 'urn:specwright:request';
export const ref = (name: string): { $ref: string } => ({ $ref: `${REQ}#/components/schemas/${name}` });

export function componentSchemas(dialect: Dialect): Record<string, JsonSchema> {
  const defs = dialect === '2020-12' ? '$defs' : 'definitions';
  return {
    Pet: {
      type: 'object',
      required: ['id', 'name'],
      properties: {
        id: { type: 'integer', format: 'int64', minimum: 1 },
        name: { type: 'string', minLength: 1, maxLength: 32 },
        tag: { type: ['string', 'null'] },
        category: ref('Category'),
      },
      additionalProperties: false,
    },
    Category: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', maxLength: 16 },
        parent: ref('Category'),
      },
    },
    Tree: {
      type: 'object',
      required: ['value'],
      properties: {
        value: { type: 'integer' },
        children: { type: 'array', items: ref('Tree') },
      },
    },
    LinkedList: {
      type: 'object',
      required: ['value', 'next'],
      properties: {
        value: { type: 'string', maxLength: 4 },
        next: { anyOf: [ref('LinkedList'), { type: 'null' }] },
      },
    },
    Alpha: { type: 'object', properties: { beta: ref('Beta'), n: { type: 'integer' } }, required: ['n'] },
    Beta: { type: 'object', properties: { alpha: ref('Alpha') }, required: ['alpha'] },
    Cat: {
      type: 'object',
      required: ['petType', 'lives'],
      properties: { petType: { type: 'string' }, lives: { type: 'integer', minimum: 1, maximum: 9 } },
    },
    Dog: {
      type: 'object',
      required: ['petType', 'bark'],
      properties: { petType: { type: 'string' }, bark: { type: 'string', enum: ['soft', 'loud'] } },
    },
    // Both branches accept each other's shape except for the discriminator value's effect:
    // without it, an object with petType, lives and bark would match both (oneOf fails).
    Animal: {
      oneOf: [ref('Cat'), ref('Dog')],
      discriminator: { propertyName: 'petType', mapping: { cat: '#/components/schemas/Cat', dog: `${REQ}#/components/schemas/Dog` } },
    },
    'a/b~c': { type: 'string', const: 'escaped' },
    'with space': { type: 'integer', const: 7 },
    WithLocal: {
      type: 'object',
      properties: { code: { $ref: `#/components/schemas/WithLocal/${defs}/code` } },
      required: ['code'],
      [defs]: { code: { type: 'string', pattern: '^[A-Z]{3}$' } },
    },
    Named: { type: 'string', minLength: 2, maxLength: 2 },
  };
}

export function registryFor(dialect: Dialect, extra: Record<string, JsonSchema> = {}): SchemaRegistry {
  return { dialect, documents: { [REQ]: { components: { schemas: { ...componentSchemas(dialect), ...extra } } } } };
}

/**
 * A realistic component set, as our converter emits it (one document per direction: requests
 * do not require readOnly properties, responses do not require writeOnly ones): a pet store
 * with a category tree, customers, and orders that are a discriminated oneOf of allOf-extended
 * bases; plus a few raw OpenAPI 3.0 leftovers.
 */
import type { Dialect, JsonSchema, SchemaRegistry } from '../../model/types';

export const SHOP_REQUEST = 'urn:specwright:request';
export const SHOP_RESPONSE = 'urn:specwright:response';

type Direction = 'request' | 'response';

function components(uri: string, direction: Direction, dialect: Dialect): Record<string, JsonSchema> {
  const ref = (name: string): JsonSchema => ({ $ref: `${uri}#/components/schemas/${name}` });
  /** `required`, minus what this direction does not require (what our converter does). */
  const req = (names: string[], readOnly: string[] = [], writeOnly: string[] = []): string[] =>
    names.filter((n) => !(direction === 'request' ? readOnly : writeOnly).includes(n));
  const schemas: Record<string, JsonSchema> = {
    Pet: {
      type: 'object',
      required: req(['id', 'name', 'photoUrls'], ['id']),
      properties: {
        id: { type: 'integer', format: 'int64', readOnly: true },
        name: { type: 'string', minLength: 1, maxLength: 64, example: 'doggie' },
        photoUrls: { type: 'array', items: { type: 'string', format: 'uri' }, maxItems: 5 },
        tags: { type: 'array', items: ref('Tag'), uniqueItems: true },
        status: { type: 'string', enum: ['available', 'pending', 'sold'] },
        category: { anyOf: [ref('Category'), { type: 'null' }] },
        birthDate: { type: 'string', format: 'date' },
        weightKg: { type: 'number', exclusiveMinimum: 0, maximum: 200, multipleOf: 0.01 },
      },
    },
    NewPet: { allOf: [ref('Pet'), { required: ['name', 'status'] }] },
    Category: {
      type: 'object',
      required: ['name'],
      properties: {
        id: { type: 'integer', format: 'int64', minimum: 1 },
        name: { type: 'string', pattern: '^[A-Za-z][A-Za-z ]{0,31}$' },
        parent: ref('Category'),
        subcategories: { type: 'array', items: ref('Category'), maxItems: 3 },
      },
      additionalProperties: false,
    },
    Tag: { type: 'object', properties: { id: { type: 'integer', format: 'int64' }, name: { type: 'string', maxLength: 20 } }, required: ['name'] },
    Address: {
      type: 'object',
      required: ['street', 'city', 'zip', 'country'],
      properties: {
        street: { type: 'string', minLength: 1, maxLength: 100 },
        city: { type: 'string', minLength: 1 },
        zip: { type: 'string', pattern: '^\\d{5}(-\\d{4})?$' },
        country: { type: 'string', enum: ['US', 'DE', 'FR', 'JP'] },
      },
      additionalProperties: false,
    },
    Customer: {
      type: 'object',
      required: req(['id', 'email', 'password'], ['id'], ['password']),
      properties: {
        id: { type: 'string', format: 'uuid', readOnly: true },
        email: { type: 'string', format: 'email', maxLength: 254 },
        password: { type: 'string', minLength: 8, maxLength: 64, writeOnly: true },
        addresses: { type: 'array', items: ref('Address'), maxItems: 3 },
        phone: { type: ['string', 'null'], pattern: '^\\+[1-9]\\d{6,14}$' },
        metadata: ref('Metadata'),
      },
    },
    Money: {
      type: 'object',
      required: ['amount', 'currency'],
      properties: { amount: { type: 'number', minimum: 0, multipleOf: 0.01 }, currency: { type: 'string', enum: ['USD', 'EUR'] } },
    },
    OrderItem: {
      type: 'object',
      required: ['sku', 'quantity', 'price'],
      properties: {
        sku: { type: 'string', pattern: '^[A-Z]{3}-\\d{4}$' },
        quantity: { type: 'integer', format: 'int32', minimum: 1, maximum: 100 },
        price: ref('Money'),
      },
    },
    BaseOrder: {
      type: 'object',
      required: req(['id', 'kind', 'items', 'createdAt'], ['id', 'createdAt']),
      properties: {
        id: { type: 'integer', format: 'int64', readOnly: true },
        kind: { type: 'string' },
        items: { type: 'array', items: ref('OrderItem'), minItems: 1, maxItems: 10 },
        status: { type: 'string', enum: ['placed', 'approved', 'delivered'] },
        createdAt: { type: 'string', format: 'date-time', readOnly: true },
        note: { type: ['string', 'null'], maxLength: 140 },
      },
      discriminator: { propertyName: 'kind' },
    },
    OnlineOrder: {
      allOf: [
        ref('BaseOrder'),
        { type: 'object', required: ['deliveryAddress'], properties: { deliveryAddress: ref('Address'), trackingUrl: { type: 'string', format: 'uri' } } },
      ],
    },
    StoreOrder: {
      allOf: [
        ref('BaseOrder'),
        { type: 'object', required: ['storeId'], properties: { storeId: { type: 'integer', format: 'int64', minimum: 1 }, pickupAt: { type: 'string', format: 'date-time' } } },
      ],
    },
    Order: {
      oneOf: [ref('OnlineOrder'), ref('StoreOrder')],
      discriminator: { propertyName: 'kind', mapping: { online: '#/components/schemas/OnlineOrder', store: '#/components/schemas/StoreOrder' } },
    },
    Error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'integer', format: 'int32' },
        message: { type: 'string' },
        details: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    PetPage: {
      type: 'object',
      required: ['items', 'total'],
      properties: {
        items: { type: 'array', items: ref('Pet'), maxItems: 3 },
        total: { type: 'integer', minimum: 0 },
        next: { type: ['string', 'null'], format: 'uri' },
      },
    },
    TreeNode: {
      type: 'object',
      required: ['label'],
      properties: { label: { type: 'string', maxLength: 8 }, children: { type: 'array', items: ref('TreeNode') } },
    },
    Metadata: { type: 'object', propertyNames: { pattern: '^[a-z_]{1,10}$' }, additionalProperties: { type: 'string', maxLength: 10 }, maxProperties: 5 },
    PetPatch: {
      type: 'object',
      minProperties: 1,
      additionalProperties: false,
      properties: { name: { type: 'string', minLength: 1 }, status: { type: 'string', enum: ['available', 'pending', 'sold'] } },
    },
  };
  if (dialect === 'draft-07') {
    // OpenAPI 3.0 written raw, as a hand-made registry might carry it.
    schemas.LegacySettings = {
      type: 'object',
      properties: {
        timeoutSeconds: { type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: 300 },
        label: { type: 'string', nullable: true, maxLength: 12 },
        mode: { type: 'string', enum: ['fast', 'safe'], nullable: true },
        owner: { $ref: `${uri}#/components/schemas/Tag`, nullable: true },
      },
      required: ['timeoutSeconds'],
    };
  }
  return schemas;
}

export function shopRegistry(dialect: Dialect): SchemaRegistry {
  return {
    dialect,
    documents: {
      [SHOP_REQUEST]: { components: { schemas: components(SHOP_REQUEST, 'request', dialect) } },
      [SHOP_RESPONSE]: { components: { schemas: components(SHOP_RESPONSE, 'response', dialect) } },
    },
  };
}

export function shopComponentNames(dialect: Dialect): string[] {
  return Object.keys(components(SHOP_REQUEST, 'request', dialect));
}

/** Specs and source files the steps write into the workspace, as a user would. */

/** An existing spec to adopt: `specs/billing.yaml` $refs a schema in a subfolder. */
export const BILLING_SPEC = `openapi: 3.0.3
info:
  title: Billing API
  version: 1.0.0
servers:
  - url: https://billing.example.com
paths:
  /invoices/{invoiceId}:
    get:
      operationId: getInvoice
      parameters:
        - name: invoiceId
          in: path
          required: true
          schema: { type: string }
      responses:
        '200':
          description: The invoice.
          content:
            application/json:
              schema: { $ref: './schemas/invoice.yaml' }
`;

export const BILLING_INVOICE_SCHEMA = `type: object
required: [id, total]
properties:
  id: { type: string }
  total: { type: number, minimum: 0 }
`;

/** A schema library: its own Nx project, referenced by the shop API's spec. */
export const SHARED_SCHEMAS_PROJECT = `{
  "name": "shared-schemas",
  "$schema": "../../node_modules/nx/schemas/project-schema.json",
  "projectType": "library",
  "targets": {}
}
`;

export const SHARED_PET_SCHEMA = `Pet:
  type: object
  required: [id, name]
  properties:
    id: { type: integer, minimum: 1 }
    name: { type: string }
`;

/** The same schema with one more property: what a teammate changes in the shared library. */
export const SHARED_PET_SCHEMA_WITH_NICKNAME = `Pet:
  type: object
  required: [id, name]
  properties:
    id: { type: integer, minimum: 1 }
    name: { type: string }
    nickname: { type: string, description: Added in the shared library. }
`;

/** `apps/shop-api/openapi.yaml`: a multi-file spec whose Pet lives in another folder. */
export const SHOP_SPEC = `openapi: 3.1.0
info:
  title: Shop API
  version: 1.0.0
servers:
  - url: https://shop.example.com/v1
paths:
  /pets/{petId}:
    get:
      operationId: getShopPet
      parameters:
        - name: petId
          in: path
          required: true
          schema: { type: integer, minimum: 1 }
      responses:
        '200':
          description: The pet.
          content:
            application/json:
              schema: { $ref: '../../libs/shared-schemas/pet.yaml#/Pet' }
        '404':
          description: Not found.
`;

/** SHOP_SPEC with other whitespace, indentation, quoting and flow style: the same data. */
export const SHOP_SPEC_REFORMATTED = `openapi: "3.1.0"

info:
    title: Shop API
    version: 1.0.0

servers:
    -   url: "https://shop.example.com/v1"

paths:
    /pets/{petId}:
        get:
            operationId: getShopPet
            parameters:
                -   name: petId
                    in: path
                    required: true
                    schema:
                        type: integer
                        minimum: 1
            responses:
                "200":
                    description: The pet.
                    content:
                        application/json:
                            schema:
                                $ref: "../../libs/shared-schemas/pet.yaml#/Pet"
                "404":
                    description: Not found.
`;

/** A hand-owned handler for the template's getPet, written against the emitted interface. */
export const HAND_OWNED_GET_PET = `import type { GetPetHandler } from '../generated/handler-types';

const getPet: GetPetHandler = async ({ path }) => ({
  status: 200,
  body: { id: path.petId, name: 'Hand-owned Rex', status: 'available' },
});

export default getPet;
`;

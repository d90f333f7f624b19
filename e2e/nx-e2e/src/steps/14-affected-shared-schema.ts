import { SHARED_PET_SCHEMA, SHARED_SCHEMAS_PROJECT, SHOP_SPEC } from '../support/fixtures';
import { assertSucceeded } from '../support/run';
import type { Workspace } from '../support/workspace';

const PET = 'libs/shared-schemas/pet.yaml';

const project = (name: string, extra: Record<string, unknown> = {}): string =>
  `${JSON.stringify({ name, projectType: 'library', targets: {}, ...extra }, null, 2)}\n`;

/** An API whose spec reaches the shared Pet only through a schema file of its own: a transitive $ref. */
const CATALOG_SPEC = `openapi: 3.1.0
info:
  title: Catalog API
  version: 1.0.0
paths:
  /listings/{id}:
    get:
      operationId: getListing
      parameters:
        - { name: id, in: path, required: true, schema: { type: integer } }
      responses:
        '200':
          description: The listing.
          content:
            application/json:
              schema: { $ref: './schemas/listing.yaml' }
`;

const CATALOG_LISTING = `type: object
required: [id, pet]
properties:
  id: { type: integer }
  pet: { $ref: '../../../libs/shared-schemas/pet.yaml#/Pet' }
`;

/** An API that $refs a shared schema of another library: the control, which pet.yaml must not affect. */
const INVENTORY_SPEC = `openapi: 3.1.0
info:
  title: Inventory API
  version: 1.0.0
paths:
  /items/{id}:
    get:
      operationId: getItem
      parameters:
        - { name: id, in: path, required: true, schema: { type: integer } }
      responses:
        '200':
          description: The item.
          content:
            application/json:
              schema: { $ref: '../../libs/inventory-schemas/item.yaml#/Item' }
`;

const INVENTORY_ITEM = `Item:
  type: object
  required: [sku]
  properties:
    sku: { type: string }
`;

/** What this step adds to the workspace, file by file (removed again afterwards). */
const FILES: Record<string, string> = {
  'apps/catalog-api/project.json': project('catalog-api', { projectType: 'application' }),
  'apps/catalog-api/openapi.yaml': CATALOG_SPEC,
  'apps/catalog-api/schemas/listing.yaml': CATALOG_LISTING,
  // A client library of shop-api (what `nx g @specwright/nx:client` writes, step 11).
  'libs/shop-client/project.json': project('shop-client'),
  'libs/shop-client/specwright.json': `${JSON.stringify({ spec: '../../apps/shop-api/openapi.yaml', emit: ['types', 'client'] }, null, 2)}\n`,
  // A project without a spec that uses the client: a dependent of a dependent.
  'libs/storefront/project.json': project('storefront', { implicitDependencies: ['shop-client'] }),
  'apps/inventory-api/project.json': project('inventory-api', { projectType: 'application' }),
  'apps/inventory-api/openapi.yaml': INVENTORY_SPEC,
  'libs/inventory-schemas/project.json': project('inventory-schemas'),
  'libs/inventory-schemas/item.yaml': INVENTORY_ITEM,
};
/** What steps 2 and 6 made, written here only when this step runs alone (`jest -t '14\.'`). */
const EARLIER: Record<string, string> = {
  'libs/shared-schemas/project.json': SHARED_SCHEMAS_PROJECT,
  [PET]: SHARED_PET_SCHEMA,
  'apps/shop-api/project.json': project('shop-api', { projectType: 'application' }),
  'apps/shop-api/openapi.yaml': SHOP_SPEC,
};

async function affectedBy(ws: Workspace, file: string): Promise<string[]> {
  const result = assertSucceeded(await ws.nx('show', 'projects', '--affected', `--files=${file}`, '--json'));
  return (JSON.parse(result.stdout) as string[]).sort();
}

/**
 * Step 14: `nx affected` follows shared schemas exactly. A change to libs/shared-schemas/pet.yaml
 * affects the project that owns it, every project whose spec $refs it (shop-api directly,
 * catalog-api through a schema file of its own, shop-client through shop-api's spec) and their
 * dependents (storefront, which uses shop-client), and nothing else: not the APIs whose specs
 * do not reach it (orders-api, billing-api, …), nor inventory-api, which $refs another library.
 */
export function affectedSharedSchemaSteps(ws: () => Workspace): void {
  describe('14. nx affected on a shared schema', () => {
    const written: string[] = [];

    beforeAll(() => {
      const missing = Object.entries(EARLIER).filter(([file]) => !ws().exists(file));
      for (const [file, contents] of [...missing, ...Object.entries(FILES)]) {
        ws().write(file, contents);
        written.push(file);
      }
    });

    afterAll(() => {
      for (const file of written) ws().remove(file);
    });

    it('lists the projects that $ref the changed schema, directly or not, and their dependents: nothing else', async () => {
      expect(await affectedBy(ws(), PET)).toEqual(['catalog-api', 'shared-schemas', 'shop-api', 'shop-client', 'storefront']);
    });

    it('lists only the projects that reach another shared schema for a change to it', async () => {
      expect(await affectedBy(ws(), 'libs/inventory-schemas/item.yaml')).toEqual(['inventory-api', 'inventory-schemas']);
    });

    it('lists only its own project for a schema file no other project reaches', async () => {
      expect(await affectedBy(ws(), 'apps/catalog-api/schemas/listing.yaml')).toEqual(['catalog-api']);
    });
  });
}

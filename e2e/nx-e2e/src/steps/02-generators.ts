import { BILLING_INVOICE_SCHEMA, BILLING_SPEC, SHARED_PET_SCHEMA, SHARED_SCHEMAS_PROJECT, SHOP_SPEC } from '../support/fixtures';
import { changedFiles, snapshot } from '../support/files';
import { assertSucceeded } from '../support/run';
import type { Workspace } from '../support/workspace';

const ORDERS = ['g', '@specwright/nx:api', 'orders-api', '--directory=apps/orders-api', '--bare'];

/** Step 2: scaffold from the template (dry run, real, again), adopt a spec (copied, in place). */
export function generatorSteps(ws: () => Workspace): void {
  describe('2. nx g @specwright/nx:api', () => {
    it('--dry-run lists what it would create and writes nothing', async () => {
      const before = snapshot(ws().root);
      const result = assertSucceeded(await ws().nx(...ORDERS, '--dry-run'));
      expect(result.output).toMatch(/^CREATE apps\/orders-api\/openapi\.yaml/m);
      expect(result.output).toMatch(/^CREATE apps\/orders-api\/project\.json/m);
      expect(result.output).toContain('NOTE: The "dryRun" flag means no changes were made.');
      expect(changedFiles(before, snapshot(ws().root))).toEqual([]);
    });

    it('scaffolds a project whose spec is the built-in template', async () => {
      const result = assertSucceeded(await ws().nx(...ORDERS));
      expect(result.output).toMatch(/^CREATE apps\/orders-api\/openapi\.yaml/m);
      expect(ws().readJson('apps/orders-api/project.json')).toEqual(expect.objectContaining({ name: 'orders-api', projectType: 'application' }));
      expect(ws().read('apps/orders-api/openapi.yaml')).toBe(ws().read('node_modules/@specwright/core/templates/petstore/openapi.yaml'));
      expect(ws().exists('apps/orders-api/src/handlers/README.md')).toBe(true);
    });

    it('changes nothing when run again', async () => {
      const before = snapshot(ws().root);
      const result = assertSucceeded(await ws().nx(...ORDERS));
      expect(result.output).not.toMatch(/^(CREATE|UPDATE|DELETE) /m);
      expect(changedFiles(before, snapshot(ws().root))).toEqual([]);
    });

    it('adopts an existing spec by copying it with the files it $refs', async () => {
      ws().write('specs/billing.yaml', BILLING_SPEC);
      ws().write('specs/schemas/invoice.yaml', BILLING_INVOICE_SCHEMA);
      const result = assertSucceeded(await ws().nx('g', '@specwright/nx:api', 'billing-api', '--directory=apps/billing-api', '--spec=specs/billing.yaml', '--bare'));
      expect(result.output).toContain('Copied specs/billing.yaml and the 1 file(s) it references into the project.');
      // The root keeps its name (other files may $ref it by name); specwright.json points at it.
      expect(ws().read('apps/billing-api/billing.yaml')).toBe(BILLING_SPEC);
      expect(ws().read('apps/billing-api/schemas/invoice.yaml')).toBe(BILLING_INVOICE_SCHEMA);
      expect(ws().readJson('apps/billing-api/specwright.json')).toEqual({ spec: 'billing.yaml' });
    });

    it('--no-copy writes specwright.json and uses the spec where it is', async () => {
      const result = assertSucceeded(
        await ws().nx('g', '@specwright/nx:api', 'billing-ref-api', '--directory=apps/billing-ref-api', '--spec=specs/billing.yaml', '--no-copy', '--bare'),
      );
      expect(result.output).toMatch(/^CREATE apps\/billing-ref-api\/specwright\.json/m);
      expect(ws().readJson('apps/billing-ref-api/specwright.json')).toEqual({ spec: '../../specs/billing.yaml' });
      expect(ws().exists('apps/billing-ref-api/openapi.yaml')).toBe(false);
      expect(ws().read('specs/billing.yaml')).toBe(BILLING_SPEC);
    });

    it('scaffolds shop-api, whose spec $refs a schema owned by another project', async () => {
      ws().write('libs/shared-schemas/project.json', SHARED_SCHEMAS_PROJECT);
      ws().write('libs/shared-schemas/pet.yaml', SHARED_PET_SCHEMA);
      assertSucceeded(await ws().nx('g', '@specwright/nx:api', 'shop-api', '--directory=apps/shop-api', '--bare'));
      ws().write('apps/shop-api/openapi.yaml', SHOP_SPEC);
      const projects = assertSucceeded(await ws().nx('show', 'projects', '--json'));
      expect(JSON.parse(projects.stdout).sort()).toEqual(['billing-api', 'billing-ref-api', 'orders-api', 'shared-schemas', 'shop-api']);
    });
  });
}

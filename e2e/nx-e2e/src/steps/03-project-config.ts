import { homedir, tmpdir } from 'node:os';
import { ENV_CANARY_VALUE } from '../support/env';
import { assertSucceeded } from '../support/run';
import type { Workspace } from '../support/workspace';

interface Target {
  executor?: string;
  continuous?: boolean;
  inputs?: Array<string | Record<string, unknown>>;
  metadata?: { description?: string };
}

async function showProject(ws: Workspace, name: string): Promise<{ targets: Record<string, Target> }> {
  return JSON.parse(assertSucceeded(await ws.nx('show', 'project', name, '--json')).stdout);
}

/** The file inputs of a target (its `$ref` closure), without the hand-owned handlers glob. */
/** The spec's files among the inputs (not globs such as the handlers or the lock, nor the project's services module). */
function specFileInputs(target: Target): string[] {
  return (target.inputs ?? []).filter((i): i is string => typeof i === 'string' && !i.includes('*') && !i.endsWith('/src/context.ts'));
}

function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => allStrings(v, out));
  else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => (out.push(k), allStrings(v, out)));
  return out;
}

/** Step 3: what `nx show project` tells a user, and what Nx hashes. */
export function projectConfigSteps(ws: () => Workspace): void {
  describe('3. nx show project', () => {
    const projects: Record<string, { targets: Record<string, Target> }> = {};

    beforeAll(async () => {
      for (const name of ['orders-api', 'shop-api', 'billing-api', 'billing-ref-api']) projects[name] = await showProject(ws(), name);
    });

    it('infers spec-lint, generate, a continuous serve, conformance and api-diff, each with a description', () => {
      const { targets } = projects['orders-api'];
      expect(Object.keys(targets).sort()).toEqual(['api-diff', 'conformance', 'generate', 'serve', 'spec-lint']);
      expect(targets['api-diff'].executor).toBe('@specwright/nx:api-diff');
      expect(targets['spec-lint'].executor).toBe('@specwright/nx:lint');
      expect(targets.generate.executor).toBe('@specwright/nx:generate');
      expect(targets.serve.executor).toBe('@specwright/nx:serve');
      expect(targets.serve.continuous).toBe(true);
      expect(targets.conformance.executor).toBe('@specwright/nx:conformance');
      for (const target of Object.values(targets)) expect(target.metadata?.description).toMatch(/\w{3,}/);
    });

    it('makes every file of the spec’s $ref closure an input of generate, wherever it lives', () => {
      expect(specFileInputs(projects['orders-api'].targets.generate)).toEqual(['{projectRoot}/openapi.yaml']);
      expect(specFileInputs(projects['shop-api'].targets.generate)).toEqual([
        '{projectRoot}/openapi.yaml',
        '{workspaceRoot}/libs/shared-schemas/pet.yaml',
      ]);
      expect(specFileInputs(projects['billing-api'].targets.generate)).toEqual([
        '{projectRoot}/billing.yaml',
        '{projectRoot}/schemas/invoice.yaml',
        '{projectRoot}/specwright.json',
      ]);
      expect(specFileInputs(projects['billing-ref-api'].targets.generate)).toEqual([
        '{workspaceRoot}/specs/billing.yaml',
        '{workspaceRoot}/specs/schemas/invoice.yaml',
        '{projectRoot}/specwright.json',
      ]);
      expect(projects['shop-api'].targets['spec-lint'].inputs).toContain('{workspaceRoot}/libs/shared-schemas/pet.yaml');
    });

    it('keeps target configuration machine-independent: no absolute path, env value or timestamp', async () => {
      const forbidden = [ws().base, tmpdir(), homedir(), ENV_CANARY_VALUE];
      for (const [name, project] of Object.entries(projects)) {
        for (const text of allStrings(project.targets)) {
          expect({ project: name, text, absolute: text.startsWith('/') || /^[A-Za-z]:[\\/]/.test(text) }).toEqual({ project: name, text, absolute: false });
          for (const value of forbidden) expect(text).not.toContain(value);
          expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
          expect(text).not.toMatch(/\b1[5-9]\d{8}(\d{3})?\b/); // epoch seconds or milliseconds
        }
      }
      // Built again in a later process, the configuration is the same.
      expect((await showProject(ws(), 'shop-api')).targets).toEqual(projects['shop-api'].targets);
    });
  });
}

import { readFileSync } from 'node:fs';
import { assertSucceeded } from '../support/run';
import type { Workspace } from '../support/workspace';

const INIT_FILES = ['nx.json', '.gitignore', 'package.json', 'package-lock.json'];

/** Step 1: `nx add @specwright/nx` (run while the workspace was created), then init again. */
export function installSteps(ws: () => Workspace): void {
  describe('1. nx add @specwright/nx', () => {
    it('installs the packed packages from the registry and runs the init generator', () => {
      const { addResult, registry, packages } = ws();
      expect(addResult.code).toBe(0);
      expect(addResult.output).toContain('Generating @specwright/nx:init');
      expect(addResult.output).toContain('Package @specwright/nx added successfully.');
      // npm resolved the plugin through the registry, and the plugin's own dependencies too.
      for (const name of ['@specwright/nx', '@specwright/core', '@specwright/runtime', '@specwright/conformance']) {
        expect(registry.requests).toContain(`GET /${name.replace('/', '%2f')}`);
      }
      for (const pkg of packages) {
        const installed = ws().readJson(`node_modules/${pkg.name}/package.json`);
        expect(installed.version).toBe(pkg.version);
      }
      const manifest = ws().readJson('package.json');
      expect(manifest.devDependencies).toEqual(expect.objectContaining({ nx: '23.2.1', '@specwright/nx': expect.any(String) }));
      // What the conformance target runs, added by init and installed with it.
      expect(manifest.devDependencies).toEqual(expect.objectContaining({ '@specwright/conformance': expect.any(String), jest: '^30.0.0' }));
      expect(ws().readJson('node_modules/jest/package.json').version).toMatch(/^30\./);
      // What generated code imports, added by init.
      expect(Object.keys(manifest.dependencies)).toEqual(expect.arrayContaining(['@specwright/runtime', 'hono', 'openapi-fetch']));
    });

    it('registers the plugin in nx.json and gitignores src/generated/ and the conformance reports', () => {
      const plugins = ws().readJson('nx.json').plugins as Array<string | { plugin: string }>;
      const ours = plugins.filter((p) => (typeof p === 'string' ? p : p.plugin) === '@specwright/nx');
      expect(ours).toEqual([{ plugin: '@specwright/nx', options: {} }]);
      expect(ws().read('.gitignore').split('\n')).toEqual(expect.arrayContaining(['**/src/generated/', '/reports/']));
    });

    it('changes nothing when init runs a second time', async () => {
      const bytes = (): Record<string, string> =>
        Object.fromEntries(INIT_FILES.map((file) => [file, readFileSync(ws().path(file), 'latin1')]));
      const before = bytes();
      const result = assertSucceeded(await ws().nx('g', '@specwright/nx:init'));
      expect(result.output).not.toMatch(/^(CREATE|UPDATE|DELETE) /m);
      expect(bytes()).toEqual(before);
    });
  });
}

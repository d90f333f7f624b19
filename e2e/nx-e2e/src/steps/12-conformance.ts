import { readFileSync } from 'node:fs';
import { HAND_OWNED_GET_PET } from '../support/fixtures';
import { READ_FROM_CACHE, taskOutcome } from '../support/nx';
import { assertFailed, assertSucceeded, type RunResult } from '../support/run';
import type { Workspace } from '../support/workspace';

const JUNIT = 'reports/conformance/orders-api.xml';
const HANDLER = 'apps/orders-api/src/handlers/getPet.ts';
const OPERATIONS = ['listPets', 'createPet', 'getPet', 'updatePet', 'deletePet'];

/** A hand-owned getPet with a bug: every request ends in an unhandled error, so a 500. */
const BROKEN_GET_PET = `import type { GetPetHandler } from '../generated/handler-types';

const getPet: GetPetHandler = async ({ path }) => {
  throw new Error(\`lookup of pet \${path.petId} failed\`);
};

export default getPet;
`;

/** shop-api's specwright.json: one check off for one operation. */
const SHOP_CONFORMANCE = { conformance: { operations: { getShopPet: { checks: { status_code_conformance: false } } } } };

/** The `nx run <project>:conformance` tasks Nx ran or restored, by project. */
function conformanceTasks(output: string): string[] {
  return [...output.matchAll(/^> nx run ([^:\s]+):conformance\b/gm)].map((m) => m[1]).sort();
}

/** `<testcase …>` elements of a JUnit file: classname and name. */
function testcases(xml: string): Array<{ classname: string; name: string }> {
  return [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"/g)].map((m) => ({ classname: m[1], name: m[2] }));
}

/**
 * Step 12: the conformance target. orders-api (the petstore template, with step 7's hand-owned
 * getPet) is contract-tested in-process; the result is cached with its JUnit report; a bug in a
 * hand-owned handler fails it with a replayable report; affected runs only what changed.
 */
export function conformanceSteps(ws: () => Workspace): void {
  describe('12. nx run orders-api:conformance', () => {
    let first: RunResult;
    let report: string;

    it('is inferred after generate, cached, with the JUnit report at reports/conformance/<project>.xml as its output', async () => {
      const { targets } = JSON.parse(assertSucceeded(await ws().nx('show', 'project', 'orders-api', '--json')).stdout);
      const target = targets.conformance;
      expect(target).toEqual(
        expect.objectContaining({ executor: '@specwright/nx:conformance', cache: true, dependsOn: ['generate'], outputs: ['{options.junit}'] }),
      );
      expect(target.options).toEqual({ outDir: 'apps/orders-api/src/generated', junit: JUNIT });
      expect(target.inputs).toEqual([
        'default',
        '^default',
        '{projectRoot}/openapi.yaml',
        { dependentTasksOutputFiles: '**/*' },
        { externalDependencies: ['@specwright/core', '@specwright/nx', '@specwright/runtime', '@specwright/conformance', 'jest'] },
      ]);
      expect(target.metadata.description).toMatch(/conformance\.suite\.ts/);
    });

    it('passes, printing a result per operation and check, and writes JUnit XML with a testcase per check', async () => {
      ws().remove('reports');
      first = assertSucceeded(await ws().nx('run', 'orders-api:conformance'));
      expect(taskOutcome(first.output, 'orders-api:conformance')).toBe('ran');
      for (const id of OPERATIONS) expect(first.output).toContain(`${id}: `);
      expect(first.output).toMatch(/getPet: GET \/pets\/\{petId\}/);
      for (const check of ['not_a_server_error', 'status_code_conformance', 'response_schema_conformance']) expect(first.output).toContain(check);
      expect(first.output).toMatch(/^conformance: \d+ checks passed, 0 failed, \d+ skipped; JUnit: reports\/conformance\/orders-api\.xml$/m);

      report = ws().read(JUNIT);
      const cases = testcases(report);
      expect(cases.length).toBeGreaterThanOrEqual(OPERATIONS.length * 3);
      for (const id of OPERATIONS) {
        expect(cases.filter((c) => c.classname.endsWith(`.${id}`)).map((c) => c.name)).toContain('not_a_server_error');
      }
      expect(report).not.toContain('<failure');
    });

    it('is a cache hit the second time', async () => {
      const again = assertSucceeded(await ws().nx('run', 'orders-api:conformance'));
      expect(['local cache', 'existing outputs match the cache']).toContain(taskOutcome(again.output, 'orders-api:conformance'));
      expect(again.output).toContain(READ_FROM_CACHE);
    });

    it('restores a deleted JUnit report from the cache', async () => {
      ws().remove(JUNIT);
      const restored = assertSucceeded(await ws().nx('run', 'orders-api:conformance'));
      expect(taskOutcome(restored.output, 'orders-api:conformance')).toBe('local cache');
      expect(ws().read(JUNIT)).toBe(report);
    });

    it('reruns when code the handlers may import changes, not only the handlers', async () => {
      const helper = 'apps/orders-api/src/pet-names.ts';
      ws().write(helper, "export const DEFAULT_NAME = 'Rex';\n");
      try {
        const rerun = assertSucceeded(await ws().nx('run', 'orders-api:conformance'));
        expect(taskOutcome(rerun.output, 'orders-api:conformance')).toBe('ran');
      } finally {
        ws().remove(helper);
      }
    });

    describe('a bug in a hand-owned handler', () => {
      afterAll(() => {
        ws().write(HANDLER, HAND_OWNED_GET_PET);
      });

      it('fails the run, naming the operation and check, with a curl line to reproduce and the seed to replay', async () => {
        expect(ws().read(HANDLER)).toBe(HAND_OWNED_GET_PET);
        ws().write(HANDLER, BROKEN_GET_PET);
        const result = assertFailed(await ws().nx('run', 'orders-api:conformance'));
        expect(taskOutcome(result.output, 'orders-api:conformance')).toBe('ran');
        expect(result.output).toMatch(/not_a_server_error failed for getPet/);
        expect(result.output).toMatch(/^\s*curl .*\/pets\/\d+/m);
        expect(result.output).toMatch(/Seed: -?\d+ {2}\(replay: nx run orders-api:conformance --seed=-?\d+\)/);
        expect(result.output).toMatch(/^conformance: \d+ checks passed, [1-9]\d* failed, \d+ skipped; JUnit: reports\/conformance\/orders-api\.xml$/m);
        // The other operations still pass; the report says which check failed where.
        const xml = ws().read(JUNIT);
        expect(xml).toMatch(/<testcase classname="[^"]*\.getPet" name="not_a_server_error">\s*<failure /);
        expect(xml).not.toMatch(/<testcase classname="[^"]*\.listPets" name="[^"]*">\s*<failure /);
      });

      it('passes again once the handler is fixed, from the cache of the first run', async () => {
        ws().write(HANDLER, HAND_OWNED_GET_PET);
        const result = assertSucceeded(await ws().nx('run', 'orders-api:conformance'));
        expect(taskOutcome(result.output, 'orders-api:conformance')).toBe('local cache');
        expect(ws().read(JUNIT)).toBe(report);
      });
    });

    it('takes per-operation check switches from specwright.json (shop-api’s spec documents no 400 for a bad petId)', async () => {
      // The runtime answers an invalid petId with a 400 that SHOP_SPEC does not list, which
      // status_code_conformance rightly reports; this team accepts it for that operation.
      ws().write('apps/shop-api/specwright.json', `${JSON.stringify(SHOP_CONFORMANCE, null, 2)}\n`);
      const { targets } = JSON.parse(assertSucceeded(await ws().nx('show', 'project', 'shop-api', '--json')).stdout);
      expect(targets.conformance.options).toEqual({ outDir: 'apps/shop-api/src/generated', junit: 'reports/conformance/shop-api.xml', ...SHOP_CONFORMANCE.conformance });
      expect(targets.conformance.inputs).toContain('{projectRoot}/specwright.json');
    });

    describe('nx affected -t conformance', () => {
      const affected = async (file: string): Promise<RunResult> =>
        assertSucceeded(await ws().nx('affected', '-t', 'conformance', `--files=${file}`, '--output-style=static'));

      it('runs only orders-api’s when its hand-owned handler changed', async () => {
        const result = await affected(HANDLER);
        expect(conformanceTasks(result.output)).toEqual(['orders-api']);
      });

      it('runs only shop-api’s when the shared schema its spec $refs changed', async () => {
        const result = await affected('libs/shared-schemas/pet.yaml');
        expect(conformanceTasks(result.output)).toEqual(['shop-api']);
        expect(ws().exists('reports/conformance/shop-api.xml')).toBe(true);
        const xml = readFileSync(ws().path('reports/conformance/shop-api.xml'), 'utf8');
        expect(testcases(xml).map((c) => c.classname)).toEqual(expect.arrayContaining([expect.stringMatching(/\.getShopPet$/)]));
        expect(xml).toMatch(/<testcase classname="[^"]*\.getShopPet" name="status_code_conformance">\s*<skipped /);
        expect(xml).not.toContain('<failure');
      });
    });
  });
}

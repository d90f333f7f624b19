import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { childEnv } from '../support/env';
import { changedFiles, snapshot } from '../support/files';
import { npx } from '../support/nx';
import { assertSucceeded, run } from '../support/run';
import { freePort, startContinuousTask } from '../support/server';
import type { Workspace } from '../support/workspace';

const ROOT = 'libs/orders-client';
const OUT = `${ROOT}/src/generated`;
const CLIENT = ['g', '@specwright/nx:client', 'orders-client', `--directory=${ROOT}`, '--api=orders-api', '--bare'];

/** What a consumer of the library writes: one call, and one misuse TypeScript must reject. */
const CONSUMER = `import { createApiClient, type ApiClient } from './generated/index.js';

export async function getPet(baseUrl: string, petId: number) {
  const client = createApiClient({ baseUrl });
  const { data, response } = await client.GET('/pets/{petId}', { params: { path: { petId } } });
  return { status: response.status, name: data?.name };
}

export async function misuse(client: ApiClient): Promise<void> {
  // @ts-expect-error petId is an integer in the spec, not a string
  await client.GET('/pets/{petId}', { params: { path: { petId: 'one' } } });
}
`;

/** Strict, Node 16 modules, CommonJS (the workspace has no "type": "module"); built into dist/. */
const CONSUMER_TSCONFIG = `{
  "compilerOptions": {
    "strict": true,
    "module": "node16",
    "moduleResolution": "node16",
    "target": "es2022",
    "rootDir": "src",
    "outDir": "../../dist/orders-client"
  },
  "files": ["src/index.ts", "src/use.ts"]
}
`;

/** Step 11: a client library generated from orders-api's spec, used by a consumer. */
export function clientLibrarySteps(ws: () => Workspace): void {
  describe('11. nx g @specwright/nx:client', () => {
    it('scaffolds a library whose specwright.json points at orders-api’s spec, emitting types and client', async () => {
      const result = assertSucceeded(await ws().nx(...CLIENT));
      for (const file of ['project.json', 'specwright.json', 'src/index.ts']) {
        expect(result.output).toMatch(new RegExp(`^CREATE ${ROOT}/${file.replace(/\./g, '\\.')}$`, 'm'));
      }
      expect(ws().readJson(`${ROOT}/project.json`)).toEqual(expect.objectContaining({ name: 'orders-client', projectType: 'library' }));
      expect(ws().readJson(`${ROOT}/specwright.json`)).toEqual({ spec: '../../apps/orders-api/openapi.yaml', emit: ['types', 'client'] });
      expect(ws().read(`${ROOT}/src/index.ts`)).toBe("export * from './generated/index.js';\n");
    });

    it('changes nothing when run again', async () => {
      const before = snapshot(ws().root);
      const result = assertSucceeded(await ws().nx(...CLIENT));
      expect(result.output).not.toMatch(/^(CREATE|UPDATE|DELETE) /m);
      expect(changedFiles(before, snapshot(ws().root))).toEqual([]);
    });

    it('--dry-run of another client lists what it would create and writes nothing', async () => {
      const before = snapshot(ws().root);
      const result = assertSucceeded(
        await ws().nx('g', '@specwright/nx:client', 'billing-client', '--directory=libs/billing-client', '--api=billing-api', '--dry-run', '--bare'),
      );
      expect(result.output).toMatch(/^CREATE libs\/billing-client\/specwright\.json$/m);
      expect(result.output).toContain('NOTE: The "dryRun" flag means no changes were made.');
      expect(changedFiles(before, snapshot(ws().root))).toEqual([]);
    });

    it('infers spec-lint and generate, but no serve, with orders-api’s spec as an input', async () => {
      const { targets } = JSON.parse(assertSucceeded(await ws().nx('show', 'project', 'orders-client', '--json')).stdout);
      expect(Object.keys(targets).sort()).toEqual(['generate', 'spec-lint']);
      expect(targets.generate.inputs).toEqual(
        expect.arrayContaining(['{workspaceRoot}/apps/orders-api/openapi.yaml', '{projectRoot}/specwright.json']),
      );
    });

    it('generates only types.ts, client.ts, index.ts and manifest.json; types.ts is orders-api’s, byte for byte', async () => {
      const result = assertSucceeded(await ws().nx('run', 'orders-client:generate'));
      expect(result.output).toContain(`Wrote 4 files to ${OUT}`);
      expect(Object.keys(snapshot(ws().path(OUT)))).toEqual(['client.ts', 'index.ts', 'manifest.json', 'types.ts']);
      expect(ws().readJson(`${OUT}/manifest.json`)).toEqual(
        expect.objectContaining({ emit: ['types', 'client'], specFiles: ['apps/orders-api/openapi.yaml'] }),
      );
      expect(ws().read(`${OUT}/types.ts`)).toBe(ws().read('apps/orders-api/src/generated/types.ts'));
    });

    it('depends on orders-api in the graph, so affected follows the API’s spec', async () => {
      const graphFile = join(ws().scratch, 'graph-client.json');
      assertSucceeded(await ws().nx('graph', `--file=${graphFile}`));
      const graph = JSON.parse(readFileSync(graphFile, 'utf8')).graph;
      expect(graph.dependencies['orders-client']).toContainEqual(expect.objectContaining({ source: 'orders-client', target: 'orders-api' }));
      const affected = assertSucceeded(await ws().nx('show', 'projects', '--affected', '--files=apps/orders-api/openapi.yaml', '--json'));
      expect(JSON.parse(affected.stdout).sort()).toEqual(['orders-api', 'orders-client']);
    });

    it('a consumer compiles under strict node16 (a misuse is a type error), and calls orders-api:serve', async () => {
      ws().write(`${ROOT}/src/use.ts`, CONSUMER);
      ws().write(`${ROOT}/tsconfig.consumer.json`, CONSUMER_TSCONFIG);
      // The workspace's TypeScript: installed with @specwright/core, which depends on it.
      assertSucceeded(await npx(ws().root, ['tsc', '-p', `${ROOT}/tsconfig.consumer.json`]));

      const port = await freePort();
      const serve = await startContinuousTask(
        ws().root,
        ['run', 'orders-api:serve', `--port=${port}`],
        new RegExp(`orders-api is listening on http://127\\.0\\.0\\.1:${port}\\b`),
      );
      try {
        const script = `require('./dist/orders-client/use.js').getPet('http://127.0.0.1:${port}', 1).then((r) => console.log(JSON.stringify(r)))`;
        const result = assertSucceeded(await run(process.execPath, ['-e', script], { cwd: ws().root, env: childEnv() }));
        // Step 7's hand-owned handler answers.
        expect(JSON.parse(result.stdout)).toEqual({ status: 200, name: 'Hand-owned Rex' });
      } finally {
        await serve.stop();
      }
    });
  });
}

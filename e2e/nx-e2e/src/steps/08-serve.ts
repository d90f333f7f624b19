import { freePort, isPortFree, startContinuousTask, type ContinuousTask } from '../support/server';
import { join } from 'node:path';
import { childEnv } from '../support/env';
import { run } from '../support/run';
import type { Workspace } from '../support/workspace';

/** Step 8: the continuous serve target, called over real HTTP, then stopped. */
export function serveSteps(ws: () => Workspace): void {
  describe('8. nx run orders-api:serve', () => {
    let port: number;
    let serve: ContinuousTask | undefined;
    let base: string;

    beforeAll(async () => {
      port = await freePort();
      base = `http://127.0.0.1:${port}`;
      serve = await startContinuousTask(
        ws().root,
        ['run', 'orders-api:serve', `--port=${port}`],
        new RegExp(`orders-api is listening on http://127\\.0\\.0\\.1:${port}\\b`),
      );
    });

    afterAll(async () => {
      await serve?.stop();
    });

    it('serves GET /pets from the generated implementation', async () => {
      const response = await fetch(`${base}/pets`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await response.json();
      expect(Array.isArray(body)).toBe(true);
    });

    it('rejects GET /pets?limit=1000 with a problem naming limit', async () => {
      const response = await fetch(`${base}/pets?limit=1000`);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await response.json()) as { status: number; errors: unknown[] };
      expect(problem.status).toBe(400);
      expect(JSON.stringify(problem)).toContain('limit');
      expect(problem.errors).toContainEqual(expect.objectContaining({ in: 'query', name: 'limit' }));
    });

    it('serves GET /pets/1 with the hand-owned handler', async () => {
      const response = await fetch(`${base}/pets/1`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ id: 1, name: 'Hand-owned Rex', status: 'available' });
    });

    it('passes `npx specwright-conformance` (the installed bin) run against it over HTTP, with a JUnit report', async () => {
      const result = await run(join(ws().root, 'node_modules', '.bin', 'specwright-conformance'), [
        '--spec', 'apps/orders-api/openapi.yaml', '--base-url', base, '--cases', '5', '--junit', 'tmp/live.xml',
      ], { cwd: ws().root, env: childEnv(), timeoutMs: 120_000 });
      if (result.code !== 0) throw new Error(`${result.command} exited with ${result.code ?? result.signal}:\n${result.output}`);
      expect(result.output).toMatch(/checks: \d+ passed, 0 failed/);
      expect(ws().read('tmp/live.xml')).toContain('<testcase classname="Petstore API.getPet" name="not_a_server_error"/>');
    });

    it('stops with its process group and frees the port', async () => {
      await serve!.stop();
      serve = undefined;
      expect(await isPortFree(port)).toBe(true);
      await expect(fetch(`${base}/pets`)).rejects.toThrow();
    });
  });
}

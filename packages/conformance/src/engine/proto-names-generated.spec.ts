/**
 * Names that are Object.prototype keys through the whole chain a user runs: generate a server
 * from a spec that uses them (spec.ts, the offline handlers), serve it over HTTP in a child
 * process, and run the conformance engine against it. Every layer that turns spec names into
 * object keys (the emitted spec literal, the sampler, the runtime, the engine) must keep them.
 */
import { generateToDisk } from '@specwright/core';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConformanceModel } from '../model/build-model';
import { formatReport } from '../report/summary';
import { liveTarget } from '../target/live';
import { sendWithNodeHttp } from '../target/node-http';
import { runConformance } from './run-conformance';

jest.setTimeout(120_000);

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
const CORE_DIST = join(REPO_ROOT, 'packages', 'core', 'dist', 'index.js');

/** JSON text, so `__proto__` is an own key when parsed (as a loaded spec has it). */
const SPEC = `{
  "openapi": "3.0.3",
  "info": { "title": "Prototype names", "version": "1" },
  "components": {
    "schemas": {
      "Thing": {
        "type": "object",
        "required": ["__proto__", "constructor"],
        "properties": {
          "__proto__": { "type": "integer", "minimum": 0, "maximum": 9, "example": 7 },
          "constructor": { "type": "string", "minLength": 1, "maxLength": 8, "pattern": "^[a-z]+$", "example": "rex" },
          "toString": { "type": "boolean" }
        },
        "additionalProperties": false
      }
    },
    "responses": {
      "bad": { "description": "Invalid request", "content": { "application/problem+json": { "schema": { "type": "object" } } } }
    }
  },
  "paths": {
    "/things/{constructor}": {
      "get": {
        "operationId": "getThing",
        "parameters": [
          { "name": "constructor", "in": "path", "required": true, "schema": { "type": "integer", "minimum": 1 } },
          { "name": "__proto__", "in": "query", "required": true, "schema": { "type": "integer", "minimum": 0, "maximum": 9 } },
          { "name": "toString", "in": "query", "schema": { "type": "integer", "minimum": 0 } },
          { "name": "hasOwnProperty", "in": "cookie", "required": true, "schema": { "type": "string", "pattern": "^[a-z]{1,8}$" } },
          { "name": "__proto__", "in": "header", "required": true, "schema": { "type": "integer", "minimum": 0 } }
        ],
        "responses": {
          "200": { "description": "The thing", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } },
          "400": { "$ref": "#/components/responses/bad" }
        }
      }
    },
    "/things": {
      "put": {
        "operationId": "putThing",
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } },
        "responses": {
          "200": { "description": "Stored", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } },
          "400": { "$ref": "#/components/responses/bad" }
        }
      }
    }
  }
}`;

/** Serves the generated app in a child process on an ephemeral port, as `serve` would. */
async function serveGenerated(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const script = [
    'require(process.argv[1]).registerTypeScript();',
    'const { createApp } = require(process.argv[2]);',
    "const { serve } = require('@hono/node-server');",
    "const server = serve({ fetch: createApp().fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.stdout.write(`port ${info.port}\\n`));",
    "process.on('SIGTERM', () => server.close(() => process.exit(0)));",
  ].join('\n');
  const child = spawn(process.execPath, ['-e', script, CORE_DIST, join(root, 'src', 'generated', 'app.ts')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /port (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`the app exited (${code}) before listening:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('a generated server for a spec with names that are Object.prototype keys', () => {
  let root: string;
  let server: Awaited<ReturnType<typeof serveGenerated>>;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'specwright-proto-names-'));
    writeFileSync(join(root, 'openapi.json'), SPEC);
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'junction');
    await generateToDisk({ spec: 'openapi.json', workspaceRoot: root, outDir: 'src/generated' });
    server = await serveGenerated(root);
  });

  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('validates those names and answers with the offline sample, __proto__ included', async () => {
    // Not fetch: it drops a header named `__proto__` (see node-http.ts).
    const get = (query: string, headers: [string, string][] = [['cookie', 'hasOwnProperty=abc'], ['__proto__', '5']]) =>
      sendWithNodeHttp(`${server.url}/things/3${query}`, { method: 'GET', url: '', headers }, 10_000);
    const ok = await get('?__proto__=4');
    expect(ok.status).toBe(200);
    // The schema requires `__proto__`: the body must carry it as an own key.
    const body = JSON.parse(await ok.text()) as Record<string, unknown>;
    expect(Object.hasOwn(body, '__proto__')).toBe(true);
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['__proto__', 'constructor']));

    const missing = await get('', [['cookie', 'hasOwnProperty=abc']]);
    expect(missing.status).toBe(400);
    const problem = await missing.text();
    expect(problem).toContain('query parameter \\"__proto__\\" is required');
    expect(problem).toContain('{"in":"header","name":"__proto__","pointer":"/__proto__","message":"is required"}');
    const wrongType = await get('?__proto__=x');
    expect(wrongType.status).toBe(400);
    await wrongType.body?.cancel();

    const put = (text: string) => fetch(`${server.url}/things`, { method: 'PUT', body: text, headers: { 'content-type': 'application/json' } });
    const stored = await put('{"__proto__": 1, "constructor": "ab"}');
    expect(stored.status).toBe(200);
    await stored.body?.cancel();
    const withoutProto = await put('{"constructor": "ab"}');
    expect(withoutProto.status).toBe(400);
    expect(await withoutProto.text()).toContain('body field \\"__proto__\\" is required');
  });

  it('passes the conformance engine over HTTP with no failures', async () => {
    const model = buildConformanceModel(JSON.parse(SPEC), '3.0');
    const report = await runConformance(model, liveTarget(server.url), { cases: 25 });
    // No failure, and no operation skipped or warned about (a lost `__proto__` shows up as either).
    if (report.totals.checksFailed > 0 || report.operations.some((o) => o.warnings.length > 0)) throw new Error(formatReport(report));
    expect(report.operations.every((o) => o.requests > 0 && o.discarded === 0)).toBe(true);
  });
});


/**
 * Patterns in conformance runs (issue 7, item 5). A pattern JavaScript cannot compile used to
 * make every request unbuildable, so the run skipped all checks and passed, while the server
 * answered 500 to everything. It is now left out (a warning), requests are sent, and a 500
 * fails not_a_server_error. Evil patterns must not stall generation or checking.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { buildApiSpec, indexOperations, type OpenApiDocument } from '@specwright/core';
import { createSpecApp, type ApiSpec } from '@specwright/runtime';
import * as fc from 'fast-check';
import { createSchemaChecker } from '../engine/schema-checker';
import { loadConformanceModel } from '../model/load-model';
import { RESPONSE_SCHEMAS_URI } from '../model/types';
import { stringArbitrary } from '../schema/strings';
import { runCli } from './run-cli';

const SPEC: OpenApiDocument = {
  openapi: '3.0.3',
  info: { title: 'patterns', version: '1' },
  paths: {
    '/items/{id}': {
      get: {
        operationId: 'getItem',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '([a-' } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } } } } },
      },
    },
  },
} as OpenApiDocument;

let dir: string;
let specFile: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'specwright-conformance-patterns-'));
  specFile = join(dir, 'openapi.json');
  writeFileSync(specFile, JSON.stringify(SPEC));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function serveSpec(apiSpec: ApiSpec): Promise<{ url: string; close: () => Promise<void> }> {
  const app = createSpecApp(apiSpec, { getItem: () => ({ status: 200, body: { name: 'x' } }) }, { onError: () => undefined });
  return new Promise((resolve) => {
    const server: ServerType = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}

async function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stdout += t) });
  return { code, stdout };
}

describe('a pattern JavaScript cannot compile', () => {
  it('fails a server that answers 500 to everything (the spec served as written)', async () => {
    const server = await serveSpec(buildApiSpec(SPEC, '3.0', indexOperations(SPEC)));
    try {
      const result = await cli(['--spec', specFile, '--base-url', server.url, '--workspace-root', dir, '--cases', '5']);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/✗ GET \/items\/\{id\} \(getItem\): [1-9]\d* requests/);
      expect(result.stdout).toContain('failed: not_a_server_error');
      expect(result.stdout).toContain('openapi.json#/paths/~1items~1{id}/get/parameters/0/schema/pattern: pattern "([a-" is not a valid JavaScript regular expression');
    } finally {
      await server.close();
    }
  });

  it('passes the server generate builds, which leaves the pattern out', async () => {
    const model = await loadConformanceModel(specFile, { workspaceRoot: dir });
    const server = await serveSpec(model.apiSpec);
    try {
      const result = await cli(['--spec', specFile, '--base-url', server.url, '--workspace-root', dir, '--cases', '5']);
      expect(result.stdout).toMatch(/✓ GET \/items\/\{id\} \(getItem\): [1-9]\d* requests/);
      expect(result.code).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe('evil patterns', () => {
  it('generate matching strings and check them without backtracking', () => {
    const started = performance.now();
    const shape = (patterns: string[], maxLength?: number) => ({ patterns, formats: [], minLength: 0, ...(maxLength ? { maxLength } : {}) }) as never;
    for (const patterns of [['^(a+)+$'], ['^(a|aa)+$', '^(a+)+$'], ['(?!^-)^([a-z]+-?)+$']]) {
      const arbitrary = stringArbitrary(shape(patterns, 1000));
      expect(arbitrary).not.toBeNull();
      for (const value of fc.sample(arbitrary!, { seed: 1, numRuns: 20 })) for (const p of patterns) expect(new RegExp(p, 'u').test(value)).toBe(true);
    }
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('judge a long adversarial string in a response in linear time', async () => {
    writeFileSync(specFile, JSON.stringify({ ...SPEC, components: { schemas: { Name: { type: 'string', pattern: '^(a+)+$' } } } }));
    const model = await loadConformanceModel(specFile, { workspaceRoot: dir });
    const checker = createSchemaChecker(model.registry);
    const schema = { $ref: `${RESPONSE_SCHEMAS_URI}#/components/schemas/Name` };
    expect(checker.valid(schema, 'aaaa')).toBe(true);
    const started = performance.now();
    expect(checker.valid(schema, `${'a'.repeat(10_000)}!`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(100);
  });
});

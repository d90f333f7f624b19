import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { loadConformanceModel } from '../model/load-model';
import { ZOO_API_KEY, zooApp, type ZooBug } from '../__zoo__/zoo-apps';
import { runCli } from './run-cli';

const ZOO = join(__dirname, '..', '__zoo__', 'zoo.yaml');
const run = promisify(execFile);

/** Serves a zoo app on 127.0.0.1, on a port the OS picks. */
async function serveZoo(bug?: ZooBug): Promise<{ url: string; close: () => Promise<void> }> {
  const model = await loadConformanceModel(ZOO, { workspaceRoot: join(__dirname, '..') });
  const app = zooApp(model.apiSpec, bug);
  return new Promise((resolve) => {
    const server: ServerType = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'specwright-conformance-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('specwright-conformance against a live server', () => {
  it('passes a correct server, exit 0, and writes JUnit XML with a testcase per check', async () => {
    const server = await serveZoo();
    try {
      const junit = join(dir, 'reports', 'zoo.xml');
      const result = await cli(['--spec', ZOO, '--base-url', server.url, '--header', `X-API-Key: ${ZOO_API_KEY}`, '--cases', '10', '--junit', junit]);
      expect(result.stdout).toContain('0 failed');
      expect(result.code).toBe(0);
      const xml = readFileSync(junit, 'utf8');
      expect(xml).toMatch(/^<\?xml/);
      expect(xml).toContain('<testsuite name="getPet (GET /pets/{petId})"');
      expect(xml).toContain('name="not_a_server_error"');
      expect(xml).not.toContain('<failure');
    } finally {
      await server.close();
    }
  });

  it('fails a buggy server, exit 1, naming the operation, check, curl line and seed', async () => {
    const server = await serveZoo('wrong_field_type');
    try {
      const junit = join(dir, 'zoo.xml');
      const result = await cli(['--spec', ZOO, '--base-url', server.url, '--header', `X-API-Key: ${ZOO_API_KEY}`, '--cases', '10', '--seed', '42', '--junit', junit]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('response_schema_conformance failed for listPets');
      expect(result.stdout).toMatch(new RegExp(`curl .*'${server.url}/pets`));
      expect(result.stdout).toContain('Seed: 42');
      expect(result.stdout).toContain('--seed 42');
      expect(readFileSync(junit, 'utf8')).toContain('<failure message="body does not match');
    } finally {
      await server.close();
    }
  });

  it('the printed curl line reproduces the failure', async () => {
    const server = await serveZoo('undocumented_status');
    try {
      const result = await cli(['--spec', ZOO, '--base-url', server.url, '--header', `X-API-Key: ${ZOO_API_KEY}`, '--cases', '5', '--operation', 'getPet']);
      expect(result.code).toBe(1);
      const curl = /(curl .*)/.exec(result.stdout.split('status_code_conformance failed')[1] ?? '')![1]!;
      const { stdout } = await run('bash', ['-c', `${curl} -s -o /dev/null -w '%{http_code}'`]);
      expect(stdout).toBe('418');
    } finally {
      await server.close();
    }
  });

  it('reports a server that is not there as a failure, not a crash', async () => {
    const result = await cli(['--spec', ZOO, '--base-url', 'http://127.0.0.1:9', '--cases', '1', '--phases', 'coverage', '--operation', 'getPet', '--timeout', '2000']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('request failed');
  });
});

describe('specwright-conformance usage errors', () => {
  it.each([
    [[], '--spec is required'],
    [['--spec', ZOO], '--base-url is required'],
    [['--spec', ZOO, '--base-url', 'localhost:3000'], '--base-url must be an http(s) URL'],
    [['--spec', ZOO, '--base-url', 'http://x', '--cases', '0'], '--cases must be a positive integer'],
    [['--spec', ZOO, '--base-url', 'http://x', '--checks', 'not_a_check'], 'unknown check "not_a_check"'],
    [['--spec', ZOO, '--base-url', 'http://x', '--header', 'nocolon'], "--header must look like 'Name: value'"],
    [['--spec', ZOO, '--base-url', 'http://x', '--bogus'], "Unknown option '--bogus'"],
  ])('%j → exit 2: %s', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('names a missing spec file', async () => {
    const result = await cli(['--spec', join(dir, 'nope.yaml'), '--base-url', 'http://127.0.0.1:1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nope.yaml');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('names an unknown operation', async () => {
    const result = await cli(['--spec', ZOO, '--base-url', 'http://127.0.0.1:1', '--operation', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown operation "nope"');
  });

  it('the installed bin prints usage', async () => {
    const { stdout } = await run(process.execPath, [join(__dirname, '..', '..', 'dist', 'cli', 'main.js'), '--help']);
    expect(stdout).toContain('Usage: specwright-conformance');
  });
});

import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fault, reply, startFakeAnthropic, type FakeAnthropic, type ScriptRequest } from '../../../../tools/fake-anthropic/src';
import { ENV_CANARY_NAME, childEnv } from '../support/env';
import { changedFiles, snapshot } from '../support/files';
import { nx, taskOutcome } from '../support/nx';
import { startRemoteCache, type RemoteCache } from '../support/remote-cache';
import { assertSucceeded, run } from '../support/run';
import type { Workspace } from '../support/workspace';

const PROJECT = 'lock-api';
const ROOT = `apps/${PROJECT}`;
const OUT = `${ROOT}/src/generated`;
const LOCK = `${ROOT}/specwright.lock`;
const MODEL = 'claude-sonnet-5-5';
const OPERATIONS = ['createPet', 'deletePet', 'getPet', 'listPets', 'updatePet'];
/** What the fake model writes first in every module, so its work is recognisable wherever it lands. */
const MARKER = '// Written by the e2e fake Messages API.\n';
/** A credential only this step's children see; deliberately not shaped like a real API key. */
const CREDENTIAL = `e2e-lock-cache-credential-${randomBytes(8).toString('hex')}`;
const GENERATE = ['run', `${PROJECT}:generate`, '--output-style=static'];

/**
 * Step 13: "the lock travels with the cache". Machine A generates with provider anthropic (the
 * fake Messages API on loopback) and pins every operation into specwright.lock; the lock is an
 * output of generate as well as an input, so the remote cache entry holds the entries with the
 * code they explain. Machine B, a copy of the workspace taken before A ran (its lock has no
 * entries), gets a remote cache hit that restores both without a single model request, and
 * `generate --frozen` then makes no request either and writes A's bytes. The API key reaches no
 * file of either workspace (Nx's cache included), no target configuration and no hash input.
 */
export function lockCacheSteps(ws: () => Workspace): void {
  describe('13. the generation lock travels with the cache', () => {
    let fake: FakeAnthropic;
    let cache: RemoteCache;
    let machineB: string;
    let root: string;
    const env = (): NodeJS.ProcessEnv => ({
      NX_SELF_HOSTED_REMOTE_CACHE_SERVER: cache.url,
      ANTHROPIC_BASE_URL: fake.url,
      ANTHROPIC_API_KEY: CREDENTIAL,
    });
    const inA = (...args: string[]) => nx(ws().root, args, undefined, env());
    const inB = (...args: string[]) => nx(root, args, undefined, { ...env(), HOME: join(machineB, 'home'), [ENV_CANARY_NAME]: 'machine-b' });
    const b = (file: string): string => join(root, file);

    beforeAll(async () => {
      const spec = ws().read('node_modules/@specwright/core/templates/petstore/openapi.yaml');
      ws().write(`${ROOT}/project.json`, JSON.stringify({ name: PROJECT, projectType: 'application', targets: {} }, null, 2) + '\n');
      ws().write(`${ROOT}/openapi.yaml`, spec);
      ws().write(`${ROOT}/specwright.json`, JSON.stringify({ provider: 'anthropic', model: MODEL }, null, 2) + '\n');
      const implementations = await offlineImplementations(ws(), spec);
      expect(Object.keys(implementations).sort()).toEqual(OPERATIONS);

      fake = await startFakeAnthropic({ apiKey: CREDENTIAL, respond: (request) => modelReply(request, implementations) });
      cache = await startRemoteCache();
      // Machine B: this workspace before A generates (no src/generated, no lock entries), at
      // another path, with its own HOME and .nx; node_modules is A's (hashed from the lock file).
      machineB = join(ws().scratch, 'machine-b-lock');
      root = join(machineB, 'src', 'monorepo');
      mkdirSync(join(machineB, 'home'), { recursive: true });
      const local = new Set(['node_modules', '.nx']);
      cpSync(ws().root, root, { recursive: true, filter: (source) => !local.has(relative(ws().root, source)) });
      symlinkSync(ws().path('node_modules'), b('node_modules'), 'dir');
      expect(existsSync(b(LOCK))).toBe(false);
    });

    afterAll(async () => {
      await fake?.close();
      await cache?.close();
      if (machineB) rmSync(machineB, { recursive: true, force: true });
    });

    it('infers generate with the model as an option, the lock as input and output, and no environment input', async () => {
      const shown = assertSucceeded(await inA('show', 'project', PROJECT, '--json'));
      const generate = JSON.parse(shown.stdout).targets.generate;
      expect(generate.options).toMatchObject({ provider: 'anthropic', model: MODEL, lockDir: LOCK });
      expect(generate.inputs).toContain('{projectRoot}/specwright.lock/**/*');
      expect(generate.outputs).toEqual(['{projectRoot}/src/generated', '{projectRoot}/specwright.lock']);
      expect(JSON.stringify(generate.inputs)).not.toMatch(/"env"|"runtime"|ANTHROPIC/);
      expect(shown.output).not.toContain(CREDENTIAL);
      const onB = assertSucceeded(await inB('show', 'project', PROJECT, '--json'));
      expect(JSON.parse(onB.stdout)).toEqual(JSON.parse(shown.stdout));
    });

    it('machine A calls the model once per operation, pins every entry, and uploads code and lock together', async () => {
      const result = assertSucceeded(await inA(...GENERATE));
      expect(taskOutcome(result.output, `${PROJECT}:generate`)).toBe('ran');
      expect(fake.count()).toBe(OPERATIONS.length);
      expect(fake.requests.every((request) => request.auth !== 'none')).toBe(true);
      expect(result.output).toMatch(/^Tokens: [\d,]+ in \([\d,]+ cached\) \/ [\d,]+ out tokens; estimated cost: \$\d+\.\d+\.$/m);
      expect(result.output).toContain('Prompt caching took effect');

      const index = ws().readJson(`${LOCK}/index.json`);
      expect(Object.keys(index.entries).sort()).toEqual(OPERATIONS);
      for (const id of OPERATIONS) {
        expect(index.entries[id]).toMatchObject({ provider: 'anthropic', model: MODEL });
        expect(ws().read(`${LOCK}/${index.entries[id].file}`)).toContain(MARKER.trim());
        expect(ws().read(`${OUT}/implementations/${id}.ts`)).toContain(MARKER.trim());
      }
      expect(cache.stored.length).toBeGreaterThanOrEqual(2); // spec-lint and generate
    });

    it('the lock is a hash input Nx resolves to the pinned files, without the key', async () => {
      const inputs = JSON.parse(assertSucceeded(await inA('show', 'target', 'inputs', `${PROJECT}:generate`, '--json')).stdout);
      expect(inputs.files).toEqual(expect.arrayContaining([`${LOCK}/index.json`, `${ROOT}/openapi.yaml`]));
      expect(inputs.environment.filter((name: string) => /ANTHROPIC/i.test(name))).toEqual([]);
      expect(JSON.stringify(inputs)).not.toContain(CREDENTIAL);
      const outputs = assertSucceeded(await inA('show', 'target', 'outputs', `${PROJECT}:generate`, '--json'));
      expect(outputs.stdout).toContain(LOCK);
    });

    it('machine B, with the old lock, reads the code and the lock entries from the remote cache: no model request', async () => {
      fake.reset();
      const result = assertSucceeded(await inB(...GENERATE));
      expect(taskOutcome(result.output, `${PROJECT}:generate`)).toBe('remote cache');
      expect(fake.count()).toBe(0);
      expect(changedFiles(snapshot(ws().path(LOCK)), snapshot(b(LOCK)))).toEqual([]);
      expect(changedFiles(snapshot(ws().path(OUT)), snapshot(b(OUT)))).toEqual([]);
      expect(Object.keys(snapshot(b(LOCK)))).toContain('index.json');
    });

    it('generate --frozen on machine B makes no request and writes the same bytes as A', async () => {
      fake.reset();
      const result = assertSucceeded(await inB(...GENERATE, '--frozen', '--skip-nx-cache'));
      expect(taskOutcome(result.output, `${PROJECT}:generate`)).toBe('ran');
      expect(fake.count()).toBe(0);
      expect(changedFiles(snapshot(ws().path(OUT)), snapshot(b(OUT)))).toEqual([]);
      expect(changedFiles(snapshot(ws().path(LOCK)), snapshot(b(LOCK)))).toEqual([]);
    });

    it('the API key is in no file of either workspace, Nx cache and workspace data included', () => {
      for (const workspaceRoot of [ws().root, root]) {
        expect(filesContaining(workspaceRoot, CREDENTIAL)).toEqual([]);
        expect(existsSync(join(workspaceRoot, '.nx'))).toBe(true); // the scan covered Nx's own folder
      }
    });
  });
}

/**
 * What the fake model answers: the offline provider's module for the operation the request
 * names, marked as the model's. It typechecks, keeps to the import policy and passes the
 * operation's conformance cases, so every operation is pinned on its first attempt.
 */
function modelReply(request: ScriptRequest, implementations: Record<string, string>) {
  // The operation is named in the first user turn (the system prompt is shared by all of them).
  const id = /operation "([^"]+)"/.exec(firstUserTurn(request.body))?.[1];
  const code = id === undefined ? undefined : implementations[id];
  if (code === undefined) return fault.badRequest(`e2e fake: no implementation for the operation in this prompt (${id ?? 'none named'})`);
  return reply.json({ code: MARKER + code, notes: 'Returns the examples of the contract.' });
}

function firstUserTurn(body: unknown): string {
  const messages = (body as { messages?: Array<{ role: string; content: unknown }> }).messages ?? [];
  const content = messages.find((message) => message.role === 'user')?.content;
  if (typeof content === 'string') return content;
  return Array.isArray(content) ? content.map((block: { text?: unknown }) => (typeof block.text === 'string' ? block.text : '')).join('') : '';
}

/**
 * The offline provider's implementations of a spec, by operation id, computed with the core
 * installed in the workspace (the packed one) on a copy of the spec outside it, so nothing is
 * pinned in the workspace.
 */
async function offlineImplementations(ws: Workspace, spec: string): Promise<Record<string, string>> {
  const dir = join(ws.scratch, 'offline-implementations');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'openapi.yaml'), spec);
  const script = join(dir, 'print.js');
  writeFileSync(
    script,
    `const { generate } = require(require.resolve('@specwright/core', { paths: [process.argv[2]] }));
generate({ spec: 'openapi.yaml', workspaceRoot: process.argv[3], outDir: 'out', emit: ['types', 'server'] }).then((result) => {
  const byId = {};
  for (const operation of result.operations) {
    const file = result.files.find((f) => f.path === 'implementations/' + operation.fileName + '.ts');
    if (file) byId[operation.id] = file.contents;
  }
  process.stdout.write(JSON.stringify(byId));
});
`,
  );
  const result = assertSucceeded(await run('node', [script, ws.root, dir], { cwd: dir, env: childEnv(), timeoutMs: 120_000 }));
  return JSON.parse(result.stdout) as Record<string, string>;
}

/** Workspace-relative paths of the files (node_modules aside) whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const bytes = Buffer.from(needle);
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && readFileSync(full).includes(bytes)) hits.push(relative(dir, full));
    }
  };
  walk(dir);
  return hits.sort();
}

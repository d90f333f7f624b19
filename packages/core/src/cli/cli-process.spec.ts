/**
 * The built `specwright` bin as real processes: killed mid-run, stopped by signals, orphaned by
 * its parent, run concurrently and under a umask. Needs `npm run build` (npm test builds first).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { CORE_ROOT, petstoreYaml, useTempWorkspaces, type TempWorkspace } from '../__fixtures__/workspace';

const BIN = join(CORE_ROOT, 'dist', 'cli', 'main.js');
const workspace = useTempWorkspaces();
jest.setTimeout(60_000);

const children: ChildProcess[] = [];
let server: Server | undefined;
const sockets = new Set<Socket>();

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  server = undefined;
});

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(ws: TempWorkspace, args: string[]): ChildProcess & { finished: Promise<Finished> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ws.root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = new Promise<Finished>((done) => child.on('close', (code, signal) => done({ code, signal, stdout, stderr })));
  return Object.assign(child, { finished });
}

function run(ws: TempWorkspace, args: string[]): Promise<Finished> {
  return start(ws, args).finished;
}

/**
 * A server that accepts connections and never answers: a spec with a remote `$ref` to it keeps a
 * run busy (holding its lock, event loop free) for as long as a test needs.
 */
async function silentServer(): Promise<number> {
  server = createServer((socket) => {
    sockets.add(socket);
  });
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  return (server.address() as { port: number }).port;
}

/** Waits until the run is inside the wait: its lock taken, its request to the silent server sent. */
async function waitUntilHeld(ws: TempWorkspace, out: string): Promise<void> {
  await waitFor('the lock and the request', () => ws.exists(lockOf(out)) && sockets.size > 0);
}

async function heldSpec(ws: TempWorkspace, file = 'api/held.yaml'): Promise<string> {
  const port = await silentServer();
  ws.write(file, petstoreYaml().replace("'#/components/schemas/NewPet'", `'http://127.0.0.1:${port}/new-pet.yaml'`));
  return file;
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

/** Alive and not a zombie (an orphan's exit is reaped by init, which a container may not run). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

const lockOf = (out: string): string => out.replace(/([^/]+)$/, '.$1.specwright.lock');

describe('the output lock, with real processes', () => {
  it('names the live holder (pid and command line), lets a sibling output run, and is taken over after a SIGKILL', async () => {
    // A repository: paths in messages are relative to it (else to the spec's folder).
    const ws = workspace({ '.git/HEAD': '', 'api/openapi.yaml': petstoreYaml() });
    const held = start(ws, ['generate', '--spec', await heldSpec(ws), '--out', 'api/gen-a', '--allow-remote-refs']);
    await waitUntilHeld(ws, 'api/gen-a');
    expect(ws.read(lockOf('api/gen-a'))).toBe(String(held.pid));

    const blocked = await run(ws, ['generate', '--spec', 'api/openapi.yaml', '--out', 'api/gen-a']);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain(`api/.gen-a.specwright.lock: Another generate run is writing this output: pid ${held.pid} (`);
    expect(blocked.stderr).toMatch(/\(\S*node\S* \S+main\.js generate --spec api\/held\.yaml --out api\/gen-a --allow-remote-refs\) holds the lock \[OUTPUT_LOCKED\]/);

    // A sibling output in the same folder is another lock.
    const sibling = await run(ws, ['generate', '--spec', 'api/openapi.yaml', '--out', 'api/gen-b']);
    expect(sibling.stderr).toBe('');
    expect(sibling.code).toBe(0);
    expect(ws.exists('api/gen-b/app.ts')).toBe(true);

    held.kill('SIGKILL');
    expect((await held.finished).signal).toBe('SIGKILL');
    expect(ws.read(lockOf('api/gen-a'))).toBe(String(held.pid));
    const after = await run(ws, ['generate', '--spec', 'api/openapi.yaml', '--out', 'api/gen-a']);
    expect(after.stderr).toBe('');
    expect(after.code).toBe(0);
    expect(ws.exists(lockOf('api/gen-a'))).toBe(false);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ] as const)('on %s exits %i at once, releasing the lock and leaving the previous output', async (signal, code) => {
    // An earlier output (what marks it is its manifest).
    const ws = workspace({ 'api/gen/manifest.json': '{"generator":"specwright"}\n', 'api/gen/app.ts': 'export {};\n' });
    const before = ws.tree('api/gen');
    const held = start(ws, ['generate', '--spec', await heldSpec(ws), '--out', 'api/gen', '--allow-remote-refs']);
    await waitUntilHeld(ws, 'api/gen');
    held.kill(signal);
    const finished = await held.finished;
    expect(finished.code).toBe(code);
    expect(finished.stderr).toContain(`specwright: stopped (${signal}); the previous output is unchanged`);
    expect(ws.exists(lockOf('api/gen'))).toBe(false);
    expect(ws.tree('api/gen')).toEqual(before);
    expect(readdirSync(ws.path('api')).sort()).toEqual(['gen', 'held.yaml']);
  });

  it('exits within seconds when its parent (npx, a shell, timeout) is killed, releasing the lock', async () => {
    const ws = workspace();
    const spec = await heldSpec(ws);
    // The parent a `timeout 5 npx specwright …` kills: it starts the CLI and is SIGKILLed.
    const wrapper = spawn(
      process.execPath,
      [
        '-e',
        `const c = require('node:child_process').spawn(process.execPath, ${JSON.stringify([BIN, 'generate', '--spec', spec, '--out', 'api/gen', '--allow-remote-refs'])}, { stdio: ['ignore', 'ignore', 'inherit'] });
         process.stdout.write(String(c.pid) + '\\n');`,
      ],
      { cwd: ws.root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(wrapper);
    let stderr = '';
    wrapper.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const pid = Number(await new Promise<string>((done) => wrapper.stdout?.once('data', (chunk: Buffer) => done(chunk.toString()))));
    await waitUntilHeld(ws, 'api/gen');
    expect(isRunning(pid)).toBe(true);

    wrapper.kill('SIGKILL');
    const killed = Date.now();
    await waitFor('the orphaned CLI to exit', () => !isRunning(pid), 10_000);
    // It checks every 250 ms; the rest is a loaded machine's scheduling.
    expect(Date.now() - killed).toBeLessThan(5_000);
    expect(ws.exists(lockOf('api/gen'))).toBe(false);
    await waitFor('its last words', () => stderr.includes('stopped'), 2_000);
    expect(stderr).toMatch(/specwright: stopped \(parent process \d+ exited\)/);
  });
});

describe('a CLI whose main thread is stuck', () => {
  it('is killed by its watchdog thread within seconds of its parent dying', async () => {
    // The stop handlers as main.js installs them, then a loop that never yields: only the worker
    // thread can notice the parent is gone.
    const stuck = `require(${JSON.stringify(join(CORE_ROOT, 'dist', 'cli', 'stop-handlers.js'))}).installStopHandlers(() => {}, process);
      process.stdout.write('looping\\n'); for (;;) {}`;
    const wrapper = spawn(
      process.execPath,
      ['-e', `const c = require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(stuck)}], { stdio: ['ignore', 'inherit', 'ignore'] });
        process.stdout.write(String(c.pid) + '\\n');`],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    children.push(wrapper);
    let stdout = '';
    wrapper.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await waitFor('the child to start looping', () => stdout.includes('looping'));
    const pid = Number(stdout.split('\n')[0]);
    expect(isRunning(pid)).toBe(true);

    wrapper.kill('SIGKILL');
    const killed = Date.now();
    try {
      await waitFor('the stuck CLI to be killed', () => !isRunning(pid), 10_000);
    } finally {
      if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    }
    // 250 ms polling + 1.5 s grace, plus a loaded machine's scheduling.
    expect(Date.now() - killed).toBeLessThan(6_000);
  });
});

/** A spec with many operations: its write phase lasts long enough to be killed in. */
function manyOperations(count: number): object {
  const paths: Record<string, object> = {};
  for (let i = 0; i < count; i++) {
    paths[`/r${i}/{id}`] = {
      get: {
        operationId: `get${i}`,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } } },
      },
    };
  }
  return { openapi: '3.1.0', info: { title: 'many', version: '1' }, paths };
}

describe('a run killed while writing', () => {
  it('leaves temp folders that the next run removes, and the next run succeeds', async () => {
    const ws = workspace({ 'api/openapi.yaml': manyOperations(80) });
    expect((await run(ws, ['generate', '--spec', 'api/openapi.yaml', '--out', 'api/gen'])).code).toBe(0);
    const stale = (): string[] => readdirSync(ws.path('api')).filter((name) => /^\.gen\.(tmp|old)-/.test(name));
    const kindOf = (name: string): string => name.slice('.gen.'.length, '.gen.tmp'.length);
    // Kill runs the moment a temp folder of a kind not yet left behind appears, until both kinds
    // were (a run can finish before the watcher sees its folders; each kill is one attempt).
    const seen = new Set<string>();
    for (let attempt = 0; attempt < 12 && seen.size < 2; attempt++) {
      const child = start(ws, ['generate', '--spec', 'api/openapi.yaml', '--out', 'api/gen']);
      const deadline = Date.now() + 30_000;
      // Synchronous polling: a timer would be too coarse for a write phase of milliseconds.
      while (Date.now() < deadline && isRunning(child.pid as number)) {
        if (stale().some((name) => !seen.has(kindOf(name)))) break;
      }
      child.kill('SIGKILL');
      await child.finished;
      for (const name of stale()) seen.add(kindOf(name));
    }
    expect([...seen].sort()).toEqual(['old', 'tmp']);
    // A folder that only has our kind of name, but not our content, is not ours: it stays.
    ws.write('api/.gen.tmp-abcdef123456/notes.md', 'mine\n');

    const next = await run(ws, ['generate', '--spec', 'api/openapi.yaml', '--out', 'api/gen']);
    expect(next.stderr).toBe('');
    expect(next.code).toBe(0);
    expect(stale()).toEqual(['.gen.tmp-abcdef123456']);
    expect(readdirSync(ws.path('api')).sort()).toEqual(['.gen.tmp-abcdef123456', 'gen', 'openapi.yaml', 'specwright.lock']);
    expect(ws.read('api/.gen.tmp-abcdef123456/notes.md')).toBe('mine\n');
    expect(ws.list('api/gen')).toHaveLength(80 + 9);
  });
});

describe('file modes', () => {
  it.each([
    ['022', '755', '644'],
    ['002', '775', '664'],
  ])('with umask %s, folders are %s and files %s, like any tool’s output', async (umask, dirMode, fileMode) => {
    const ws = workspace({ 'api/openapi.yaml': petstoreYaml() });
    const command = `umask ${umask} && exec "$0" "$@"`;
    {
      const result = spawnSync('sh', ['-c', command, process.execPath, BIN, 'generate', '--spec', 'api/openapi.yaml', '--out', 'api/gen'], { cwd: ws.root, encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const mode = (path: string): string => (statSync(ws.path(path)).mode & 0o777).toString(8);
      expect(mode('api/gen')).toBe(dirMode);
      expect(mode('api/gen/implementations')).toBe(dirMode);
      expect(mode('api/gen/app.ts')).toBe(fileMode);
      expect(mode('api/gen/implementations/getPet.ts')).toBe(fileMode);
    }
  });
});

it('the bin under test exists (npm run build)', () => {
  expect(existsSync(BIN)).toBe(true);
});

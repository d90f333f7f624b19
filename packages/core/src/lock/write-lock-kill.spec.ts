import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readLock } from './read-lock';
import { writeLock } from './write-lock';
import type { LockUpdate } from './plan-lock-write';
import { useTempWorkspaces, type TempWorkspace } from '../__fixtures__/workspace';
import { DISPLAY, pin, setPins } from './__fixtures__/lock-fixtures';

const workspace = useTempWorkspaces();
const LOCK = 'api/specwright.lock';
const KILLS = 20;

/**
 * A writer that alternates between two big lock versions forever, until it is killed. It loads
 * the TypeScript sources with TypeScript's transpiler (no build step), like registerTypeScript,
 * and keeps what it transpiled in a cache folder, so that only the first writer pays for
 * loading TypeScript and the others start in a fraction of a second.
 */
const WRITER = `
const fs = require('node:fs');
const { join } = require('node:path');
const { createHash } = require('node:crypto');
const [writeLockModule, lockDir, display, a, b, cacheDir] = process.argv.slice(1);
let ts;
require.extensions['.ts'] = (module, filename) => {
  const cached = join(cacheDir, createHash('sha256').update(filename).digest('hex') + '.js');
  let js;
  try {
    js = fs.readFileSync(cached, 'utf8');
  } catch {
    ts ??= require('typescript');
    js = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    fs.writeFileSync(cached, js);
  }
  module._compile(js, filename);
};
const { writeLock } = require(writeLockModule);
const versions = [JSON.parse(fs.readFileSync(b, 'utf8')), JSON.parse(fs.readFileSync(a, 'utf8'))];
process.stdout.write('ready\\n');
for (let i = 0; ; i++) writeLock(lockDir, versions[i % 2], display);
`;

/** Version A: 200 pins and a pending batch. Version B: 150 of them rewritten, 50 removed, no batch. */
function versions(): { a: LockUpdate; b: LockUpdate } {
  const code = (version: string, i: number): string => `// ${version} ${i}\n${`export const v${i} = '${version}'.repeat(${i});\n`.repeat(400)}`;
  const ids = Array.from({ length: 200 }, (_, i) => `op${String(i).padStart(3, '0')}`);
  const a = setPins(Object.fromEntries(ids.map((id, i) => [id, pin(id, code('A', i), 'ka')])), {
    pendingBatch: { batchId: 'msgbatch_a', model: 'm', requests: { c1: { operationId: 'op000', key: 'ka' } } },
  });
  const b = setPins(Object.fromEntries(ids.slice(0, 150).map((id, i) => [id, pin(id, code('B', i), 'kb')])), {
    remove: ids.slice(150),
    pendingBatch: null,
  });
  return { a, b };
}

/** What a reference write produces for each version, with the user's files. */
function expectedTrees(update: { a: LockUpdate; b: LockUpdate }): { a: Record<string, string>; b: Record<string, string> } {
  const ws = workspace({ [`${LOCK}/NOTES.md`]: 'mine\n', [`${LOCK}/docs/readme.md`]: 'mine too\n' });
  writeLock(ws.path(LOCK), update.a, DISPLAY);
  const a = ws.tree(LOCK);
  writeLock(ws.path(LOCK), update.b, DISPLAY);
  return { a, b: ws.tree(LOCK) };
}

/** Starts the writer, waits until it writes, kills it with SIGKILL after `delayMs`. */
async function killWriterAfter(ws: TempWorkspace, delayMs: number): Promise<void> {
  const child = spawn(
    process.execPath,
    ['-e', WRITER, join(__dirname, 'write-lock.ts'), ws.path(LOCK), DISPLAY, ws.path('updates/a.json'), ws.path('updates/b.json'), ws.path('cache')],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', () => reject(new Error('the writer exited before it started writing')));
  });
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

describe('writeLock under SIGKILL', () => {
  it(`always leaves exactly the old or the new version, and the next write cleans up (${KILLS} kills)`, async () => {
    const update = versions();
    const expected = expectedTrees(update);
    const ws = workspace({ [`${LOCK}/NOTES.md`]: 'mine\n', [`${LOCK}/docs/readme.md`]: 'mine too\n' });
    ws.write('updates/a.json', JSON.stringify(update.a));
    ws.write('updates/b.json', JSON.stringify(update.b));
    mkdirSync(ws.path('cache'));
    writeLock(ws.path(LOCK), update.a, DISPLAY);

    const seen = { a: 0, b: 0, leftovers: 0 };
    for (let kill = 0; kill < KILLS; kill++) {
      await killWriterAfter(ws, Math.floor(Math.random() * 400));
      if (readdirSync(ws.path('api')).length > 1) seen.leftovers++;
      const state = readLock(ws.path(LOCK), DISPLAY);
      const tree = ws.tree(LOCK);
      const version = tree['index.json'] === expected.a['index.json'] ? 'a' : 'b';
      expect(tree).toEqual(expected[version]);
      expect(Object.keys(state.index!.entries)).toHaveLength(version === 'a' ? 200 : 150);
      seen[version]++;
      // Every other round the next write runs at once: it must clean up whatever the kill left.
      if (kill % 2 === 1) {
        writeLock(ws.path(LOCK), update.a, DISPLAY);
        expect(readdirSync(ws.path('api'))).toEqual(['specwright.lock']);
        expect(ws.tree(LOCK)).toEqual(expected.a);
      }
    }
    // The kills landed in the middle of writes, in both directions.
    expect(seen.leftovers).toBeGreaterThan(0);
    expect(seen.a + seen.b).toBe(KILLS);
  }, 180_000);
});

import { mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { writeLock } from './write-lock';
import { readLock } from './read-lock';
import { stableStringify } from '../contract/canonical-json';
import { useTempWorkspaces } from '../__fixtures__/workspace';
import { DISPLAY, pin, setPins, thrown } from './__fixtures__/lock-fixtures';

const workspace = useTempWorkspaces();
const LOCK = 'api/specwright.lock';

/** Inode and mtime of every file and folder under (and including) `dir`. */
function identities(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (path: string): void => {
    const stats = statSync(path);
    out[path] = `${stats.ino}:${stats.mtimeMs}`;
    if (stats.isDirectory()) for (const name of readdirSync(path)) visit(`${path}/${name}`);
  };
  visit(dir);
  return out;
}

describe('writeLock', () => {
  it('writes index.json with sorted keys and a trailing newline, and the code files', () => {
    const ws = workspace();
    const result = writeLock(ws.path(LOCK), setPins({ zeta: pin('zeta', 'z\n'), alpha: pin('alpha', 'a\n') }), DISPLAY);
    expect(result).toEqual({ changed: true, keptEdited: [] });
    expect(ws.list(LOCK)).toEqual(['alpha.ts', 'index.json', 'zeta.ts']);
    const text = ws.read(`${LOCK}/index.json`);
    const parsed: unknown = JSON.parse(text);
    expect(text).toBe(`${stableStringify(parsed)}\n`);
    expect(text.indexOf('"alpha"')).toBeLessThan(text.indexOf('"zeta"'));
    expect(text.indexOf('"lockVersion"')).toBeLessThan(text.indexOf('"spec"'));
    expect(ws.read(`${LOCK}/zeta.ts`)).toBe('z\n');
    expect(readdirSync(ws.path('api'))).toEqual(['specwright.lock']);
  });

  it('is byte-identical for the same inputs, whatever the order they come in', () => {
    const [a, b] = [workspace(), workspace()];
    writeLock(a.path(LOCK), setPins({ x: pin('x', 'x\n'), y: pin('y', 'y\n') }), DISPLAY);
    writeLock(b.path(LOCK), setPins({ y: pin('y', 'y\n'), x: pin('x', 'x\n') }), DISPLAY);
    expect(b.tree(LOCK)).toEqual(a.tree(LOCK));
  });

  it('writes nothing when nothing changes: same inodes and mtimes', () => {
    const ws = workspace({ [`${LOCK}/NOTES.md`]: 'mine\n' });
    const update = setPins({ getPet: pin('getPet', 'export default 1;\n') }, { pendingBatch: { batchId: 'b', model: 'm', requests: {} } });
    writeLock(ws.path(LOCK), update, DISPLAY);
    expect(ws.list(LOCK)).toEqual(['NOTES.md', 'getPet.ts', 'index.json', 'pending-batch.json']);
    const before = identities(ws.path(LOCK));
    expect(writeLock(ws.path(LOCK), update, DISPLAY).changed).toBe(false);
    expect(writeLock(ws.path(LOCK), { ...update, set: {}, pendingBatch: undefined }, DISPLAY).changed).toBe(false);
    expect(identities(ws.path(LOCK))).toEqual(before);
    expect(readdirSync(ws.path('api'))).toEqual(['specwright.lock']);
  });

  it('creates nothing for an empty update when there is no lock yet', () => {
    const ws = workspace();
    expect(writeLock(ws.path(LOCK), setPins({}), DISPLAY).changed).toBe(false);
    expect(ws.exists('api')).toBe(false);
  });

  it('removes only files the old index lists, keeping the user files and edited pins', () => {
    const ws = workspace();
    writeLock(
      ws.path(LOCK),
      setPins({ a: pin('a', 'a\n'), b: pin('b', 'b\n'), c: pin('c', 'c\n'), d: pin('d', 'd\n', 'k1', { file: 'nested/d.ts' }) }),
      DISPLAY,
    );
    ws.write(`${LOCK}/NOTES.md`, 'mine\n');
    ws.write(`${LOCK}/docs/guide.md`, 'also mine\n');
    ws.write(`${LOCK}/stray.ts`, 'not listed\n');
    ws.write(`${LOCK}/c.ts`, 'c, edited by hand\n');

    const result = writeLock(ws.path(LOCK), { ...setPins({}), remove: ['b', 'c', 'd', 'neverPinned'] }, DISPLAY);
    expect(result).toEqual({ changed: true, keptEdited: ['c.ts'] });
    expect(ws.tree(LOCK)).toEqual({
      'NOTES.md': 'mine\n',
      'a.ts': 'a\n',
      'c.ts': 'c, edited by hand\n',
      'docs/guide.md': 'also mine\n',
      'index.json': ws.read(`${LOCK}/index.json`),
      'stray.ts': 'not listed\n',
    });
    expect(Object.keys(readLock(ws.path(LOCK), DISPLAY).index!.entries)).toEqual(['a']);
    expect(readdirSync(ws.path('api'))).toEqual(['specwright.lock']);
  });

  it('replaces a pin whose file is untouched, and moves it when its file name changes', () => {
    const ws = workspace();
    writeLock(ws.path(LOCK), setPins({ a: pin('a', 'one\n') }), DISPLAY);
    writeLock(ws.path(LOCK), setPins({ a: pin('a', 'two\n', 'k2') }), DISPLAY);
    expect(ws.read(`${LOCK}/a.ts`)).toBe('two\n');
    writeLock(ws.path(LOCK), setPins({ a: pin('a', 'three\n', 'k3', { file: 'pets/a.ts' }) }), DISPLAY);
    expect(ws.list(LOCK)).toEqual(['index.json', 'pets/a.ts']);
  });

  it('refuses to overwrite an edited pin or a file it did not write, and leaves the lock as it was', () => {
    const ws = workspace();
    writeLock(ws.path(LOCK), setPins({ a: pin('a', 'a\n') }), DISPLAY);
    ws.write(`${LOCK}/a.ts`, 'a, edited\n');
    ws.write(`${LOCK}/b.ts`, 'a user file\n');
    const before = ws.tree(LOCK);

    const edited = thrown('LOCK_CONFLICT', () => writeLock(ws.path(LOCK), setPins({ a: pin('a', 'new a\n', 'k2') }), DISPLAY));
    expect(edited.message).toMatch(/api\/specwright\.lock\/a\.ts .* edited by hand/);
    const foreign = thrown('LOCK_CONFLICT', () => writeLock(ws.path(LOCK), setPins({ b: pin('b', 'b\n') }), DISPLAY));
    expect(foreign.message).toMatch(/did not write/);
    expect(ws.tree(LOCK)).toEqual(before);
    expect(readdirSync(ws.path('api'))).toEqual(['specwright.lock']);
  });

  it('never writes through a symbolic link in the lock folder', () => {
    const ws = workspace();
    writeLock(ws.path(LOCK), setPins({ a: pin('a', 'a\n') }), DISPLAY);
    mkdirSync(ws.path('outside'));
    symlinkSync(ws.path('outside'), ws.path(`${LOCK}/sub`));
    thrown('LOCK_CONFLICT', () => writeLock(ws.path(LOCK), setPins({ b: pin('b', 'b\n', 'k1', { file: 'sub/b.ts' }) }), DISPLAY));
    expect(ws.list('outside')).toEqual([]);
    // Other writes carry the link over as a link.
    writeLock(ws.path(LOCK), setPins({ c: pin('c', 'c\n') }), DISPLAY);
    expect(statSync(ws.path(`${LOCK}/sub`)).isDirectory()).toBe(true);
    expect(ws.list('outside')).toEqual([]);
  });

  it('refuses to write an entry whose file would leave the folder', () => {
    const ws = workspace();
    const error = thrown('LOCK_INVALID', () => writeLock(ws.path(LOCK), setPins({ a: pin('a', 'a\n', 'k1', { file: '../../escape.ts' }) }), DISPLAY));
    expect(error.location?.pointer).toBe('/entries/a/file');
    expect(ws.list()).toEqual([]);
  });

  it('records, keeps and deletes the pending batch', () => {
    const ws = workspace();
    const pendingBatch = { batchId: 'msgbatch_1', model: 'm', requests: { c1: { operationId: 'a', key: 'k' } } };
    writeLock(ws.path(LOCK), setPins({ a: pin('a', 'a\n') }, { pendingBatch }), DISPLAY);
    expect(JSON.parse(ws.read(`${LOCK}/pending-batch.json`))).toEqual(pendingBatch);
    writeLock(ws.path(LOCK), setPins({ b: pin('b', 'b\n') }), DISPLAY);
    expect(readLock(ws.path(LOCK), DISPLAY).pendingBatch).toEqual(pendingBatch);
    writeLock(ws.path(LOCK), setPins({}, { pendingBatch: null }), DISPLAY);
    expect(ws.exists(`${LOCK}/pending-batch.json`)).toBe(false);
  });

  it("gives what it writes the umask's modes", () => {
    const ws = workspace();
    const umask = process.umask();
    writeLock(ws.path(LOCK), setPins({ a: pin('a', 'a\n', 'k1', { file: 'pets/a.ts' }) }), DISPLAY);
    expect(statSync(ws.path(LOCK)).mode & 0o777).toBe(0o777 & ~umask);
    expect(statSync(ws.path(`${LOCK}/pets`)).mode & 0o777).toBe(0o777 & ~umask);
    expect(statSync(ws.path(`${LOCK}/pets/a.ts`)).mode & 0o777).toBe(0o666 & ~umask);
    expect(statSync(ws.path(`${LOCK}/index.json`)).mode & 0o777).toBe(0o666 & ~umask);
  });
});

import { mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLock } from './read-lock';
import { writeLock } from './write-lock';
import { formatError } from '../errors';
import { useTempWorkspaces } from '../__fixtures__/workspace';
import { DISPLAY, indexJson, pin, setPins, SPEC, thrown } from './__fixtures__/lock-fixtures';

const workspace = useTempWorkspaces();
const LOCK = 'api/specwright.lock';

describe('readLock', () => {
  it('reads no lock when the folder does not exist (or is empty)', () => {
    const ws = workspace();
    const state = readLock(ws.path(LOCK), DISPLAY);
    expect(state.index).toBeUndefined();
    expect(state.pendingBatch).toBeUndefined();
    mkdirSync(ws.path(LOCK), { recursive: true });
    expect(readLock(ws.path(LOCK), DISPLAY).index).toBeUndefined();
  });

  it('reads back what writeLock wrote: entries, code and the pending batch', () => {
    const ws = workspace();
    const pendingBatch = { batchId: 'msgbatch_1', model: 'claude-test', requests: { 'c-0': { operationId: 'getPet', key: 'getPet-k1' } } };
    writeLock(ws.path(LOCK), setPins({ getPet: pin('getPet', 'export default 1;\n'), listPets: pin('listPets', 'export default 2;\n') }, { pendingBatch }), DISPLAY);
    const state = readLock(ws.path(LOCK), DISPLAY);
    expect(state.index?.spec).toBe(SPEC);
    expect(Object.keys(state.index?.entries ?? {})).toEqual(['getPet', 'listPets']);
    const { codeSha256, ...rest } = state.index!.entries['getPet'];
    expect(rest).toEqual(pin('getPet', '').entry);
    expect(codeSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(state.readCode(state.index!.entries['listPets'])).toBe('export default 2;\n');
    expect(state.pendingBatch).toEqual(pendingBatch);
  });

  it('keeps an operation id __proto__ as data, in null-prototype maps', () => {
    const ws = workspace();
    writeLock(ws.path(LOCK), setPins({ ['__proto__']: pin('__proto__', 'export default 3;\n', 'k1', { file: 'proto.ts' }) }), DISPLAY);
    expect(ws.read(`${LOCK}/index.json`)).toContain('"__proto__": {');
    const entries = readLock(ws.path(LOCK), DISPLAY).index!.entries;
    expect(Object.getPrototypeOf(entries)).toBeNull();
    expect(Object.keys(entries)).toEqual(['__proto__']);
    expect(entries['__proto__'].file).toBe('proto.ts');
  });

  it.each([
    ['a path that leaves the folder', { file: '../outside.ts' }, '/entries/getPet/file', /"\.\." segment/],
    ['an absolute path', { file: '/etc/passwd.ts' }, '/entries/getPet/file', /absolute path/],
    ['a backslash', { file: 'a\\..\\..\\x.ts' }, '/entries/getPet/file', /backslash/],
    ['a drive path', { file: 'C:/x.ts' }, '/entries/getPet/file', /colon/],
    ['a file that is not .ts', { file: 'x.js' }, '/entries/getPet/file', /does not end in \.ts/],
    ['a number for a string', { model: 7 }, '/entries/getPet/model', /must be a string \(found number 7\)/],
    ['a string for a count', { attempts: '1' }, '/entries/getPet/attempts', /whole number/],
    ['a negative token count', { usage: { input: -1, output: 0, cacheRead: 0, cacheWrite: 0 } }, '/entries/getPet/usage/input', /whole number/],
    ['a missing field', { key: undefined }, '/entries/getPet/key', /is missing/],
    ['an unknown field', { extra: true }, '/entries/getPet/extra', /not a field/],
    ['a verdict Specwright never pins', { verdict: 'unverified' }, '/entries/getPet/verdict', /must be one of/],
    ['a malformed sha', { codeSha256: 'abc' }, '/entries/getPet/codeSha256', /64 lowercase hex/],
  ])('refuses an index.json entry with %s, naming file and pointer', (_, entry, pointer, problem) => {
    const ws = workspace({ [`${LOCK}/index.json`]: indexJson(entry) });
    const error = thrown('LOCK_INVALID', () => readLock(ws.path(LOCK), DISPLAY));
    expect(error.location).toEqual({ file: 'api/specwright.lock/index.json', pointer });
    expect(error.message).toContain(`api/specwright.lock/index.json at ${pointer}`);
    expect(error.message).toMatch(problem);
    expect(error.fix).toMatch(/git checkout -- api\/specwright\.lock/);
  });

  it.each([
    ['lockVersion 0', { lockVersion: 0 }, '/lockVersion', /must be 1/],
    ['a newer lockVersion', { lockVersion: 2 }, '/lockVersion', /newer Specwright/],
    ['entries as an array', { entries: [] }, '/entries', /must be an object \(found an array\)/],
    ['an unknown top-level field', { extra: 1 }, '/extra', /not a field/],
  ])('refuses an index.json with %s', (_, top, pointer, problem) => {
    const ws = workspace({ [`${LOCK}/index.json`]: indexJson({}, top) });
    const error = thrown('LOCK_INVALID', () => readLock(ws.path(LOCK), DISPLAY));
    expect(error.location?.pointer).toBe(pointer);
    expect(error.message).toMatch(problem);
  });

  it('refuses two entries that share a file, compared case-insensitively', () => {
    const base = JSON.parse(indexJson({ file: 'pets.ts' })) as { entries: Record<string, object> };
    base.entries['listPets'] = { ...base.entries['getPet'], file: 'Pets.ts' };
    const ws = workspace({ [`${LOCK}/index.json`]: JSON.stringify(base) });
    const error = thrown('LOCK_INVALID', () => readLock(ws.path(LOCK), DISPLAY));
    expect(error.location?.pointer).toBe('/entries/listPets/file');
    expect(error.message).toMatch(/same file as \/entries\/getPet\/file/);
  });

  it('refuses index.json that is not JSON, with line and column', () => {
    const ws = workspace({ [`${LOCK}/index.json`]: '{\n  "lockVersion": 1,\n}\n' });
    const error = thrown('LOCK_INVALID', () => readLock(ws.path(LOCK), DISPLAY));
    expect(error.location).toMatchObject({ file: 'api/specwright.lock/index.json', line: 3, column: 1 });
    expect(formatError(error)).toMatch(/^api\/specwright\.lock\/index\.json:3:1: Invalid generation lock: .*not valid JSON: trailing comma/);
  });

  it('refuses a pending-batch.json of the wrong shape', () => {
    const ws = workspace({ [`${LOCK}/index.json`]: indexJson({}), [`${LOCK}/pending-batch.json`]: '{"batchId":"b","model":"m","requests":{"c":{"operationId":1,"key":"k"}}}' });
    const error = thrown('LOCK_INVALID', () => readLock(ws.path(LOCK), DISPLAY));
    expect(error.location).toMatchObject({ file: 'api/specwright.lock/pending-batch.json', pointer: '/requests/c/operationId' });
  });

  it('refuses a folder that holds files but no index.json, and a lock that is a file', () => {
    const ws = workspace({ [`${LOCK}/getPet.ts`]: 'x\n', 'b/specwright.lock': 'not a folder\n' });
    expect(thrown('LOCK_INVALID', () => readLock(ws.path(LOCK), DISPLAY)).message).toMatch(/index\.json is missing, but the lock folder holds getPet\.ts/);
    expect(thrown('LOCK_INVALID', () => readLock(ws.path('b/specwright.lock'), 'b/specwright.lock')).message).toMatch(/is not a folder/);
  });

  it('never reads code through a symbolic link that leads out of the lock folder', () => {
    const ws = workspace({ 'secret.ts': 'SECRET\n', 'elsewhere/index.json': indexJson({ file: 'getPet.ts' }) });
    writeLock(ws.path(LOCK), setPins({ getPet: pin('getPet', 'export default 1;\n'), inner: pin('inner', 'export default 2;\n') }), DISPLAY);
    ws.remove(`${LOCK}/getPet.ts`);
    symlinkSync(ws.path('secret.ts'), ws.path(`${LOCK}/getPet.ts`));
    const state = readLock(ws.path(LOCK), DISPLAY);
    const error = thrown('LOCK_INVALID', () => state.readCode(state.index!.entries['getPet']));
    expect(error.location).toMatchObject({ file: 'api/specwright.lock/index.json', pointer: '/entries/getPet/file' });
    expect(error.message).toMatch(/"getPet\.ts", which is a symbolic link that leads out of the lock folder/);
    expect(error.message).not.toContain('SECRET');

    // A link that stays inside the folder is fine.
    ws.remove(`${LOCK}/getPet.ts`);
    symlinkSync('inner.ts', ws.path(`${LOCK}/getPet.ts`));
    const inside = readLock(ws.path(LOCK), DISPLAY);
    expect(inside.readCode(inside.index!.entries['getPet'])).toBe('export default 2;\n');

    // index.json itself, and the whole folder, as links out.
    ws.remove(`${LOCK}/index.json`);
    symlinkSync(ws.path('elsewhere/index.json'), ws.path(`${LOCK}/index.json`));
    expect(thrown('LOCK_INVALID', () => readLock(ws.path(LOCK), DISPLAY)).message).toMatch(/index\.json is a symbolic link that leads out/);
    symlinkSync(ws.path('elsewhere'), ws.path('api/linked.lock'));
    expect(thrown('LOCK_INVALID', () => readLock(ws.path('api/linked.lock'), 'api/linked.lock')).message).toMatch(/is a symbolic link; the lock must be a folder/);
  });

  it('reads a missing pinned file as missing', () => {
    const ws = workspace();
    writeLock(ws.path(LOCK), setPins({ getPet: pin('getPet', 'export default 1;\n') }), DISPLAY);
    ws.remove(`${LOCK}/getPet.ts`);
    const state = readLock(ws.path(LOCK), DISPLAY);
    expect(state.readCode(state.index!.entries['getPet'])).toBeUndefined();
  });

  it('puts the previous version back when a write was killed between its two renames', () => {
    const ws = workspace();
    writeLock(ws.path(LOCK), setPins({ getPet: pin('getPet', 'old\n') }), DISPLAY);
    const before = ws.tree(LOCK);
    // The state a kill between the renames leaves: no lock, the previous version and the new one beside it.
    renameSync(ws.path(LOCK), ws.path('api/.specwright.lock.old-0123456789ab'));
    mkdirSync(ws.path('api/.specwright.lock.tmp-0123456789ab'));
    writeFileSync(join(ws.path('api/.specwright.lock.tmp-0123456789ab'), 'index.json'), indexJson({}));
    // A leftover of another killed write (no pair) must not be taken for the previous version.
    mkdirSync(ws.path('api/.specwright.lock.old-ffffffffffff'));

    const state = readLock(ws.path(LOCK), DISPLAY);
    expect(state.readCode(state.index!.entries['getPet'])).toBe('old\n');
    expect(ws.tree(LOCK)).toEqual(before);

    // The next write removes the leftovers.
    writeLock(ws.path(LOCK), setPins({ getPet: pin('getPet', 'new\n') }), DISPLAY);
    expect(ws.list('api')).toEqual(['specwright.lock/getPet.ts', 'specwright.lock/index.json']);
  });
});

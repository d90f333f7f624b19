import { acquireProjectLock } from './project-lock';
import { SpecwrightError } from '../errors';
import { useTempWorkspaces } from '../__fixtures__/workspace';

const workspace = useTempWorkspaces();

function lockError(acquire: () => unknown): SpecwrightError {
  try {
    acquire();
  } catch (error) {
    if (error instanceof SpecwrightError) return error;
    throw error;
  }
  throw new Error('expected the lock to be refused');
}

describe('acquireProjectLock', () => {
  it("writes this process's pid and removes the file on release", () => {
    const ws = workspace();
    const release = acquireProjectLock(ws.path('.lock'));
    expect(ws.read('.lock')).toBe(String(process.pid));
    release();
    expect(ws.exists('.lock')).toBe(false);
  });

  it('refuses a second holder in the same process until the first releases', () => {
    const ws = workspace();
    const release = acquireProjectLock(ws.path('.lock'), 'project/.lock');
    const error = lockError(() => acquireProjectLock(ws.path('.lock'), 'project/.lock'));
    expect(error.code).toBe('OUTPUT_LOCKED');
    expect(error.location?.file).toBe('project/.lock');
    release();
    acquireProjectLock(ws.path('.lock'))();
    expect(ws.exists('.lock')).toBe(false);
  });

  it('keeps locks on different projects independent', () => {
    const ws = workspace();
    const a = acquireProjectLock(ws.path('a.lock'));
    const b = acquireProjectLock(ws.path('b.lock'));
    a();
    b();
    expect(ws.list()).toEqual([]);
  });
});

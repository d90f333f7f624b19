import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, utimesSync } from 'node:fs';
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

  describe('with another live process', () => {
    const children: ChildProcess[] = [];
    afterEach(() => {
      for (const child of children.splice(0)) child.kill('SIGKILL');
    });
    function sleeper(): number {
      const child = spawn('sleep', ['60'], { stdio: 'ignore' });
      children.push(child);
      return child.pid as number;
    }

    it('refuses while it holds the lock, naming its pid and command line', () => {
      const ws = workspace();
      const pid = sleeper();
      ws.write('.lock', String(pid));
      const error = lockError(() => acquireProjectLock(ws.path('.lock'), 'src/.gen.specwright.lock'));
      expect(error.message).toBe(`Another generate run is writing this output: pid ${pid} (sleep 60) holds the lock`);
      expect(error.fix).toContain(`kill ${pid}`);
      expect(ws.read('.lock')).toBe(String(pid));
    });

    // Linux only: elsewhere the start time is unknown and such a lock is (safely) refused.
    (existsSync('/proc/self/stat') ? it : it.skip)('takes over a lock whose pid now belongs to a process started after the lock was written (pid reuse)', () => {
      const ws = workspace();
      ws.write('.lock', String(sleeper()));
      const anHourAgo = Date.now() / 1000 - 3600;
      utimesSync(ws.path('.lock'), anHourAgo, anHourAgo);
      const release = acquireProjectLock(ws.path('.lock'));
      expect(ws.read('.lock')).toBe(String(process.pid));
      release();
    });
  });
});

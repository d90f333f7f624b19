import { appendFileSync } from 'node:fs';
import { pinStatus } from './pin-status';
import { readLock } from './read-lock';
import { writeLock } from './write-lock';
import { useTempWorkspaces } from '../__fixtures__/workspace';
import { DISPLAY, pin, setPins } from './__fixtures__/lock-fixtures';

const workspace = useTempWorkspaces();
const LOCK = 'api/specwright.lock';
const CODE = 'export default function handler() {}\n';

describe('pinStatus', () => {
  function pinned() {
    const ws = workspace();
    writeLock(ws.path(LOCK), setPins({ getPet: pin('getPet', CODE) }), DISPLAY);
    return { ws, state: () => readLock(ws.path(LOCK), DISPLAY) };
  }

  it('is current for the same key and an untouched file, with the pinned code', () => {
    const { state } = pinned();
    const status = pinStatus(state(), 'getPet', 'getPet-k1');
    expect(status).toMatchObject({ kind: 'current', code: CODE, entry: { key: 'getPet-k1', file: 'getPet.ts' } });
  });

  it('is stale for another key (the contract, model or prompt changed)', () => {
    const { state } = pinned();
    expect(pinStatus(state(), 'getPet', 'getPet-k2')).toMatchObject({ kind: 'stale', code: CODE });
  });

  it('is edited when a person changed the file, whatever the key', () => {
    const { ws, state } = pinned();
    appendFileSync(ws.path(`${LOCK}/getPet.ts`), '// tweaked by hand\n');
    const edited = `${CODE}// tweaked by hand\n`;
    expect(pinStatus(state(), 'getPet', 'getPet-k1')).toMatchObject({ kind: 'edited', code: edited });
    expect(pinStatus(state(), 'getPet', 'getPet-k2')).toMatchObject({ kind: 'edited', code: edited });
  });

  it('compares bytes: a file re-saved with a byte order mark is edited', () => {
    const { ws, state } = pinned();
    ws.write(`${LOCK}/getPet.ts`, `\ufeff${CODE}`);
    expect(pinStatus(state(), 'getPet', 'getPet-k1').kind).toBe('edited');
  });

  it('is missing with no entry, no lock, or no file', () => {
    const { ws, state } = pinned();
    expect(pinStatus(state(), 'listPets', 'x')).toEqual({ kind: 'missing' });
    expect(pinStatus(state(), 'toString', 'x')).toEqual({ kind: 'missing' });
    ws.remove(`${LOCK}/getPet.ts`);
    expect(pinStatus(state(), 'getPet', 'getPet-k1')).toEqual({ kind: 'missing' });
    expect(pinStatus(readLock(ws.path('nowhere/specwright.lock'), 'nowhere'), 'getPet', 'k')).toEqual({ kind: 'missing' });
  });
});

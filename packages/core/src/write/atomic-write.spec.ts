import { readdirSync } from 'node:fs';
import { writeOutputAtomically } from './atomic-write';
import { SpecwrightError } from '../errors';
import { useTempWorkspaces } from '../__fixtures__/workspace';

const workspace = useTempWorkspaces();

/** What marks a folder as an earlier Specwright output. */
const MANIFEST = '{"generator":"specwright"}\n';

describe('writeOutputAtomically', () => {
  it('creates the output directory with exactly the given files, nested folders included', () => {
    const ws = workspace();
    writeOutputAtomically(ws.path('src/generated'), [
      { path: 'index.ts', contents: 'export {};\n' },
      { path: 'implementations/repos/list.ts', contents: 'export default 1;\n' },
    ]);
    expect(ws.tree('src/generated')).toEqual({ 'index.ts': 'export {};\n', 'implementations/repos/list.ts': 'export default 1;\n' });
    expect(readdirSync(ws.path('src'))).toEqual(['generated']);
  });

  it('replaces a previous output as a whole', () => {
    const ws = workspace({ 'src/generated/old.ts': 'old\n', 'src/generated/manifest.json': MANIFEST, 'src/handlers/keep.ts': 'mine\n' });
    writeOutputAtomically(ws.path('src/generated'), [{ path: 'index.ts', contents: 'new index\n' }]);
    expect(ws.tree('src/generated')).toEqual({ 'index.ts': 'new index\n' });
    expect(ws.read('src/handlers/keep.ts')).toBe('mine\n');
    expect(readdirSync(ws.path('src')).sort()).toEqual(['generated', 'handlers']);
  });

  it('leaves the previous output and no temp dirs behind when a file cannot be written', () => {
    const ws = workspace({ 'src/generated/index.ts': 'previous\n' });
    let error: unknown;
    try {
      // `a` cannot be both a file and a folder.
      writeOutputAtomically(ws.path('src/generated'), [
        { path: 'a', contents: 'file\n' },
        { path: 'a/b.ts', contents: 'nested\n' },
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecwrightError);
    expect((error as SpecwrightError).code).toBe('WRITE_FAILED');
    expect((error as SpecwrightError).fix).toMatch(/previous output was left intact/);
    expect(ws.tree('src/generated')).toEqual({ 'index.ts': 'previous\n' });
    expect(readdirSync(ws.path('src'))).toEqual(['generated']);
  });
});

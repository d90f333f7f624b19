import { readdirSync } from 'node:fs';
import { removeStaleSiblings, restoreInterruptedSwap } from './stale-siblings';
import { useTempWorkspaces } from '../__fixtures__/workspace';

const workspace = useTempWorkspaces();
const MANIFEST = '{"generator":"specwright"}\n';

describe('removeStaleSiblings', () => {
  it("removes what killed runs left beside the output, and only that: our names with our content", () => {
    const ws = workspace({
      'src/gen/manifest.json': MANIFEST,
      // Left by killed runs: a half-removed previous output, a half-written one, one killed at its
      // first file, and the mkdtemp names of earlier versions.
      'src/.gen.old-0123456789ab/manifest.json': MANIFEST,
      'src/.gen.old-0123456789ab/implementations/a.ts': 'export {};\n',
      'src/.gen.tmp-00aa11bb22cc/manifest.json': '{"generator":"spe',
      'src/.gen.tmp-aAbB12/manifest.json': MANIFEST,
      'src/.gen.tmp-aAbB12/app.ts': 'export {};\n',
      'src/.gen.old-deadbeef/manifest.json': MANIFEST,
      // Not ours: user content under one of our names, other names, another output's leftovers.
      'src/.gen.tmp-abcdef123456/notes.md': 'mine\n',
      'src/.gen.old-x/manifest.json': MANIFEST,
      'src/.gen.tmp-abcdef123456x/manifest.json': MANIFEST,
      'src/.other.tmp-0123456789ab/manifest.json': MANIFEST,
      'src/.gen.tmp-ffffffffffff': 'a file, not a folder\n',
      'src/handlers/a.ts': 'export {};\n',
    });
    ws.write('src/.gen.tmp-99aa99aa99aa/.keep', '');
    ws.remove('src/.gen.tmp-99aa99aa99aa/.keep');

    expect(removeStaleSiblings(ws.path('src/gen'))).toEqual([
      '.gen.old-0123456789ab',
      '.gen.old-deadbeef',
      '.gen.tmp-00aa11bb22cc',
      '.gen.tmp-99aa99aa99aa',
      '.gen.tmp-aAbB12',
    ]);
    expect(readdirSync(ws.path('src')).sort()).toEqual([
      '.gen.old-x',
      '.gen.tmp-abcdef123456',
      '.gen.tmp-abcdef123456x',
      '.gen.tmp-ffffffffffff',
      '.other.tmp-0123456789ab',
      'gen',
      'handlers',
    ]);
    expect(ws.read('src/.gen.tmp-abcdef123456/notes.md')).toBe('mine\n');
    expect(ws.read('src/gen/manifest.json')).toBe(MANIFEST);
  });

  it('does nothing when the parent folder does not exist yet', () => {
    const ws = workspace();
    expect(removeStaleSiblings(ws.path('a/b/gen'))).toEqual([]);
  });
});

describe('restoreInterruptedSwap', () => {
  it('puts the previous version back only when the target is gone and the same swap left both halves', () => {
    const ws = workspace({
      'src/.gen.old-0123456789ab/manifest.json': 'previous\n',
      'src/.gen.tmp-0123456789ab/manifest.json': 'new\n',
      'src/.gen.old-ffffffffffff/manifest.json': 'older, half removed\n',
    });
    expect(restoreInterruptedSwap(ws.path('src/gen'))).toBe(true);
    expect(ws.read('src/gen/manifest.json')).toBe('previous\n');
    expect(restoreInterruptedSwap(ws.path('src/gen'))).toBe(false);

    const unpaired = workspace({ 'src/.gen.old-0123456789ab/manifest.json': 'previous\n' });
    expect(restoreInterruptedSwap(unpaired.path('src/gen'))).toBe(false);
    expect(unpaired.exists('src/gen')).toBe(false);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultWorkspaceRoot } from './default-workspace-root';

describe('defaultWorkspaceRoot (the CLI without --root)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sw-root-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const make = (...files: string[]): void => {
    for (const file of files) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), '');
    }
  };

  it('is the Nx workspace above the spec, past a nearer .git and package.json', () => {
    make('repo/nx.json', 'repo/apps/api/.git/HEAD', 'repo/apps/api/package.json', 'repo/apps/api/openapi.yaml');
    expect(defaultWorkspaceRoot(join(root, 'repo/apps/api/openapi.yaml'))).toBe(join(root, 'repo'));
  });

  it('is the repository when there is no nx.json; a package.json does not count', () => {
    make('repo/.git/HEAD', 'repo/pkg/package.json', 'repo/pkg/openapi.yaml');
    expect(defaultWorkspaceRoot(join(root, 'repo/pkg/openapi.yaml'))).toBe(join(root, 'repo'));
  });

  it("is the spec's own folder without either, however deep", () => {
    make('lone/package.json', 'lone/specs/openapi.yaml');
    expect(defaultWorkspaceRoot(join(root, 'lone/specs/openapi.yaml'))).toBe(join(root, 'lone/specs'));
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultWorkspaceRoot } from './default-workspace-root';

describe('defaultWorkspaceRoot (the CLI without --workspace-root)', () => {
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

  it('is the Nx workspace above the spec, even from another folder and past nearer package.json files', () => {
    make('repo/nx.json', 'repo/.git/HEAD', 'repo/apps/api/package.json', 'repo/apps/api/openapi.yaml', 'elsewhere/x');
    expect(defaultWorkspaceRoot(join(root, 'elsewhere'), join(root, 'repo/apps/api/openapi.yaml'))).toBe(join(root, 'repo'));
    expect(defaultWorkspaceRoot(join(root, 'repo/apps/api'), join(root, 'repo/apps/api/openapi.yaml'))).toBe(join(root, 'repo'));
  });

  it('is the repository, else the package, when there is no nx.json', () => {
    make('repo/.git/HEAD', 'repo/pkg/package.json', 'repo/pkg/openapi.yaml', 'lone/package.json', 'lone/specs/openapi.yaml');
    expect(defaultWorkspaceRoot(root, join(root, 'repo/pkg/openapi.yaml'))).toBe(join(root, 'repo'));
    expect(defaultWorkspaceRoot(root, join(root, 'lone/specs/openapi.yaml'))).toBe(join(root, 'lone'));
  });

  it("without any marker: the current folder when it holds the spec, else the spec's folder", () => {
    make('work/api/openapi.yaml', 'other/specs/openapi.yaml', 'cwd/x');
    expect(defaultWorkspaceRoot(join(root, 'work'), join(root, 'work/api/openapi.yaml'))).toBe(join(root, 'work'));
    expect(defaultWorkspaceRoot(join(root, 'cwd'), join(root, 'other/specs/openapi.yaml'))).toBe(join(root, 'other/specs'));
  });
});

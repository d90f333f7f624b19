import { existsSync } from 'node:fs';
import { dirname, join, relative, isAbsolute } from 'node:path';

/** What marks a workspace, strongest first: an Nx workspace, a repository, a package. */
const MARKERS = ['nx.json', '.git', 'package.json'] as const;

/**
 * The workspace root when `--workspace-root` is not given: the nearest folder above the spec that
 * holds `nx.json`, else `.git`, else `package.json` (so paths in the output and the lock are the
 * same as under Nx, and `$ref`s may reach the workspace's shared files, from whatever folder the
 * command runs in); without any, the current folder when it holds the spec, else the spec's own
 * folder. A spec in another folder is never refused for sitting outside the current one.
 */
export function defaultWorkspaceRoot(cwd: string, spec: string): string {
  for (const marker of MARKERS) {
    for (let dir = dirname(spec); ; dir = dirname(dir)) {
      if (existsSync(join(dir, marker))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  return isInside(spec, cwd) ? cwd : dirname(spec);
}

function isInside(file: string, dir: string): boolean {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

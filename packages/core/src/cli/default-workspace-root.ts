import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What marks a workspace, strongest first: an Nx workspace, then a repository. */
const MARKERS = ['nx.json', '.git'] as const;

/**
 * The workspace root when `--root` is not given: the nearest folder above the spec that holds
 * `nx.json`, else `.git` (so paths in the output and the lock are the same as under Nx, and
 * `$ref`s may reach the repository's shared files, from whatever folder the command runs in),
 * else the spec's own folder. It never depends on the current folder, so a spec elsewhere
 * (`--spec ../elsewhere/api.json`) is never refused for being outside it; only `$ref`s that leave
 * the root are.
 */
export function defaultWorkspaceRoot(spec: string): string {
  for (const marker of MARKERS) {
    for (let dir = dirname(spec); ; dir = dirname(dir)) {
      if (existsSync(join(dir, marker))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  return dirname(spec);
}

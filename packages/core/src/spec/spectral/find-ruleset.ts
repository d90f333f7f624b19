import { existsSync } from 'node:fs';
import { posix, resolve } from 'node:path';

/** The names Spectral's own CLI looks for, in its order of preference. */
export const SPECTRAL_RULESET_NAMES = ['.spectral.yaml', '.spectral.yml', '.spectral.json'] as const;

/**
 * The Spectral ruleset for a lint: the first `.spectral.yaml`, `.yml` or `.json` in `dirs`
 * (workspace-relative folders, nearest first: the project's, then the workspace root's), as a
 * workspace-relative path; undefined when there is none (then Spectral is not run at all).
 */
export function findSpectralRuleset(workspaceRoot: string, dirs: readonly string[]): string | undefined {
  for (const dir of dirs) {
    for (const name of SPECTRAL_RULESET_NAMES) {
      const candidate = posix.join(dir, name);
      if (existsSync(resolve(workspaceRoot, candidate))) return candidate;
    }
  }
  return undefined;
}

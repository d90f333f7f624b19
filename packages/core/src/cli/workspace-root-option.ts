import { isAbsolute, relative, resolve } from 'node:path';
import { isSpecwrightError, SpecwrightError } from '../errors';
import { toPosix } from '../spec/ref-closure';
import { defaultWorkspaceRoot } from './default-workspace-root';

/**
 * The workspace root of a CLI run: `--root` (or its older name `--workspace-root`) resolved
 * against the current folder, else the default found from the spec. A problem with the command
 * line (both names for different folders, a spec outside the root given) is returned, not thrown:
 * the CLI prints it with the usage and exits 2.
 */
export function chooseWorkspaceRoot(cwd: string, spec: string, root: string | undefined, alias: string | undefined): string | { problem: string } {
  const given = [root, alias].filter((dir): dir is string => dir !== undefined).map((dir) => resolve(cwd, dir));
  if (given.length === 2 && given[0] !== given[1]) {
    return { problem: '--root and --workspace-root name different folders; pass one of them (--workspace-root is the older name of --root).' };
  }
  if (given.length === 0) return defaultWorkspaceRoot(spec);
  const chosen = given[0] as string;
  const rel = relative(chosen, spec);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    return { problem: `The spec ${shown(cwd, spec)} is not inside --root ${shown(cwd, chosen)}: pass a --root that holds it, or leave --root out.` };
  }
  return chosen;
}

/**
 * A `$ref` that leaves the root gets a fix that names the CLI's way out (core's fix speaks of the
 * workspace, which under Nx is fixed): a wider `--root`, or moving the file in.
 */
export function withRootFix(error: unknown, cwd: string, workspaceRoot: string): unknown {
  if (!isSpecwrightError(error) || error.code !== 'REF_OUTSIDE_WORKSPACE') return error;
  return new SpecwrightError(error.code, error.message, {
    location: error.location,
    fix:
      `Pass --root <dir> with a folder that holds both the spec and the file it references, or move that file inside the root. ` +
      `The root is now ${shown(cwd, workspaceRoot)} (without --root: the nearest folder above the spec with nx.json, else .git, else the spec's own folder).`,
    cause: error,
  });
}

/** A path as the user would type it from the current folder. */
function shown(cwd: string, path: string): string {
  return toPosix(relative(cwd, path)) || '.';
}

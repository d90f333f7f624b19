import { realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';

/**
 * Path comparison that symlinks, `..`, and case-insensitive filesystems cannot fool. Written by
 * hand because it is a few lines over node:fs and no well-kept library compares possibly
 * not-yet-existing paths by identity.
 */

/**
 * The real path of `path`: the longest existing prefix resolved by the OS (`realpath.native`
 * follows every link and, on macOS and Windows, returns the on-disk case), plus the part that
 * does not exist yet. `path` must be absolute and normalized (path.resolve), which is also the
 * path the writer uses.
 */
export function realPath(path: string): string {
  const missing: string[] = [];
  let existing = path;
  for (;;) {
    try {
      return join(realpathSync.native(existing), ...missing.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const parent = dirname(existing);
      if (parent === existing) return path;
      missing.push(basename(existing));
      existing = parent;
    }
  }
}

/**
 * Whether `inner` is `outer` or lies inside it. Compares real paths, case-folded where the
 * platform's usual filesystem ignores case, and then file identities (device + inode) of each
 * existing ancestor, which also catches case-insensitive mounts on Linux and hard-to-spell
 * aliases of one folder.
 */
export function isSameOrInside(inner: string, outer: string): boolean {
  return insideOf(outer)(inner);
}

/** `isSameOrInside(·, outer)` for many paths: the ancestors' identities are looked up once. */
export function insideOf(outer: string): (inner: string) => boolean {
  const realOuter = realPath(outer);
  const foldedOuter = fold(realOuter);
  const target = identity(realOuter);
  const seen = new Map<string, boolean>();
  const matches = (dir: string): boolean => {
    let result = seen.get(dir);
    if (result === undefined) {
      const here = identity(dir);
      result = here !== undefined && target !== undefined && here.dev === target.dev && here.ino === target.ino;
      if (!result && dirname(dir) !== dir) result = matches(dirname(dir));
      seen.set(dir, result);
    }
    return result;
  };
  return (inner) => {
    const realInner = realPath(inner);
    return isPrefix(foldedOuter, fold(realInner)) || (target !== undefined && matches(realInner));
  };
}

function isPrefix(outer: string, inner: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);
}

const CASE_INSENSITIVE_PLATFORM = process.platform === 'darwin' || process.platform === 'win32';

function fold(path: string): string {
  return CASE_INSENSITIVE_PLATFORM ? path.toLowerCase() : path;
}

/** Device and inode of an existing path; undefined when missing or when the fs has no inodes. */
function identity(path: string): Pick<Stats, 'dev' | 'ino'> | undefined {
  try {
    const stats = statSync(path);
    return stats.ino === 0 ? undefined : stats;
  } catch {
    return undefined;
  }
}

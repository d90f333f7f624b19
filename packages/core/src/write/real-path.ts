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
  const realInner = realPath(inner);
  const realOuter = realPath(outer);
  if (isPrefix(fold(realOuter), fold(realInner))) return true;
  const target = identity(realOuter);
  if (!target) return false;
  for (let current = realInner; ; current = dirname(current)) {
    const here = identity(current);
    if (here && here.dev === target.dev && here.ino === target.ino) return true;
    if (dirname(current) === current) return false;
  }
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

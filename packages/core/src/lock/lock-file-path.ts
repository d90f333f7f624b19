import { lstatSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Why `file` (an entry's `file`) is not a path Specwright writes inside the lock folder, or
 * undefined when it is: relative, POSIX, no `.`/`..`/empty segment, ending in `.ts`. The lock
 * may come from a hostile pull request, so anything that could name a file elsewhere (an
 * absolute or drive path, a backslash that Windows reads as a separator, `..`) is refused
 * before the path is ever joined.
 */
export function lockFileProblem(file: string): string | undefined {
  if (file === '') return 'is empty';
  if (file.includes('\\')) return 'contains a backslash (lock paths are POSIX paths)';
  if (file.startsWith('/')) return 'is an absolute path (lock paths are relative to the lock folder)';
  if (file.includes(':')) return 'contains a colon (a drive letter or a Windows stream name)';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(file)) return 'contains a control character';
  for (const segment of file.split('/')) {
    if (segment === '') return 'has an empty path segment';
    if (segment === '.' || segment === '..') return `has a "${segment}" segment (lock paths stay inside the lock folder)`;
  }
  if (!file.endsWith('.ts')) return 'does not end in .ts';
  return undefined;
}

/** The absolute path of a checked lock-relative file. */
export function lockFilePath(lockDir: string, file: string): string {
  return join(lockDir, ...file.split('/'));
}

/**
 * What a lock-relative path is on disk, without following any link: `file` (a regular file),
 * `missing` (it or a parent folder does not exist), or `blocked` (it, or a folder on the way
 * to it, is a symbolic link, or is not what the path needs). Writing only ever goes to
 * `missing` or `file` paths, so no link can redirect a write out of the lock folder.
 */
export function lockPathKind(lockDir: string, file: string): 'file' | 'missing' | 'blocked' {
  const segments = file.split('/');
  let path = lockDir;
  for (const [index, segment] of segments.entries()) {
    path = join(path, segment);
    let stats;
    try {
      stats = lstatSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
      throw error;
    }
    const last = index === segments.length - 1;
    if (last ? !stats.isFile() : !stats.isDirectory()) return 'blocked';
  }
  return 'file';
}

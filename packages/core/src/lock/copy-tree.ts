import { constants, copyFileSync, mkdirSync, readdirSync, readlinkSync, rmdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Copies the folder `from` into the existing folder `to`, leaving out the paths in `skip`
 * (relative POSIX). Links are copied as links, never followed, so a link in a hostile lock
 * cannot make the copy read or write outside it. Files keep their modes (copyFile copies
 * them); new folders get the umask's. A folder that only held skipped files is left out too,
 * so dropping the last pin of a folder drops the folder. Returns how many entries it copied.
 */
export function copyTreeExcept(from: string, to: string, skip: ReadonlySet<string>, prefix = ''): number {
  let copied = 0;
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const relative = prefix + entry.name;
    if (skip.has(relative)) continue;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isSymbolicLink()) {
      symlinkSync(readlinkSync(source), target);
    } else if (entry.isDirectory()) {
      mkdirSync(target);
      const inside = readdirSync(source).length;
      if (copyTreeExcept(source, target, skip, `${relative}/`) === 0 && inside > 0) {
        rmdirSync(target);
        continue;
      }
    } else if (entry.isFile()) {
      // A copy-on-write clone where the filesystem has them, a plain copy elsewhere.
      copyFileSync(source, target, constants.COPYFILE_FICLONE);
    } else {
      throw new Error(`${source} is neither a file, a folder nor a symbolic link`);
    }
    copied++;
  }
  return copied;
}

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SpecwrightError } from '../errors';
import { LOCK_INDEX } from '../lock/lock-types';
import { displayPath, type OutputPaths } from './output-safety';
import { isSameOrInside } from './real-path';

/**
 * Refuses a generation lock folder (`--lock`, `lockDir`) that writing it could damage. The lock
 * is written by swapping in a complete copy of the folder, so it must be a folder of its own:
 * not the workspace or project root or above them, not holding the spec, the handlers or the
 * output, and, when it exists, either empty or a lock already (it holds `index.json`). So
 * `--lock .` or `--lock src` is refused instead of copying and replacing the user's folder.
 */
export function assertSafeLockDir(paths: OutputPaths & { readonly lockDir: string }): void {
  const lock = paths.lockDir;
  const show = (path: string): string => displayPath(paths.workspaceRoot, path);
  const refuse = (why: string): never => {
    throw new SpecwrightError('UNSAFE_OUTPUT_DIR', `Refusing to use ${show(lock)} as the generation lock: ${why}`, {
      location: { file: show(lock) },
      fix: 'Give the lock a folder of its own, such as specwright.lock beside the spec (the default).',
    });
  };
  for (const [what, path] of [
    ['the workspace root', paths.workspaceRoot],
    ['the project root', paths.projectRoot],
    ['the spec', paths.spec],
    ['the hand-owned handlers folder', paths.handlersDir],
    ['the output folder', paths.outDir],
  ] as const) {
    if (path !== undefined && isSameOrInside(path, lock)) refuse(`it is or contains ${what} ${show(path)}`);
  }
  if (!existsSync(lock)) return;
  if (!statSync(lock).isDirectory()) refuse('it is a file');
  const entries = readdirSync(lock);
  if (entries.length > 0 && !entries.includes(LOCK_INDEX)) {
    refuse(`it already holds files and no ${LOCK_INDEX} (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}), so it is not a lock Specwright wrote`);
  }
}

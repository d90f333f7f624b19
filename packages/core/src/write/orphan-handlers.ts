import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { toPosix } from '../spec/ref-closure';

/**
 * Hand-owned handler files under the handlers folder, relative and without `.ts`, spelled as on
 * disk. Listed with readdir rather than probed with existsSync: on macOS and Windows existsSync
 * also finds `getpet.ts` for `getPet.ts`, so the same checkout would bind differently on Linux.
 * Declarations and tests (`.d.ts`, `.spec.ts`, `.test.ts`) are not handlers.
 */
export function listHandOwnedFiles(handlersDir: string): Set<string> {
  const files = new Set<string>();
  if (!existsSync(handlersDir)) return files;
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !/\.(spec|test)\.ts$/.test(entry.name)) {
        files.add(toPosix(relative(handlersDir, path)).replace(/\.ts$/, ''));
      }
    }
  };
  visit(handlersDir);
  return files;
}

/**
 * Hand-owned handler files that no operation is bound to: usually an operation that was renamed
 * or removed from the spec, whose handler now silently does nothing. Sorted.
 */
export function findOrphanHandlers(handOwnedFiles: ReadonlySet<string>, boundFiles: ReadonlySet<string>): string[] {
  return [...handOwnedFiles].filter((name) => !boundFiles.has(name)).sort();
}

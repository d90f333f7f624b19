import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { toPosix } from '../spec/ref-closure';

/**
 * Hand-owned handler files that match no operation: usually an operation that was renamed or
 * removed from the spec, whose handler now silently does nothing. Returned sorted, relative to
 * the handlers directory, without extension.
 */
export function findOrphanHandlers(handlersDir: string, operationFileNames: ReadonlySet<string>): string[] {
  if (!existsSync(handlersDir)) return [];
  const orphans: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !/\.(spec|test)\.ts$/.test(entry.name)) {
        const name = toPosix(relative(handlersDir, path)).replace(/\.ts$/, '');
        if (!operationFileNames.has(name)) orphans.push(name);
      }
    }
  };
  visit(handlersDir);
  return orphans.sort();
}

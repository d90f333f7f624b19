import { statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { toPosix } from '../spec/ref-closure';
import { moduleSpecifier } from './generated-file';

/** The project's context module: the `Services` its handlers receive, and `createServices()`. */
export interface ProjectContext {
  /** Absolute path of the module (`<project>/src/context.ts`). */
  readonly file: string;
  /** The module as imported from the output folder's root files (`../context.js`): handler-types.ts and app.ts. */
  readonly importFromOutDir: string;
  /** The module's path relative to the output folder (`../context.ts`), as the verifier places it. */
  readonly pathFromOutDir: string;
}

/**
 * `context.ts` beside the handlers folder (`src/context.ts` for `src/handlers`), when the project
 * has one: then handlers are typed with its `Services` and apps call its `createServices()`;
 * without it they get the runtime's DefaultServices (an in-memory store).
 */
export function findProjectContext(handlersDir: string, outDir: string): ProjectContext | undefined {
  const file = join(dirname(handlersDir), 'context.ts');
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) return undefined;
  const pathFromOutDir = toPosix(relative(outDir, file));
  const specifier = moduleSpecifier(pathFromOutDir.replace(/\.ts$/, ''));
  return { file, importFromOutDir: specifier.startsWith('.') ? specifier : `./${specifier}`, pathFromOutDir };
}

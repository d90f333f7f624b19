import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { sep } from 'node:path';
import { typescript } from '../util/lazy';

type CompilableModule = NodeJS.Module & { _compile(code: string, filename: string): void };
type Loader = (module: NodeJS.Module, filename: string) => void;
type ResolveFilename = (request: string, parent: NodeJS.Module | undefined, ...rest: unknown[]) => string;
const ModuleInternals = Module as unknown as { _resolveFilename: ResolveFilename };

/**
 * Lets `require()` load the generated TypeScript (and hand-owned handlers) without a build step:
 * each `.ts` file is transpiled on load with TypeScript's own `transpileModule`, and a relative
 * `./x.js` import that has no `.js` file resolves to `./x.ts` (generated code names compiled
 * files, as ESM resolution requires). Node 20 cannot strip types itself, and ts-node/tsx would add
 * a toolchain to every user's install while TypeScript is already ours. Files under node_modules
 * are left to whatever loader was there. Returns a function that restores the previous state.
 */
export function registerTypeScript(): () => void {
  const ts = typescript();
  const extensions = require.extensions as NodeJS.RequireExtensions & Record<string, Loader | undefined>;
  const previousLoader = extensions['.ts'];
  const loader: Loader = (module, filename) => {
    if (filename.includes(`${sep}node_modules${sep}`) && previousLoader) return previousLoader(module, filename);
    const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        inlineSourceMap: true,
        inlineSources: true,
      },
    });
    (module as CompilableModule)._compile(outputText, filename);
  };
  extensions['.ts'] = loader;

  const previousResolve = ModuleInternals._resolveFilename;
  const resolve: ResolveFilename = function (this: unknown, request, parent, ...rest) {
    try {
      return previousResolve.call(this, request, parent, ...rest);
    } catch (error) {
      if (!/^\.\.?\//.test(request) || !request.endsWith('.js')) throw error;
      return previousResolve.call(this, `${request.slice(0, -3)}.ts`, parent, ...rest);
    }
  };
  ModuleInternals._resolveFilename = resolve;

  return () => {
    if (extensions['.ts'] === loader) {
      if (previousLoader) extensions['.ts'] = previousLoader;
      else delete extensions['.ts'];
    }
    if (ModuleInternals._resolveFilename === resolve) ModuleInternals._resolveFilename = previousResolve;
  };
}

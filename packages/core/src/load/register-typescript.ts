import { readFileSync } from 'node:fs';
import { sep } from 'node:path';
import { typescript } from '../util/lazy';

type CompilableModule = NodeJS.Module & { _compile(code: string, filename: string): void };
type Loader = (module: NodeJS.Module, filename: string) => void;

/**
 * Lets `require()` load the generated TypeScript (and hand-owned handlers) without a build step:
 * each `.ts` file is transpiled on load with TypeScript's own `transpileModule`. Node 20 cannot
 * strip types itself, and ts-node/tsx would add a toolchain to every user's install while
 * TypeScript is already ours. Files under node_modules are left to whatever loader was there.
 * Returns a function that restores the previous loader.
 */
export function registerTypeScript(): () => void {
  const extensions = require.extensions as NodeJS.RequireExtensions & Record<string, Loader | undefined>;
  const previous = extensions['.ts'];
  const ts = typescript();
  const loader: Loader = (module, filename) => {
    if (filename.includes(`${sep}node_modules${sep}`) && previous) return previous(module, filename);
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
  return () => {
    if (extensions['.ts'] !== loader) return;
    if (previous) extensions['.ts'] = previous;
    else delete extensions['.ts'];
  };
}

/**
 * A Jest transformer for the generated suite and the app it loads (TypeScript, ESM-style `.js`
 * specifiers): TypeScript's own transpileModule to CommonJS. The executor uses it so a workspace
 * needs no ts-jest or babel setup to run conformance; type errors are `tsc`'s job, not this one's.
 */
import { createHash } from 'node:crypto';
import ts from 'typescript';

const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  sourceMap: false,
  inlineSourceMap: true,
  inlineSources: true,
  isolatedModules: true,
  resolveJsonModule: true,
};

const transformer = {
  process(sourceText: string, sourcePath: string): { code: string } {
    const output = ts.transpileModule(sourceText, { compilerOptions: COMPILER_OPTIONS, fileName: sourcePath });
    return { code: output.outputText };
  },
  getCacheKey(sourceText: string, sourcePath: string): string {
    return createHash('sha256').update(ts.version).update('\0').update(sourcePath).update('\0').update(sourceText).digest('hex');
  },
};

export = transformer;

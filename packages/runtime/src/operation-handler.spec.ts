/**
 * Type-level tests: compiles __fixtures__/operation-handler.types.ts with the TypeScript compiler
 * API. The fixture pairs correct handlers with `@ts-expect-error` lines for wrong statuses, bodies
 * and media types, so "no diagnostics" means both "right code compiles" and "wrong code does not".
 */
import * as path from 'node:path';
import ts from 'typescript';

const fixture = path.join(__dirname, '__fixtures__', 'operation-handler.types.ts');

interface Diagnostic {
  readonly line: number;
  readonly message: string;
}

function diagnosticsOf(fileName: string): Diagnostic[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(__dirname, '..', 'tsconfig.spec.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!config) throw new Error('tsconfig.spec.json could not be read');
  const program = ts.createProgram([fileName], { ...config.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => ({
    line: (diagnostic.file?.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line ?? -1) + 1,
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
  }));
}

describe('OperationHandler types', () => {
  it('accept declared results and reject wrong statuses, bodies and media types', () => {
    expect(diagnosticsOf(fixture)).toEqual([]);
  }, 60_000);

  it('really reject: with the @ts-expect-error comments blanked, each marked line fails', () => {
    const lines = (ts.sys.readFile(fixture) ?? '').split('\n');
    const marked = lines.flatMap((line, index) => (/^\s*\/\/ @ts-expect-error/.test(line) ? [index + 2] : []));
    const stripped = path.join(__dirname, '__fixtures__', 'operation-handler.types.stripped.tmp.ts');
    ts.sys.writeFile(stripped, lines.map((line) => (/^\s*\/\/ @ts-expect-error/.test(line) ? '' : line)).join('\n'));
    try {
      const failing = new Set(diagnosticsOf(stripped).map((diagnostic) => diagnostic.line));
      expect(marked.length).toBeGreaterThan(10);
      expect([...failing].sort((a, b) => a - b)).toEqual(marked);
    } finally {
      ts.sys.deleteFile?.(stripped);
    }
  }, 60_000);
});

/**
 * A temp project that can typecheck and run generated code: the repository's node_modules linked
 * in (so `@specwright/runtime`, hono and openapi-fetch resolve), strict compiler settings, and a
 * child process that serves the generated apps (serve-generated.js).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { typescript } from '../../util/lazy';
import { CORE_ROOT, REPO_ROOT, type TempWorkspace, type WorkspaceFactory } from '../../__fixtures__/workspace';

/** What the generated code imports, found through the repository's node_modules. */
const REQUIRED = {
  '@specwright/runtime types (build it: npx tsc -b packages/runtime)': join(REPO_ROOT, 'packages', 'runtime', 'dist', 'index.d.ts'),
  '@specwright/core build (register-typescript.js, which loads generated code: npm run build)': join(CORE_ROOT, 'dist', 'load', 'register-typescript.js'),
  'hono (a dependency of @specwright/runtime)': join(REPO_ROOT, 'node_modules', 'hono', 'package.json'),
  'openapi-fetch (what the generated client.ts imports; install it at the repository root)': join(REPO_ROOT, 'node_modules', 'openapi-fetch', 'package.json'),
};

export function checkPrerequisites(): void {
  const missing = Object.entries(REQUIRED).filter(([, file]) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(`Cannot typecheck the generated code; missing:\n${missing.map(([what, file]) => `  - ${what}: ${file}`).join('\n')}`);
  }
}

/**
 * Strict settings a user's project might well have; `types: []` so nothing ambient leaks in. A
 * JSON file, so the corpus check (tools/bench/corpus) holds generated code to the same settings.
 */
export const TSCONFIG = {
  compilerOptions: JSON.parse(readFileSync(join(__dirname, 'strict-compiler-options.json'), 'utf8')) as Record<string, unknown>,
  include: ['apps/**/*.ts'],
  // The generation lock holds each pin as the `.ts` it becomes in the output, with imports
  // relative to the output: compiled where it is, it cannot resolve them (see the README).
  exclude: ['**/specwright.lock/**'],
};

/** A workspace whose node_modules is the repository's, as a CommonJS package (no "type": "module"). */
export function projectWorkspace(workspace: WorkspaceFactory): TempWorkspace {
  checkPrerequisites();
  const ws = workspace({ 'package.json': JSON.stringify({ name: 'typecheck-fixture', private: true }), 'tsconfig.json': JSON.stringify(TSCONFIG, null, 2) });
  symlinkSync(join(REPO_ROOT, 'node_modules'), ws.path('node_modules'), 'junction');
  return ws;
}

/**
 * Typechecks the project's tsconfig.json with the compiler API: one program for every file, so
 * many generated outputs cost one check. Returns the diagnostics as `file(line,col): TSnnnn text`.
 */
export function typecheckProject(ws: TempWorkspace): string[] {
  const ts = typescript();
  const config = ts.getParsedCommandLineOfConfigFile(ws.path('tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  if (!config) throw new Error('tsconfig.json could not be read');
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return `TS${d.code} ${text}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName.slice(ws.root.length + 1)}(${line + 1},${character + 1}): TS${d.code} ${text}`;
  });
}

export interface ServedOperation {
  readonly operationId: string;
  readonly status: number;
  readonly body: string;
}

export interface ServeReport {
  readonly apps: ReadonlyArray<{ readonly outDir: string; readonly operations: readonly ServedOperation[] }>;
  /** Whether anything set `globalThis.__specwrightPwned` while the modules loaded or served. */
  readonly pwned: boolean;
}

/**
 * Loads each output folder's index.ts in a fresh node process (as `specwright serve` loads the
 * app, or compiled for an older `target`), serves it over HTTP on 127.0.0.1 and sends one
 * request per operation.
 */
export function serveGenerated(
  ws: TempWorkspace,
  outDirs: readonly string[],
  options: { env?: NodeJS.ProcessEnv; headers?: Record<string, string>; target?: 'ES5' | 'ES2015' | 'ES2017' } = {},
): ServeReport {
  const script = join(__dirname, 'serve-generated.js');
  const argument = JSON.stringify({ outDirs: outDirs.map((dir) => ws.path(dir)), headers: options.headers, target: options.target });
  const stdout = execFileSync(process.execPath, [script, argument], { cwd: ws.root, encoding: 'utf8', stdio: ['ignore', 'pipe', process.env.SPECWRIGHT_DEBUG_SERVE ? 'inherit' : 'pipe'], env: { ...process.env, ...options.env }, timeout: 60_000 });
  return JSON.parse(stdout) as ServeReport;
}

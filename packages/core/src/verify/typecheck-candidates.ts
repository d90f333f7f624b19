import { join, posix } from 'node:path';
import type * as TS from 'typescript';
import type { Operation } from '../contract/index-operations';
import { moduleSpecifier, type GeneratedFile } from '../emit/generated-file';
import { identifier, stringLiteral } from '../emit/render-code';
import { SpecwrightError } from '../errors';
import { typescript } from '../util/lazy';

/**
 * The compiler settings candidates are held to: the strict settings a user's project might well
 * have, the same as `emit/__fixtures__/strict-compiler-options.json` that the generated-code
 * typecheck tests and the corpus check use (a test keeps the two equal). `types: []` so nothing
 * ambient (no `process`, no `require`) leaks in; node16 resolution accepts the `./x.js`
 * specifiers generated code writes.
 */
export const STRICT_COMPILER_OPTIONS = {
  strict: true,
  noEmit: true,
  target: 'ES2022',
  lib: ['ES2022', 'DOM'],
  module: 'node16',
  moduleResolution: 'node16',
  types: [],
  skipLibCheck: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  forceConsistentCasingInFileNames: true,
  isolatedModules: true,
} as const;

/**
 * Where the emitted files live for the compiler: a folder that exists nowhere on disk, so no file
 * of the machine can stand in for one of them. Deep enough that the context file (`../context.ts`)
 * still lands inside it.
 */
const VIRTUAL_ROOT = '/__specwright_verify__';
/** The module that checks the candidate's default export against the operation's handler type. */
const PROBE_FILE = '__specwright_verify__.ts';
/**
 * The name every candidate is given, in the folder of its operation's real file: the folder
 * keeps its imports resolving the same (`implementations/repos/get.ts` imports
 * `../../handler-types.js`), and the fixed name keeps the program's shape from one candidate to
 * the next, so TypeScript reuses every module resolution. Messages name the real file.
 */
const CANDIDATE_NAME = '__specwright_candidate__';

export interface CandidateTypecheckerOptions {
  /** The emitted files of this run, paths relative to the output folder. */
  readonly files: readonly GeneratedFile[];
  /** The project's context module, path relative to the output folder (`../context.ts`). */
  readonly contextFile?: { readonly path: string; readonly contents: string };
}

export interface CandidateTypechecker {
  /**
   * The candidate's syntactic and semantic diagnostics, as placed at
   * `implementations/<fileName>.ts`, each `implementations/x.ts(line,col): error TSnnnn: text`
   * (message chains flattened); then, when it has none, whether its default export is the
   * operation's handler. Empty: it typechecks.
   */
  check(operation: Operation, code: string): string[];
  /** How often a file (relative to the output folder) was parsed: the emitted files once per run. */
  parses(path: string): number;
  dispose(): void;
}

/**
 * One TypeScript language service over the emitted files, held in memory for a whole run. Each
 * candidate replaces one script; the service rebuilds its program incrementally, reusing every
 * other parsed file (types.ts of a large spec takes seconds to parse, a candidate milliseconds),
 * and only the candidate's diagnostics are asked for, so only what it uses is checked.
 * `@specwright/runtime` and hono resolve to their real declaration files in node_modules.
 */
export function createCandidateTypechecker(options: CandidateTypecheckerOptions): CandidateTypechecker {
  const ts = typescript();
  const converted = ts.convertCompilerOptionsFromJson(STRICT_COMPILER_OPTIONS, '/');
  if (converted.errors.length > 0) throw new Error(ts.flattenDiagnosticMessageText(converted.errors[0]!.messageText, '\n'));
  const compilerOptions = converted.options;

  const outDir = virtualOutDir(options.contextFile?.path);
  const toVirtual = (path: string): string => posix.join(outDir, path);
  const isVirtual = (path: string): boolean => path === VIRTUAL_ROOT || path.startsWith(`${VIRTUAL_ROOT}/`);
  const emitted = new Map<string, string>();
  for (const file of options.files) emitted.set(toVirtual(file.path), file.contents);
  if (options.contextFile) emitted.set(toVirtual(options.contextFile.path), options.contextFile.contents);
  if (!emitted.has(toVirtual('handler-types.ts'))) {
    throw new SpecwrightError('VERIFIER_SETUP', 'Cannot verify handlers: the emitted files have no handler-types.ts', {
      location: { file: 'handler-types.ts' },
      fix: 'Create the verifier from the files of a generate run that emits the server.',
    });
  }
  const directories = new Set<string>();
  for (const path of emitted.keys()) {
    for (let dir = posix.dirname(path); isVirtual(dir) && !directories.has(dir); dir = posix.dirname(dir)) directories.add(dir);
  }

  // The candidate being checked; its version changes with every candidate so the service re-reads it.
  let candidatePath = '';
  let candidate = { text: '', version: 0 };
  const probePath = toVirtual(PROBE_FILE);
  let probeText = '';
  const snapshots = new Map<string, TS.IScriptSnapshot>();
  // Parsed files seen so far, to count parses: a file the service reuses is the same object.
  const seenFiles = new WeakSet<TS.SourceFile>();
  const parseCounts = new Map<string, number>();
  const countParses = (): void => {
    for (const file of service.getProgram()?.getSourceFiles() ?? []) {
      if (seenFiles.has(file)) continue;
      seenFiles.add(file);
      parseCounts.set(file.fileName, (parseCounts.get(file.fileName) ?? 0) + 1);
    }
  };

  const textOf = (path: string): string | undefined => {
    if (path === candidatePath) return candidate.text;
    if (path === probePath) return probeText;
    return emitted.get(path);
  };
  const fileExists = (path: string): boolean => (isVirtual(path) ? textOf(path) !== undefined : ts.sys.fileExists(path));
  const readFile = (path: string): string | undefined => (isVirtual(path) ? textOf(path) : ts.sys.readFile(path));
  const resolutionHost: TS.ModuleResolutionHost = {
    fileExists,
    readFile,
    directoryExists: (path) => (isVirtual(path) ? directories.has(path) || path === outDir : ts.sys.directoryExists(path)),
    realpath: (path) => (isVirtual(path) ? path : (ts.sys.realpath?.(path) ?? path)),
    getCurrentDirectory: () => outDir,
    getDirectories: (path) => (isVirtual(path) ? [] : ts.sys.getDirectories(path)),
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
  };
  const canonical = (path: string): string => (ts.sys.useCaseSensitiveFileNames ? path : path.toLowerCase());
  const resolutionCache = ts.createModuleResolutionCache(outDir, canonical, compilerOptions);
  // Packages are looked up from here: where @specwright/core is installed, beside the runtime.
  const anchor = join(__dirname, 'typecheck-candidates.ts');
  assertRuntimeResolves(ts, anchor, compilerOptions, resolutionHost);

  const host: TS.LanguageServiceHost = {
    getCompilationSettings: () => compilerOptions,
    getScriptFileNames: () => (candidate.version === 0 ? [] : [candidatePath, probePath]),
    getScriptVersion: (path) => (path === candidatePath || path === probePath ? String(candidate.version) : '0'),
    getScriptSnapshot(path) {
      // Asked for every file of every program: only the candidate and the probe change, and
      // reading lib.dom.d.ts again for each candidate would cost more than checking it.
      const current = path === candidatePath || path === probePath;
      let snapshot = current ? undefined : snapshots.get(path);
      if (!snapshot) {
        const text = readFile(path);
        if (text === undefined) return undefined;
        snapshot = ts.ScriptSnapshot.fromString(text);
        if (!current) snapshots.set(path, snapshot);
      }
      return snapshot;
    },
    getCurrentDirectory: () => outDir,
    getDefaultLibFileName: (settings) => ts.getDefaultLibFilePath(settings),
    fileExists,
    readFile,
    directoryExists: resolutionHost.directoryExists,
    getDirectories: resolutionHost.getDirectories,
    realpath: resolutionHost.realpath,
    useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
    // JSDoc is not needed for type errors in .ts files; types.ts of a big spec is mostly JSDoc.
    jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeErrors,
    resolveModuleNameLiterals(literals, containingFile, redirectedReference, settings, containingSourceFile) {
      return literals.map((literal) => {
        const name = literal.text;
        const mode = ts.getModeForUsageLocation(containingSourceFile, literal, settings);
        // A package imported by an emitted file is found where a real output folder would find it.
        const from = isVirtual(containingFile) && !/^\.\.?\//.test(name) ? anchor : containingFile;
        return ts.resolveModuleName(name, from, settings, resolutionHost, resolutionCache, redirectedReference, mode);
      });
    },
  };
  // Not in the public type, but the service's compiler host takes it: with it, which files are
  // CommonJS (read from package.json) is remembered across programs instead of read again.
  Object.assign(host, { getModuleResolutionCache: () => resolutionCache });
  const service = ts.createLanguageService(host, ts.createDocumentRegistry(ts.sys.useCaseSensitiveFileNames, outDir, ts.JSDocParsingMode.ParseForTypeErrors));

  return {
    check(operation, code) {
      const display = `implementations/${operation.fileName}.ts`;
      const placed = posix.join(posix.dirname(display), CANDIDATE_NAME);
      candidatePath = toVirtual(`${placed}.ts`);
      // The candidate's folders must exist for module resolution: generate hands over the emitted
      // files without implementations/ (that folder only ever holds candidates here).
      for (let dir = posix.dirname(candidatePath); isVirtual(dir) && !directories.has(dir); dir = posix.dirname(dir)) directories.add(dir);
      candidate = { text: code, version: candidate.version + 1 };
      const handlerType = `${identifier(operation.typeName)}Handler`;
      probeText = [
        `import type { ${handlerType} as Expected } from './handler-types.js';`,
        `import candidate from ${stringLiteral(moduleSpecifier(`./${placed}`), "'")};`,
        'export const handler: Expected = candidate;',
        '',
      ].join('\n');
      const own = [...service.getSyntacticDiagnostics(candidatePath), ...service.getSemanticDiagnostics(candidatePath)];
      countParses();
      // Messages about the candidate's module name its real file, relative to the output folder.
      const named = (text: string): string => text.split(`${outDir}/`).join('').split(placed).join(display.replace(/\.ts$/, ''));
      if (own.length > 0) return own.map((d) => named(formatDiagnostic(ts, d, display)));
      // Typechecks on its own; is what it exports the handler of this operation?
      return service.getSemanticDiagnostics(probePath).map((d) =>
        named(
          `${display}: ${categoryOf(ts, d)} TS${d.code}: the default export must be the operation's handler (\`const handler: ${handlerType} = async (…) => …; export default handler;\`): ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
        ),
      );
    },
    parses: (path) => parseCounts.get(toVirtual(path)) ?? 0,
    dispose: () => service.dispose(),
  };
}

/** The virtual output folder, as many levels below the root as the context file climbs above it. */
function virtualOutDir(contextPath: string | undefined): string {
  const segments = contextPath === undefined ? [] : posix.normalize(contextPath).split('/');
  const climbs = segments.filter((segment) => segment === '..').length;
  return posix.join(VIRTUAL_ROOT, ...Array.from({ length: climbs }, (_, i) => `p${i}`), 'out');
}

function assertRuntimeResolves(ts: typeof TS, anchor: string, options: TS.CompilerOptions, host: TS.ModuleResolutionHost): void {
  const resolved = ts.resolveModuleName('@specwright/runtime', anchor, options, host, undefined, undefined, ts.ModuleKind.CommonJS);
  if (!resolved.resolvedModule) {
    throw new SpecwrightError('VERIFIER_SETUP', 'Cannot verify handlers: the type declarations of @specwright/runtime were not found', {
      location: { file: anchor },
      fix: 'Install @specwright/runtime beside @specwright/core (in this repository: build it with `npx tsc -b packages/runtime`).',
    });
  }
}

function categoryOf(ts: typeof TS, diagnostic: TS.Diagnostic): string {
  return ts.DiagnosticCategory[diagnostic.category].toLowerCase();
}

/** `implementations/x.ts(line,col): error TSnnnn: message`, as tsc prints without --pretty. */
function formatDiagnostic(ts: typeof TS, diagnostic: TS.Diagnostic, display: string): string {
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!diagnostic.file || diagnostic.start === undefined) return `${categoryOf(ts, diagnostic)} TS${diagnostic.code}: ${text}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${display}(${line + 1},${character + 1}): ${categoryOf(ts, diagnostic)} TS${diagnostic.code}: ${text}`;
}

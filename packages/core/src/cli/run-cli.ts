import { parseArgs } from 'node:util';
import { relative, resolve } from 'node:path';
import { formatError, isSpecwrightError } from '../errors';
import { formatLintProblem, lintSpec } from '../spec/lint';
import { describeHandlers, EMIT_KINDS, generateToDisk, type EmitKind } from '../generate';
import { toPosix } from '../spec/ref-closure';

export interface CliIo {
  readonly cwd: string;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

const USAGE = `Usage:
  specwright lint --spec <file> [--ruleset minimal|recommended|recommended-strict|spec|all] [--lint-config redocly.yaml]
  specwright generate --spec <file> --out <dir> [--handlers <dir>] [--emit types,client,server] [--lint]

Options:
  --spec <file>            Root OpenAPI 3.0/3.1 file (YAML or JSON)
  --out <dir>              Output directory; replaced atomically, so it must be new, empty,
                           or an earlier Specwright output
  --handlers <dir>         Hand-owned handlers (default: "handlers" beside --out)
  --emit <kinds>           Comma-separated subset of ${EMIT_KINDS.join(',')} (default: all)
  --workspace-root <dir>   Files outside it may not be referenced (default: current directory)
  --allow-remote-refs      Allow http(s) $refs (not tracked by caches)
  --ruleset <name>         Redocly ruleset for lint (default: minimal)
  --lint-config <file>     A redocly.yaml to lint with instead of a ruleset
  --lint                   generate: lint first (with --ruleset/--lint-config) and stop on errors
  --verbose                Show stack traces of errors
`;

/**
 * The command line: a thin shell over core for use outside Nx (and by the benchmarks). Exit
 * codes: 0 success, 1 the spec or generation failed, 2 the command line was wrong (an unsafe
 * --out included); 128 + n when stopped by signal n (see stop-handlers.ts).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      allowNegative: true,
      options: {
        spec: { type: 'string' },
        out: { type: 'string' },
        handlers: { type: 'string' },
        emit: { type: 'string' },
        'workspace-root': { type: 'string' },
        'allow-remote-refs': { type: 'boolean' },
        ruleset: { type: 'string' },
        'lint-config': { type: 'string' },
        lint: { type: 'boolean', default: false },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || command === undefined) {
    (values.help ? io.stdout : io.stderr).write(USAGE);
    return values.help ? 0 : 2;
  }
  if (command !== 'lint' && command !== 'generate') {
    io.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  if (!values.spec || (command === 'generate' && !values.out)) {
    io.stderr.write(`${command} needs --spec${command === 'generate' ? ' and --out' : ''}.\n\n${USAGE}`);
    return 2;
  }

  const workspaceRoot = resolve(io.cwd, values['workspace-root'] ?? '.');
  const spec = resolve(io.cwd, values.spec);
  try {
    if (command === 'lint' || values.lint) {
      const result = await lintSpec(spec, {
        workspaceRoot,
        ruleset: values.ruleset,
        // Like every other path option, relative to the current directory (lintSpec wants it
        // relative to the workspace root).
        config: values['lint-config'] === undefined ? undefined : toPosix(relative(workspaceRoot, resolve(io.cwd, values['lint-config']))),
        allowRemoteRefs: values['allow-remote-refs'],
      });
      for (const problem of result.problems) io.stdout.write(`${formatLintProblem(problem)}\n`);
      if (command === 'lint' || result.errors > 0) {
        io.stdout.write(`${result.errors} error(s), ${result.warnings} warning(s)\n`);
      }
      if (result.errors > 0) return 1;
      if (command === 'lint') return 0;
    }
    const emit = values.emit?.split(',').map((k) => k.trim()).filter(Boolean) as EmitKind[] | undefined;
    const started = Date.now();
    const result = await generateToDisk({
      spec,
      workspaceRoot,
      outDir: resolve(io.cwd, values.out as string),
      handlersDir: values.handlers ? resolve(io.cwd, values.handlers) : undefined,
      allowRemoteRefs: values['allow-remote-refs'],
      emit,
    });
    const s = result.summary;
    for (const warning of result.warnings) io.stderr.write(`warning: ${warning}\n`);
    io.stdout.write(
      `Generated ${s.files} files for ${s.operations} operations (${describeHandlers(s)}) ` +
        `from ${result.source.files.length} spec file(s) in ${Date.now() - started} ms\n`,
    );
    return 0;
  } catch (error) {
    io.stderr.write(`${formatError(error, { verbose: values.verbose })}\n`);
    // An output folder that would delete the user's files is a wrong command line, like a bad option.
    return isSpecwrightError(error) && error.code === 'UNSAFE_OUTPUT_DIR' ? 2 : 1;
  }
}

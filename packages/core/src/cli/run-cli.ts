import { parseArgs } from 'node:util';
import { relative, resolve } from 'node:path';
import { formatError, isSpecwrightError, SpecwrightError } from '../errors';
import { resolveProvider, type ProviderId } from '../providers/resolve-provider';
import { createProgressPrinter, formatGenerateSummary, type ProgressPrinter } from './progress-printer';
import { loadConformanceCheck } from './load-conformance-check';
import { chooseWorkspaceRoot, withRootFix } from './workspace-root-option';
import { formatLintProblem, formatLintTotals, lintSpec } from '../spec/lint';
import { describeHandlers, EMIT_KINDS, generateToDisk, type EmitKind } from '../generate';
import { toPosix } from '../spec/ref-closure';
import { runDiffCommand } from './diff-command';

export interface CliIo {
  readonly cwd: string;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

const USAGE = `Usage:
  specwright lint --spec <file> [--ruleset minimal|recommended|recommended-strict|spec|all] [--lint-config redocly.yaml]
                  [--spectral .spectral.yaml]
  specwright generate --spec <file> --out <dir> [--handlers <dir>] [--emit types,client,server] [--lint]
                      [--provider offline|anthropic --model <id>] [--lock <dir>] [--frozen] [--batch]
  specwright diff --base <old spec> --head <new spec> [--format text|json|markdown|junit]
                  [--fail-on error|warning] [--accept <file>]

Options:
  --spec <file>            Root OpenAPI 3.0/3.1 file (YAML or JSON); Swagger 2.0 is converted to
                           OpenAPI 3.0 for the run, with a warning
  --out <dir>              Output directory; replaced atomically, so it must be new, empty,
                           or an earlier Specwright output
  --handlers <dir>         Hand-owned handlers (default: "handlers" beside --out)
  --emit <kinds>           Comma-separated subset of ${EMIT_KINDS.join(',')} (default: all)
  --root <dir>             Workspace root: the spec's $refs may not leave it; paths in the output
                           and the lock are relative to it (default: the nearest folder above the
                           spec with nx.json, else .git, else the spec's own folder)
  --workspace-root <dir>   The same as --root
  --allow-remote-refs      Allow http(s) $refs (not tracked by caches)
  --ruleset <name>         Redocly ruleset for lint (default: minimal)
  --lint-config <file>     A redocly.yaml to lint with instead of a ruleset
  --spectral <file>        A Spectral ruleset to lint with too (default: .spectral.yaml, .yml or
                           .json beside the spec, else at the workspace root; none: no Spectral)
  --lint                   generate: lint first (with --ruleset/--lint-config/--spectral) and
                           stop on errors
  --provider <id>          Who writes handlers without a hand-owned one or a current pin:
                           offline (default: deterministic, no key) or anthropic (Claude;
                           reads the key from ANTHROPIC_API_KEY)
  --model <id>             A pinned model id for anthropic, e.g. claude-sonnet-5-5
  --lock <dir>             The generation lock (default: specwright.lock beside the spec)
  --frozen                 Never call a provider: fail listing operations whose pin is missing
                           or stale (CI)
  --batch                  Send every operation that needs the model as one Message Batch
                           (half price; resumes a batch an interrupted run submitted)
  --concurrency <n>        Model calls at once (default 4)
  --max-attempts <n>       Calls per operation, repairs included (default 3)
  --allow-imports <list>   Comma-separated modules handlers may import besides @specwright/runtime
  --verbose                Show stack traces of errors

Options of diff (breaking changes between two versions of a spec):
  --base <file>            The old version (e.g. checked out from the main branch)
  --head <file>            The new version; --root applies to it (and to --base when inside it)
  --format <format>        text (default), json, markdown (a pull-request comment) or junit (XML)
  --fail-on <severity>     error (default: breaking changes) or warning (possibly breaking too)
  --accept <file>          Breaking changes accepted on purpose, entries { operation, rule, reason }
                           (default: specwright.breaking.yaml beside --head, when present); an
                           operation can also list { rule, reason } in x-specwright-accept-breaking
  Exit codes: 0 nothing at or above --fail-on (accepted findings aside), 1 something is, 2 bad input.
  Rule ids and their severities: see the README, "Breaking changes".
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
        root: { type: 'string' },
        'workspace-root': { type: 'string' },
        'allow-remote-refs': { type: 'boolean' },
        ruleset: { type: 'string' },
        'lint-config': { type: 'string' },
        spectral: { type: 'string' },
        lint: { type: 'boolean', default: false },
        provider: { type: 'string' },
        model: { type: 'string' },
        lock: { type: 'string' },
        frozen: { type: 'boolean', default: false },
        batch: { type: 'boolean', default: false },
        concurrency: { type: 'string' },
        'max-attempts': { type: 'string' },
        'allow-imports': { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        base: { type: 'string' },
        head: { type: 'string' },
        format: { type: 'string' },
        'fail-on': { type: 'string' },
        accept: { type: 'string' },
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
  if (command === 'diff') {
    const outcome = await runDiffCommand(
      {
        base: values.base,
        head: values.head,
        format: values.format,
        failOn: values['fail-on'],
        accept: values.accept,
        root: values.root,
        workspaceRoot: values['workspace-root'],
        allowRemoteRefs: values['allow-remote-refs'],
        verbose: values.verbose,
      },
      io,
    );
    if (typeof outcome === 'number') return outcome;
    io.stderr.write(`${outcome.usage}\n\n${USAGE}`);
    return 2;
  }
  if (command !== 'lint' && command !== 'generate') {
    io.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  if (!values.spec || (command === 'generate' && !values.out)) {
    io.stderr.write(`${command} needs --spec${command === 'generate' ? ' and --out' : ''}.\n\n${USAGE}`);
    return 2;
  }

  const spec = resolve(io.cwd, values.spec);
  const root = chooseWorkspaceRoot(io.cwd, spec, values.root, values['workspace-root']);
  if (typeof root !== 'string') {
    io.stderr.write(`${root.problem}\n\n${USAGE}`);
    return 2;
  }
  const workspaceRoot = root;
  let printer: ProgressPrinter | undefined;
  try {
    if (command === 'lint' || values.lint) {
      const result = await lintSpec(spec, {
        workspaceRoot,
        ruleset: values.ruleset,
        // Like every other path option, relative to the current directory (lintSpec wants it
        // relative to the workspace root).
        config: values['lint-config'] === undefined ? undefined : toPosix(relative(workspaceRoot, resolve(io.cwd, values['lint-config']))),
        spectral: values.spectral === undefined ? undefined : toPosix(relative(workspaceRoot, resolve(io.cwd, values.spectral))),
        allowRemoteRefs: values['allow-remote-refs'],
      });
      // generate prints the same warnings itself (a converted Swagger 2.0 spec): not twice.
      if (command === 'lint') for (const notice of result.notices) io.stderr.write(`warning: ${notice}\n`);
      for (const problem of result.problems) io.stdout.write(`${formatLintProblem(problem)}\n`);
      if (command === 'lint' || result.errors > 0) {
        io.stdout.write(`${formatLintTotals(result)}\n`);
      }
      if (result.errors > 0) return 1;
      if (command === 'lint') return 0;
    }
    const emit = values.emit?.split(',').map((k) => k.trim()).filter(Boolean) as EmitKind[] | undefined;
    const allowImports = values['allow-imports']?.split(',').map((k) => k.trim()).filter(Boolean);
    const provider = resolveProvider({ provider: values.provider as ProviderId | undefined, model: values.model, allowImports });
    printer = createProgressPrinter(io.stdout, {
      quiet: provider.id === 'offline', estimateCost: provider.estimateCost ? (usage) => provider.estimateCost?.(usage, { batch: values.batch }) : undefined });
    const started = Date.now();
    const result = await generateToDisk({
      spec,
      workspaceRoot,
      outDir: resolve(io.cwd, values.out as string),
      handlersDir: values.handlers ? resolve(io.cwd, values.handlers) : undefined,
      lockDir: values.lock ? resolve(io.cwd, values.lock) : undefined,
      allowRemoteRefs: values['allow-remote-refs'],
      emit,
      provider,
      frozen: values.frozen,
      batch: values.batch,
      concurrency: countOption(values.concurrency, '--concurrency'),
      maxAttempts: countOption(values['max-attempts'], '--max-attempts'),
      allowImports,
      // Only a model's code is verified per run; the offline provider's is deterministic.
      conformanceCheck: provider.id === 'offline' ? undefined : loadConformanceCheck(),
      onProgress: printer.onProgress,
    });
    printer.finish();
    const s = result.summary;
    for (const warning of result.warnings) io.stderr.write(`warning: ${warning}\n`);
    for (const line of formatGenerateSummary(result)) io.stdout.write(`${line}\n`);
    io.stdout.write(
      `Generated ${s.files} files for ${s.operations} operations (${describeHandlers(s)}) ` +
        `from ${result.source.files.length} spec file(s) in ${Date.now() - started} ms\n`,
    );
    return 0;
  } catch (error) {
    printer?.finish();
    io.stderr.write(`${formatError(withRootFix(error, io.cwd, workspaceRoot), { verbose: values.verbose })}\n`);
    // An output folder that would delete the user's files is a wrong command line, like a bad option.
    return isSpecwrightError(error) && (error.code === 'UNSAFE_OUTPUT_DIR' || error.location?.file === COMMAND_LINE) ? 2 : 1;
  }
}

const COMMAND_LINE = 'command line';

/** A whole number ≥ 1 from a flag, or undefined when absent. */
function countOption(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new SpecwrightError('INVALID_OPTION', `${flag} must be a whole number of at least 1 (got "${value}")`, {
      location: { file: COMMAND_LINE, pointer: flag },
      fix: `Pass ${flag} 1 or more, or leave it out for the default.`,
    });
  }
  return n;
}

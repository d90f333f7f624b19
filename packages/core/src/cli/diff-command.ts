import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { formatError } from '../errors';
import { diffSpecFiles } from '../diff/diff-spec-files';
import { failingFindings, type FailOn } from '../diff/diff-result';
import { DIFF_FORMATS, formatFindings, type DiffFormat } from '../diff/format-findings';
import { chooseWorkspaceRoot, withRootFix } from './workspace-root-option';
import { defaultWorkspaceRoot } from './default-workspace-root';
import type { CliIo } from './run-cli';

export interface DiffCommandOptions {
  readonly base?: string;
  readonly head?: string;
  readonly format?: string;
  readonly failOn?: string;
  readonly accept?: string;
  readonly root?: string;
  readonly workspaceRoot?: string;
  readonly allowRemoteRefs?: boolean;
  readonly verbose?: boolean;
}

const FAIL_ON: readonly FailOn[] = ['error', 'warning'];

/**
 * `specwright diff`: exit 0 when nothing at or above `--fail-on` is found (accepted findings
 * aside), 1 when something is, 2 when the input is bad (options, a spec that does not load, an
 * invalid accept file). Any error is 2, never 1, so that 1 always means "breaking changes".
 * Returns the usage problem as a string for the caller to print with the usage.
 */
export async function runDiffCommand(options: DiffCommandOptions, io: CliIo): Promise<number | { usage: string }> {
  if (!options.base || !options.head) return { usage: 'diff needs --base and --head.' };
  const format = (options.format ?? 'text') as DiffFormat;
  if (!DIFF_FORMATS.includes(format)) return { usage: `--format must be one of ${DIFF_FORMATS.join(', ')} (got "${options.format}").` };
  const failOn = (options.failOn ?? 'error') as FailOn;
  if (!FAIL_ON.includes(failOn)) return { usage: `--fail-on must be error or warning (got "${options.failOn}").` };

  const head = resolve(io.cwd, options.head);
  const base = resolve(io.cwd, options.base);
  const root = chooseWorkspaceRoot(io.cwd, head, options.root, options.workspaceRoot);
  if (typeof root !== 'string') return { usage: root.problem };
  // The base is often a copy of an older commit somewhere else (a temp folder): it keeps the
  // head's root when inside it, else gets its own default root.
  const baseRoot = isInside(root, base) ? root : defaultWorkspaceRoot(base);
  const accept = options.accept === undefined ? undefined : resolve(io.cwd, options.accept);
  if (accept !== undefined && !existsSync(accept)) return { usage: `--accept ${options.accept}: file not found.` };

  try {
    const result = await diffSpecFiles(base, head, { workspaceRoot: root, baseWorkspaceRoot: baseRoot, acceptFile: accept, allowRemoteRefs: options.allowRemoteRefs });
    for (const warning of result.warnings) io.stderr.write(`warning: ${warning}\n`);
    io.stdout.write(formatFindings(result, format, { failOn }));
    return failingFindings(result, failOn).length > 0 ? 1 : 0;
  } catch (error) {
    io.stderr.write(`${formatError(withRootFix(error, io.cwd, root), { verbose: options.verbose })}\n`);
    return 2;
  }
}

function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

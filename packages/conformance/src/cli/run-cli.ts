import { mkdir, writeFile, rename } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chooseWorkspaceRoot, formatError, isSpecwrightError, withRootFix } from '@specwright/core';
import { CHECK_NAMES, isCheckName, type CheckName } from '../checks/names';
import { DEFAULT_CASES, DEFAULT_SEED, PHASES, type CheckSwitches, type Phase } from '../engine/options';
import { runConformance } from '../engine/run-conformance';
import { loadConformanceModel } from '../model/load-model';
import { toJunitXml } from '../report/junit';
import { formatReport } from '../report/summary';
import { liveTarget } from '../target/live';

export const USAGE = `Usage: specwright-conformance --spec <openapi.yaml> --base-url <url> [options]

Tests a running server against its OpenAPI spec: examples, boundary values, random valid and
invalid requests, and stateful sequences through links, judged by Schemathesis's checks.

Options:
  --spec <file>            the OpenAPI 3.0/3.1 spec (YAML or JSON; $refs to other files are followed;
                           Swagger 2.0 is converted to OpenAPI 3.0, with a warning)
  --base-url <url>         where the server listens, e.g. http://127.0.0.1:3000 (may include a path prefix)
  --header 'Name: value'   sent with every request; repeatable. Credentials given here replace generated ones
  --seed <n>               seed for case generation (default ${DEFAULT_SEED}); the same seed replays the same requests
  --cases <n>              random cases per operation in the fuzzing and negative phases (default ${DEFAULT_CASES})
  --operation <id>         only this operationId; repeatable
  --checks <a,b>           only these checks (default: all)
  --exclude-checks <a,b>   turn these checks off
  --phases <a,b>           only these phases: ${PHASES.join(', ')}
  --junit <file>           also write a JUnit XML report
  --timeout <ms>           per-request timeout (default 10000)
  --root <dir>             files the spec may $ref must be inside it (default: the nearest folder
                           above the spec with nx.json, else .git, else the spec's own folder)
  --workspace-root <dir>   the same as --root
  -h, --help               this text

Checks: ${CHECK_NAMES.join(', ')}
Exit status: 0 when every check passed, 1 when one failed, 2 for a bad spec or bad options.`;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Runs the CLI; resolves to the exit status. Never throws for user errors. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        spec: { type: 'string' },
        'base-url': { type: 'string' },
        header: { type: 'string', multiple: true },
        seed: { type: 'string' },
        cases: { type: 'string' },
        operation: { type: 'string', multiple: true },
        checks: { type: 'string' },
        'exclude-checks': { type: 'string' },
        phases: { type: 'string' },
        junit: { type: 'string' },
        timeout: { type: 'string' },
        root: { type: 'string' },
        'workspace-root': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const problems: string[] = [];
  if (!values.spec) problems.push('--spec is required (the OpenAPI file to test against)');
  const baseUrl = values['base-url'];
  if (!baseUrl) problems.push('--base-url is required (e.g. http://127.0.0.1:3000)');
  else if (!/^https?:\/\/[^/]+/.test(baseUrl)) problems.push(`--base-url must be an http(s) URL, got "${baseUrl}"`);
  const headers: Record<string, string> = {};
  for (const header of values.header ?? []) {
    const colon = header.indexOf(':');
    if (colon <= 0) problems.push(`--header must look like 'Name: value', got "${header}"`);
    else headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
  }
  const seed = integer(values.seed, '--seed', problems, false);
  const cases = integer(values.cases, '--cases', problems, true);
  const timeoutMs = integer(values.timeout, '--timeout', problems, true);
  const only = checkList(values.checks, '--checks', problems);
  const excluded = checkList(values['exclude-checks'], '--exclude-checks', problems);
  const phases = values.phases?.split(',').map((p) => p.trim()).filter(Boolean);
  for (const phase of phases ?? []) if (!(PHASES as readonly string[]).includes(phase)) problems.push(`unknown phase "${phase}"; phases are ${PHASES.join(', ')}`);
  const root = values.spec ? chooseWorkspaceRoot(process.cwd(), resolve(values.spec), values.root, values['workspace-root']) : undefined;
  if (typeof root === 'object') problems.push(root.problem);
  if (problems.length > 0) {
    io.stderr(`${problems.map((p) => `error: ${p}`).join('\n')}\n\nRun with --help for usage.\n`);
    return 2;
  }

  const checks: Record<string, boolean> = {};
  if (only) for (const check of CHECK_NAMES) checks[check] = only.includes(check);
  for (const check of excluded ?? []) checks[check] = false;

  // --spec was given and its root accepted, or the problems above returned.
  const workspaceRoot = root as string;
  let model;
  try {
    model = await loadConformanceModel(values.spec!, { workspaceRoot });
  } catch (error) {
    const shown = withRootFix(error, process.cwd(), workspaceRoot);
    io.stderr(`${isSpecwrightError(shown) ? formatError(shown) : `error: ${(error as Error).message}`}\n`);
    return 2;
  }

  const replayParts = ['npx specwright-conformance', `--spec ${shellQuote(values.spec!)}`, `--base-url ${shellQuote(baseUrl!)}`, `--seed ${seed ?? DEFAULT_SEED}`];
  if (cases !== undefined) replayParts.push(`--cases ${cases}`);
  const replay = replayParts.join(' ');
  let report;
  try {
    report = await runConformance(model, liveTarget(baseUrl!, timeoutMs !== undefined ? { timeoutMs } : {}), {
      ...(seed !== undefined ? { seed } : {}),
      ...(cases !== undefined ? { cases } : {}),
      ...(values.operation ? { include: values.operation } : {}),
      ...(phases ? { phases: phases as Phase[] } : {}),
      checks: checks as CheckSwitches,
      headers,
      onProgress: (done, total) => {
        if (done === total || done % 50 === 0) io.stderr(`tested ${done}/${total} operations\n`);
      },
    });
  } catch (error) {
    io.stderr(`error: ${(error as Error).message}\n`);
    return 2;
  }
  io.stdout(`${formatReport(report, replay)}\n`);
  if (values.junit) {
    const target = resolve(values.junit);
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, toJunitXml(report, { replay }));
    await rename(temporary, target);
    io.stdout(`JUnit report: ${values.junit}\n`);
  }
  return report.totals.checksFailed > 0 ? 1 : 0;
}

function integer(text: string | undefined, flag: string, problems: string[], positive: boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || (positive && value < 1)) {
    problems.push(`${flag} must be ${positive ? 'a positive' : 'an'} integer, got "${text}"`);
    return undefined;
  }
  return value;
}

function checkList(text: string | undefined, flag: string, problems: string[]): CheckName[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(',').map((n) => n.trim()).filter(Boolean);
  const out: CheckName[] = [];
  for (const name of names) {
    if (isCheckName(name)) out.push(name);
    else problems.push(`${flag}: unknown check "${name}"; checks are ${CHECK_NAMES.join(', ')}`);
  }
  return out;
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

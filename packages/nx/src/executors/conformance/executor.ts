import { existsSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { detectPackageManager, getPackageManagerCommand, type ExecutorContext } from '@nx/devkit';
import { formatError, SpecwrightError } from '@specwright/core';
import { specwrightVersion } from '../../utils/versions';
import { isCi, jestRunFor, type ConformanceExecutorOptions, type JestRun } from './jest-config';

export type { ConformanceExecutorOptions } from './jest-config';

/** The part of Jest's AggregatedResult the executor reads. */
interface JestResults {
  success: boolean;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites: number;
  numTotalTests: number;
}
type RunCli = (argv: JestRun['argv'], projects: string[]) => Promise<{ results: JestResults }>;

/**
 * `nx run <project>:conformance`: Jest, in this process, on the suite generate wrote
 * (`<outDir>/conformance.suite.ts`), with the target's options handed to
 * @specwright/conformance/jest through a Jest global. Jest and the engine are the workspace's
 * own installs, resolved from the workspace root.
 */
export default async function conformanceExecutor(options: ConformanceExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    const projectName = context.projectName;
    const project = projectName ? context.projectsConfigurations?.projects[projectName] : undefined;
    if (!projectName || !project) {
      throw new SpecwrightError('INVALID_OPTION', 'The conformance executor runs for one project', { location: { file: 'options' }, fix: 'Run it as `nx run <project>:conformance`.' });
    }
    const suiteFile = `${options.outDir}/conformance.suite.ts`;
    if (!existsSync(`${context.root}/${suiteFile}`)) {
      throw new SpecwrightError('FILE_NOT_FOUND', 'No generated conformance suite', {
        location: { file: suiteFile },
        fix: `Run \`nx run ${projectName}:generate\` first (conformance depends on it), check that "server" is in the emit option, and that @specwright/nx and @specwright/core are up to date (older versions do not write the suite).`,
      });
    }
    const transform = resolveInstalled('@specwright/conformance/jest/transform', '@specwright/conformance', context.root);
    const jest = resolveInstalled('jest', 'jest', context.root);
    const run = jestRunFor(options, {
      workspaceRoot: context.root,
      projectRoot: project.root,
      projectName,
      targetName: context.targetName ?? 'conformance',
      transform,
      defaultSeed: engineDefaultSeed(context.root),
      ci: isCi(process.env),
    });
    // A report left from an earlier run must not pass for this one's (it is the cached output).
    if (run.junit) rmSync(run.junit, { force: true });

    const { runCLI } = require(jest) as { runCLI: RunCli };
    const { results } = await runCLI(run.argv, run.projects);
    console.log(summary(results, run, context.root));
    return { success: results.success };
  } catch (error) {
    console.error(formatError(error, { verbose: context.isVerbose }));
    return { success: false };
  }
}

function summary(results: JestResults, run: JestRun, workspaceRoot: string): string {
  const report = run.junit
    ? existsSync(run.junit)
      ? `JUnit: ${relative(workspaceRoot, run.junit).split('\\').join('/')}`
      : 'no JUnit report was written'
    : 'no JUnit report (no junit option)';
  if (results.numRuntimeErrorTestSuites > 0 || results.numTotalTests === 0) {
    return `conformance: the suite did not run (see the error above); ${report}`;
  }
  const skipped = results.numPendingTests + results.numTodoTests;
  return `conformance: ${results.numPassedTests} checks passed, ${results.numFailedTests} failed, ${skipped} skipped; ${report}`;
}

/** A package resolved from the workspace root, or an error that says how to install it. */
function resolveInstalled(request: string, packageName: string, workspaceRoot: string): string {
  try {
    return require.resolve(request, { paths: [workspaceRoot] });
  } catch {
    const installed = canResolve(`${packageName}/package.json`, workspaceRoot);
    throw new SpecwrightError(
      'FILE_NOT_FOUND',
      installed ? `${packageName} is installed but has no ${request} (too old for this plugin)` : `${packageName} is not installed`,
      {
        location: { file: 'package.json' },
        fix: `${installCommand(workspaceRoot)} ${packageName === 'jest' ? 'jest' : `${packageName}@${specwrightVersion()}`} (the conformance target runs the generated suite with it; \`nx g @specwright/nx:init\` adds it too).`,
      },
    );
  }
}

function canResolve(request: string, workspaceRoot: string): boolean {
  try {
    require.resolve(request, { paths: [workspaceRoot] });
    return true;
  } catch {
    return false;
  }
}

function installCommand(workspaceRoot: string): string {
  try {
    return getPackageManagerCommand(detectPackageManager(workspaceRoot), workspaceRoot).addDev;
  } catch {
    return 'npm install -D';
  }
}

/** The engine's default seed, so the replay command names the seed that was used. */
function engineDefaultSeed(workspaceRoot: string): number | undefined {
  try {
    const engine = require(require.resolve('@specwright/conformance', { paths: [workspaceRoot] })) as { DEFAULT_SEED?: unknown };
    return typeof engine.DEFAULT_SEED === 'number' ? engine.DEFAULT_SEED : undefined;
  } catch {
    return undefined;
  }
}

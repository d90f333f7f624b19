import type { ExecutorContext } from '@nx/devkit';
import { formatError, formatLintProblem, formatLintTotals, lintSpec } from '@specwright/core';

export interface LintExecutorOptions {
  spec: string;
  ruleset?: string;
  lintConfig?: string;
  /**
   * A Spectral ruleset (workspace-relative), or false to skip Spectral. By default the project's
   * `.spectral.yaml`/`.yml`/`.json`, else the workspace root's; none → Spectral is not run.
   */
  spectral?: string | false;
  allowRemoteRefs?: boolean;
}

/** `nx run <project>:spec-lint`: one `file:line:col rule message` line per problem. */
export default async function lintExecutor(options: LintExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    // The plugin does not look for a Spectral ruleset while building the graph (one less file
    // check per project); it hashes both candidate places, and the lint looks here.
    const projectRoot = context.projectName ? context.projectsConfigurations?.projects?.[context.projectName]?.root : undefined;
    const result = await lintSpec(options.spec, {
      workspaceRoot: context.root,
      ruleset: options.ruleset,
      config: options.lintConfig,
      spectral: options.spectral,
      spectralDirs: projectRoot === undefined ? undefined : [...new Set([projectRoot, '.'])],
      allowRemoteRefs: options.allowRemoteRefs,
    });
    // The same line generate prints (a Swagger 2.0 spec is converted to OpenAPI 3.0).
    for (const notice of result.notices) console.warn(`warning: ${notice}`);
    for (const problem of result.problems) {
      (problem.severity === 'error' ? console.error : console.log)(formatLintProblem(problem));
    }
    console.log(`${options.spec}: ${formatLintTotals(result)}.`);
    return { success: result.errors === 0 };
  } catch (error) {
    console.error(formatError(error, { verbose: context.isVerbose }));
    return { success: false };
  }
}

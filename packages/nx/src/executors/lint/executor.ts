import type { ExecutorContext } from '@nx/devkit';
import { formatError, formatLintProblem, lintSpec } from '@specwright/core';

export interface LintExecutorOptions {
  spec: string;
  ruleset?: string;
  lintConfig?: string;
  allowRemoteRefs?: boolean;
}

/** `nx run <project>:spec-lint`: one `file:line:col rule message` line per problem. */
export default async function lintExecutor(options: LintExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    const result = await lintSpec(options.spec, {
      workspaceRoot: context.root,
      ruleset: options.ruleset,
      config: options.lintConfig,
      allowRemoteRefs: options.allowRemoteRefs,
    });
    // The same line generate prints (a Swagger 2.0 spec is converted to OpenAPI 3.0).
    for (const notice of result.notices) console.warn(`warning: ${notice}`);
    for (const problem of result.problems) {
      (problem.severity === 'error' ? console.error : console.log)(formatLintProblem(problem));
    }
    console.log(`${options.spec}: ${result.errors} error(s), ${result.warnings} warning(s).`);
    return { success: result.errors === 0 };
  } catch (error) {
    console.error(formatError(error, { verbose: context.isVerbose }));
    return { success: false };
  }
}

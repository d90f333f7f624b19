import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config, NormalizedProblem } from '@redocly/openapi-core';
import { redocly } from '../util/lazy';
import { SpecwrightError } from '../errors';
import { collectRefClosure } from './ref-closure';
import { convertSwaggerClosure, resolverFor } from './load-spec';
import { checkOpenApiVersion } from './openapi-version';
import { isSwagger2 } from './swagger2';
import { problemLocation } from './problem-location';

/** Redocly's built-in rulesets. */
export const BUILTIN_RULESETS = ['minimal', 'recommended', 'recommended-strict', 'spec', 'all'] as const;

export interface LintOptions {
  readonly workspaceRoot: string;
  /** A built-in Redocly ruleset (default `minimal`), ignored when `config` is given. */
  readonly ruleset?: string;
  /** Path (relative to workspaceRoot) of a `redocly.yaml` with rules of its own. */
  readonly config?: string;
  readonly allowRemoteRefs?: boolean;
}

export interface LintProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly pointer?: string;
  readonly rule: string;
  readonly severity: 'error' | 'warn';
  readonly message: string;
}

export interface LintResult {
  /**
   * About the spec as a whole rather than a place in it (a Swagger 2.0 spec is converted to
   * OpenAPI 3.0 for generation): front ends print each as `warning: …`, as generate does.
   */
  readonly notices: readonly string[];
  readonly problems: readonly LintProblem[];
  readonly errors: number;
  readonly warnings: number;
}

/**
 * Lints a spec with `@redocly/openapi-core`. Files are read and parsed once by our closure walk
 * (which also refuses remote and out-of-workspace references) and handed to Redocly's resolver.
 */
export async function lintSpec(specPath: string, options: LintOptions): Promise<LintResult> {
  const config = await lintConfig(options);
  const closure = collectRefClosure(specPath, {
    workspaceRoot: options.workspaceRoot,
    allowRemoteRefs: options.allowRemoteRefs,
    escapeLiteralRefs: true,
  });
  const root = closure.documents.get(closure.root)!;
  const swagger = isSwagger2(root.value);
  if (!swagger) checkOpenApiVersion(root.value, root.displayPath, root.text);
  const resolver = resolverFor(closure, config.resolve);
  const document = await resolver.resolveDocument(null, closure.root, true);
  if (document instanceof Error) throw document;
  const raw = await redocly().lintDocument({ document, config: config.styleguide, externalRefResolver: resolver });
  const problems = raw
    .filter((p) => p.severity === 'error' || p.severity === 'warn')
    .map((p) => toLintProblem(p, options.workspaceRoot))
    .sort(compareProblems);
  // Swagger 2.0 is linted as written (Redocly has rules for 2.0, and the lines are the file's),
  // then converted as generate converts it, so lint fails where the conversion would and prints
  // the same warning. After the lint: bundling rewrites the parsed files in place.
  const notices = swagger ? [(await convertSwaggerClosure(closure, options.workspaceRoot)).warning] : [];
  return {
    notices,
    problems,
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warn').length,
  };
}

/** `file:line:col rule message`, the shape editors and CI annotators link from. */
export function formatLintProblem(problem: LintProblem): string {
  const suffix = problem.severity === 'warn' ? ' (warning)' : '';
  return `${problem.file}:${problem.line}:${problem.column} ${problem.rule} ${problem.message}${suffix}`;
}

async function lintConfig(options: LintOptions): Promise<Config> {
  if (options.config) {
    const configPath = resolve(options.workspaceRoot, options.config);
    if (!existsSync(configPath)) {
      throw new SpecwrightError('LINT_CONFIG', 'Redocly config file not found', {
        location: { file: options.config },
        fix: 'Point the lint config option at an existing redocly.yaml (relative to the workspace root).',
      });
    }
    try {
      return await redocly().loadConfig({ configPath });
    } catch (cause) {
      throw new SpecwrightError('LINT_CONFIG', `Invalid Redocly config: ${(cause as Error).message}`, {
        location: { file: options.config },
        fix: 'See https://redocly.com/docs/cli/configuration for the file format.',
        cause,
      });
    }
  }
  const ruleset = options.ruleset ?? 'minimal';
  if (!(BUILTIN_RULESETS as readonly string[]).includes(ruleset)) {
    throw new SpecwrightError('INVALID_OPTION', `Unknown lint ruleset "${ruleset}"`, {
      location: { file: 'options', pointer: '/ruleset' },
      fix: `Use one of ${BUILTIN_RULESETS.join(', ')}, or a redocly.yaml through the config option.`,
    });
  }
  return redocly().createConfig({ extends: [ruleset] });
}

function toLintProblem(problem: NormalizedProblem, workspaceRoot: string): LintProblem {
  const location = problemLocation(problem, workspaceRoot);
  return {
    file: location?.file ?? '(unknown)',
    line: location?.line ?? 1,
    column: location?.column ?? 1,
    pointer: location?.pointer,
    rule: problem.ruleId,
    severity: problem.severity === 'error' ? 'error' : 'warn',
    message: problem.message,
  };
}

function compareProblems(a: LintProblem, b: LintProblem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule);
}

import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Config, NormalizedProblem } from '@redocly/openapi-core';
import { redocly } from '../util/lazy';
import { SpecwrightError } from '../errors';
import { collectRefClosure, toPosix } from './ref-closure';
import { convertSwaggerClosure, resolverFor } from './load-spec';
import { checkOpenApiVersion } from './openapi-version';
import { isSwagger2 } from './swagger2';
import { problemLocation } from './problem-location';
import { findSpectralRuleset } from './spectral/find-ruleset';
import { loadSpectralRuleset } from './spectral/load-ruleset';
import { lintWithSpectral } from './spectral/lint-with-spectral';

/** Redocly's built-in rulesets. */
export const BUILTIN_RULESETS = ['minimal', 'recommended', 'recommended-strict', 'spec', 'all'] as const;

export interface LintOptions {
  readonly workspaceRoot: string;
  /** A built-in Redocly ruleset (default `minimal`), ignored when `config` is given. */
  readonly ruleset?: string;
  /** Path (relative to workspaceRoot) of a `redocly.yaml` with rules of its own. */
  readonly config?: string;
  readonly allowRemoteRefs?: boolean;
  /**
   * Spectral ruleset (relative to workspaceRoot) to lint with besides Redocly, or false for none.
   * When absent, the first `.spectral.yaml`/`.yml`/`.json` in `spectralDirs` is used, and without
   * one Spectral is not run (nor loaded).
   */
  readonly spectral?: string | false;
  /**
   * Folders (relative to workspaceRoot, nearest first) to look for a Spectral ruleset in; by
   * default the spec's folder, then the workspace root. The Nx target passes the project root.
   */
  readonly spectralDirs?: readonly string[];
}

export interface LintProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly pointer?: string;
  /** Redocly's rule id, or Spectral's prefixed with `spectral/`. */
  readonly rule: string;
  /** Only Spectral reports `info` (its information and hint severities). */
  readonly severity: 'error' | 'warn' | 'info';
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
  readonly infos: number;
  /** The Spectral ruleset linted with (workspace-relative), when there was one. */
  readonly spectralRuleset?: string;
}

/**
 * Lints a spec with `@redocly/openapi-core`, and with Spectral when there is a Spectral ruleset.
 * Files are read and parsed once by our closure walk (which also refuses remote and
 * out-of-workspace references) and handed to both engines' resolvers.
 */
export async function lintSpec(specPath: string, options: LintOptions): Promise<LintResult> {
  const config = await lintConfig(options);
  // Both configurations load before any linting, so a broken ruleset fails fast.
  const spectralRuleset = spectralRulesetOf(specPath, options);
  const spectral = spectralRuleset === undefined ? undefined : await loadSpectralRuleset(spectralRuleset, options.workspaceRoot);
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
    .map((p) => toLintProblem(p, options.workspaceRoot));
  if (spectral) problems.push(...(await lintWithSpectral(spectral, closure, options)));
  problems.sort(compareProblems);
  // Swagger 2.0 is linted as written (Redocly has rules for 2.0, and the lines are the file's),
  // then converted as generate converts it, so lint fails where the conversion would and prints
  // the same warning. After the lint: bundling rewrites the parsed files in place.
  const notices = swagger ? [(await convertSwaggerClosure(closure, options.workspaceRoot)).warning] : [];
  return {
    notices,
    problems,
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warn').length,
    infos: problems.filter((p) => p.severity === 'info').length,
    ...(spectralRuleset === undefined ? {} : { spectralRuleset }),
  };
}

/** `N error(s), N warning(s)`, and `, N info` when Spectral reported any: the totals line. */
export function formatLintTotals(result: Pick<LintResult, 'errors' | 'warnings' | 'infos'>): string {
  return `${result.errors} error(s), ${result.warnings} warning(s)${result.infos > 0 ? `, ${result.infos} info` : ''}`;
}

/** The Spectral ruleset to lint with (workspace-relative), or undefined for none. */
function spectralRulesetOf(specPath: string, options: LintOptions): string | undefined {
  if (options.spectral === false) return undefined;
  if (options.spectral !== undefined) return options.spectral;
  const specDir = toPosix(relative(options.workspaceRoot, dirname(resolve(options.workspaceRoot, specPath)))) || '.';
  return findSpectralRuleset(options.workspaceRoot, options.spectralDirs ?? [...new Set([specDir, '.'])]);
}

/** `file:line:col rule message`, the shape editors and CI annotators link from. */
export function formatLintProblem(problem: LintProblem): string {
  const suffix = problem.severity === 'warn' ? ' (warning)' : problem.severity === 'info' ? ' (info)' : '';
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
  return (
    a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message)
  );
}

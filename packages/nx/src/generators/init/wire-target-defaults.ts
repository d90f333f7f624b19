import { logger, type NxJsonConfiguration, type TargetDependencyConfig } from '@nx/devkit';

/** The targets that compile or run TypeScript, which needs src/generated/ to exist. */
export const TARGETS_NEEDING_GENERATED_CODE: readonly string[] = ['build', 'typecheck', 'test'];

/**
 * Executors whose targets compile or test TypeScript. A target default keyed by executor hides
 * the one keyed by target name (Nx resolves one key per target), so where the workspace has such
 * keys (integrated workspaces write `@nx/js:tsc` with `dependsOn: ["^build"]`) they are wired too.
 * Keys the workspace does not have are not added.
 */
export const EXECUTORS_NEEDING_GENERATED_CODE: readonly string[] = [
  '@nx/js:tsc',
  '@nx/js:swc',
  '@nx/esbuild:esbuild',
  '@nx/rollup:rollup',
  '@nx/webpack:webpack',
  '@nx/vite:build',
  '@nx/jest:jest',
  '@nx/vite:test',
  '@nx/vitest:test',
];

type TargetDefaults = NonNullable<NxJsonConfiguration['targetDefaults']>;
type Dependency = string | TargetDependencyConfig;

/**
 * Makes build, typecheck and test run the project's generate and its dependencies' generate
 * first, through nx.json target defaults: `dependsOn: ["...", "generate", "^generate"]`.
 * - `"..."` keeps what plugins inferred (`@nx/js/typescript`'s `^build`, `build`).
 * - `generate` is skipped by Nx for projects without it, so one default serves every project.
 * - `^generate` reaches through projects without the target, so a consumer two libraries away
 *   from a client library still waits for its code (Nx walks past projects lacking a target).
 * A fresh clone with `src/generated/` gitignored then builds with `nx run-many -t build`.
 * Entries the user wrote are extended, never replaced. Returns whether nx.json changed.
 */
export function wireTargetDefaults(nxJson: NxJsonConfiguration, generateTarget: string): boolean {
  const defaults: TargetDefaults = nxJson.targetDefaults ?? {};
  const wanted: Dependency[] = [generateTarget, `^${generateTarget}`];
  let changed = false;
  const keys = [...TARGETS_NEEDING_GENERATED_CODE, ...EXECUTORS_NEEDING_GENERATED_CODE.filter((key) => key in defaults)];
  for (const key of keys) {
    const entry = (defaults as Record<string, unknown>)[key];
    if (entry === undefined) {
      (defaults as Record<string, unknown>)[key] = { dependsOn: ['...', ...wanted] };
      changed = true;
      continue;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      logger.warn(
        `Specwright: nx.json targetDefaults["${key}"] is not a plain object; add "dependsOn": ["...", "${generateTarget}", "^${generateTarget}"] to it yourself so ${key} runs generate first.`,
      );
      continue;
    }
    const target = entry as { dependsOn?: Dependency[] };
    const current = target.dependsOn;
    if (current === undefined) {
      target.dependsOn = ['...', ...wanted];
      changed = true;
      continue;
    }
    const missing = wanted.filter((dependency) => !current.some((d) => sameDependency(d, dependency)));
    if (missing.length > 0) {
      target.dependsOn = [...current, ...missing];
      changed = true;
    }
  }
  if (changed) nxJson.targetDefaults = defaults;
  return changed;
}

function sameDependency(a: Dependency, b: Dependency): boolean {
  const norm = (d: Dependency): string => {
    if (typeof d === 'string') return d;
    const upstream = d.dependencies === true || (d.projects === undefined && d.target.startsWith('^'));
    return `${upstream ? '^' : ''}${d.target.replace(/^\^/, '')}${d.projects ? `@${JSON.stringify(d.projects)}` : ''}`;
  };
  return norm(a) === norm(b);
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NxJsonConfiguration, TargetConfiguration } from '@nx/devkit';

/** The TypeScript targets `@nx/js/typescript` infers, as this workspace configured them. */
export interface TypeScriptTargetConfig {
  readonly typecheck?: { readonly targetName: string; readonly configName: string };
  readonly build?: { readonly targetName: string; readonly configName: string };
}

const TS_PLUGIN = '@nx/js/typescript';

/**
 * Reads `@nx/js/typescript`'s options from nx.json with its defaults (typecheck on, from
 * tsconfig.json; build off unless configured, from tsconfig.lib.json). Undefined when the plugin
 * is not registered (a `paths` workspace with project.json executors).
 */
export function typescriptTargetConfig(nxJson: NxJsonConfiguration | undefined): TypeScriptTargetConfig | undefined {
  const entry = (nxJson?.plugins ?? []).find((p) => (typeof p === 'string' ? p : p.plugin) === TS_PLUGIN);
  if (entry === undefined) return undefined;
  const options = (typeof entry === 'string' ? {} : (entry.options ?? {})) as {
    typecheck?: boolean | { targetName?: string; configName?: string };
    build?: boolean | { targetName?: string; configName?: string };
  };
  const typecheck =
    options.typecheck === false
      ? undefined
      : {
          targetName: (typeof options.typecheck === 'object' && options.typecheck.targetName) || 'typecheck',
          configName: (typeof options.typecheck === 'object' && options.typecheck.configName) || 'tsconfig.json',
        };
  const build = !options.build
    ? undefined
    : {
        targetName: (typeof options.build === 'object' && options.build.targetName) || 'build',
        configName: (typeof options.build === 'object' && options.build.configName) || 'tsconfig.lib.json',
      };
  return { typecheck, build };
}

/**
 * What the plugin adds to a spec project's TypeScript targets. They compile `src/generated/`,
 * which is gitignored and so in no Nx file input: without this, a spec change would rerun
 * generate but replay typecheck/build from the cache, stale. Generate's outputs (the generated
 * `.ts` files) become their inputs, merged after `@nx/js/typescript`'s own (`"..."`). Only the
 * targets that plugin infers for this project (its tsconfig files exist) are touched, so no
 * empty target appears elsewhere. The dependsOn on generate comes from init's target defaults.
 */
export function typescriptTargetAdditions(
  workspaceRoot: string,
  projectRoot: string,
  config: TypeScriptTargetConfig | undefined,
): Record<string, TargetConfiguration> {
  if (!config) return {};
  const additions: Record<string, TargetConfiguration> = {};
  const generatedCode = { dependentTasksOutputFiles: '**/*.ts', transitive: true };
  for (const target of [config.typecheck, config.build]) {
    if (!target || !existsSync(join(workspaceRoot, projectRoot, target.configName))) continue;
    additions[target.targetName] = { inputs: ['...', generatedCode] };
  }
  return additions;
}

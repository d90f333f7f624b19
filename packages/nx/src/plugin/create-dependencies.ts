import { posix } from 'node:path';
import type { CreateDependencies, DependencyType, RawProjectGraphDependency } from '@nx/devkit';
import { ClosureCache } from './closure-cache';
import type { SpecwrightPluginOptions } from './options';

const SPEC_EXECUTORS = new Set(['@specwright/nx:generate', '@specwright/nx:lint']);
// Nx's DependencyType values, without loading @nx/devkit's entry (hundreds of modules) into the
// plugin worker for an enum.
const IMPLICIT = 'implicit' as DependencyType.implicit;

/**
 * An edge from each spec project to every project that owns a file of its `$ref` closure, so
 * `nx affected` and `^` task dependencies follow shared schemas: changing `libs/shared/pet.yaml`
 * affects every API whose spec references it. Spec projects are found through their targets, so
 * this works however the targets were configured; closures come from the cache createNodes filled.
 *
 * The edges are implicit, not static: a `$ref` is no code import. Nx reads static edges as
 * imports, and @nx/js's typescript-sync would then demand a tsconfig reference from a client
 * library to its API project (`nx sync:check` failing right after the client generator).
 */
export const createDependencies: CreateDependencies<SpecwrightPluginOptions> = async (_options, context) => {
  const ownerOf = ownerLookup(context.projects);

  const cache = new ClosureCache(context.workspaceRoot);
  const dependencies: RawProjectGraphDependency[] = [];
  const seen = new Set<string>();
  for (const [source, config] of Object.entries(context.projects)) {
    for (const target of Object.values(config.targets ?? {})) {
      const spec = target.options?.spec;
      if (!target.executor || !SPEC_EXECUTORS.has(target.executor) || typeof spec !== 'string') continue;
      const closure = await cache.closureOf(spec, target.options?.allowRemoteRefs === true);
      for (const file of closure.files) {
        const owner = ownerOf(file);
        if (!owner || owner === source || seen.has(`${source}>${owner}`)) continue;
        seen.add(`${source}>${owner}`);
        dependencies.push({ source, target: owner, type: IMPLICIT });
      }
    }
  }
  cache.save();
  return dependencies.sort((a, b) => `${a.source}>${a.target}`.localeCompare(`${b.source}>${b.target}`));
};

/**
 * The project owning a file: the one with the longest root that holds it, never the
 * workspace-root project (which would own every file). A map from root to project, looked up for
 * the file's folder and each folder above it, so the cost per file is its depth, not the number
 * of projects (a scan of every root per file was quadratic in a workspace of many specs).
 */
function ownerLookup(projects: Record<string, { root: string }>): (file: string) => string | undefined {
  const byRoot = new Map<string, string>();
  for (const [name, config] of Object.entries(projects)) {
    if (config.root !== '.' && !byRoot.has(config.root)) byRoot.set(config.root, name);
  }
  return (file) => {
    for (let dir = file; dir !== '.' && dir !== '/' && dir !== ''; dir = posix.dirname(dir)) {
      const owner = byRoot.get(dir);
      if (owner !== undefined) return owner;
    }
    return undefined;
  };
}

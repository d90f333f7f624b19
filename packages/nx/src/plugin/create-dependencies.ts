import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { DependencyType, type CreateDependencies, type RawProjectGraphDependency } from '@nx/devkit';
import { ClosureCache } from './closure-cache';
import { isInsideRoot, PROJECT_CONFIG_FILE } from './project-config';
import type { SpecwrightPluginOptions } from './options';

const SPEC_EXECUTORS = new Set(['@specwright/nx:generate', '@specwright/nx:lint']);

/**
 * A static edge from each spec project to every project that owns a file of its `$ref` closure,
 * so `nx affected` follows shared schemas: changing `libs/shared/pet.yaml` affects every API
 * whose spec references it. Spec projects are found through their targets, so this works
 * however the targets were configured; closures come from the cache createNodes filled.
 */
export const createDependencies: CreateDependencies<SpecwrightPluginOptions> = async (_options, context) => {
  const roots = Object.entries(context.projects)
    .map(([name, config]) => ({ name, root: config.root }))
    .sort((a, b) => b.root.length - a.root.length); // deepest first: the owner is the longest root
  const ownerOf = (file: string): string | undefined => roots.find((p) => p.root !== '.' && isInsideRoot(p.root, file))?.name;

  const cache = new ClosureCache(context.workspaceRoot);
  const dependencies: RawProjectGraphDependency[] = [];
  const seen = new Set<string>();
  for (const [source, config] of Object.entries(context.projects)) {
    for (const target of Object.values(config.targets ?? {})) {
      const spec = target.options?.spec;
      if (!target.executor || !SPEC_EXECUTORS.has(target.executor) || typeof spec !== 'string') continue;
      const closure = await cache.closureOf(spec, target.options?.allowRemoteRefs === true);
      const sourceFile = sourceFileFor(context.workspaceRoot, config.root, spec);
      for (const file of closure.files) {
        const owner = ownerOf(file);
        if (!owner || owner === source || seen.has(`${source}>${owner}`)) continue;
        seen.add(`${source}>${owner}`);
        dependencies.push(
          sourceFile
            ? { source, target: owner, type: DependencyType.static, sourceFile }
            : { source, target: owner, type: DependencyType.implicit },
        );
      }
    }
  }
  cache.save();
  return dependencies.sort((a, b) => `${a.source}>${a.target}`.localeCompare(`${b.source}>${b.target}`));
};

/** A file of the source project that explains the edge: its spec, else its specwright.json. */
function sourceFileFor(workspaceRoot: string, root: string, spec: string): string | undefined {
  if (isInsideRoot(root, spec)) return spec;
  const config = posix.join(root, PROJECT_CONFIG_FILE);
  return existsSync(join(workspaceRoot, config)) ? config : undefined;
}

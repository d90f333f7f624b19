import type { TargetConfiguration } from '@nx/devkit';
import { isInsideRoot, type SpecProject } from './project-config';
import type { NormalizedOptions } from './options';

/**
 * The breaking-change check of a project that owns its spec (a client library generated from
 * another project's spec is reported as that API's consumer instead). Not cached: its result
 * depends on the base version in git, which is no file input.
 */
export function apiDiffTarget(project: SpecProject, options: NormalizedOptions): Record<string, TargetConfiguration> {
  if (!isInsideRoot(project.root, project.specFile) && project.root !== '.') return {};
  return {
    [options.apiDiffTargetName]: {
      executor: '@specwright/nx:api-diff',
      cache: false,
      options: { spec: project.specFile, allowRemoteRefs: project.config.allowRemoteRefs ?? options.allowRemoteRefs },
      metadata: {
        description: `Compare ${project.specFile} (with every file it $refs) at the git base (nx affected's --base, NX_BASE or nx.json defaultBase; its merge base with HEAD) with the working tree: fails on breaking changes not accepted in specwright.breaking.yaml, lists the rest as a changelog and names the projects that consume this API`,
        technologies: ['openapi'],
        help: { command: 'npx specwright diff --help', example: { options: { base: 'origin/main', failOn: 'warning' } } },
      },
    },
  };
}

import { posix } from 'node:path';
import type { CreateNodes, CreateNodesResult } from '@nx/devkit';
import { ClosureCache } from './closure-cache';
import { normalizeOptions, validateOutputSettings, type SpecwrightPluginOptions, type SpecwrightProjectConfig } from './options';
import { projectLockDir, requireModel, validateLockDir } from './generation-settings';
import { readSpecProject } from './project-config';
import { buildTargets } from './targets';
import { conformanceToolInputs, toolInputs } from './tool-inputs';
import { typescriptTargetAdditions, typescriptTargetConfig } from './typescript-targets';
import { apiDiffTarget } from './api-diff-target';
import { withoutUndefined } from '../utils/without-undefined';

export const SPEC_PROJECT_GLOB = '**/{openapi.yaml,openapi.yml,openapi.json,specwright.json}';

/**
 * Infers `spec-lint`, `generate`, and for projects with a server `serve` and `conformance`, for
 * every project holding an OpenAPI spec (or a specwright.json pointing at one). The `$ref` closure of each spec becomes the file inputs of
 * its targets, so editing any referenced file — in the project or elsewhere — invalidates them.
 */
export const createNodes: CreateNodes<SpecwrightPluginOptions> = [
  SPEC_PROJECT_GLOB,
  async (configFiles, rawOptions, context) => {
    const options = normalizeOptions(rawOptions);
    const cache = new ClosureCache(context.workspaceRoot);
    const tools = toolInputs(context.workspaceRoot);
    const conformanceTools = conformanceToolInputs(context.workspaceRoot);
    const typescriptTargets = typescriptTargetConfig(context.nxJsonConfiguration);
    try {
      const results = await Promise.all(
        configFiles.map(async (file) => {
          const project = readSpecProject(context.workspaceRoot, file);
          if (!project) return undefined;
          const settings = { ...options, ...withoutUndefined(project.config) };
          const spec = posix.relative(project.root, project.specFile);
          const emitsServer = settings.emit.includes('server');
          // The lock matters only where handlers are bound: a client library has none.
          const lockDir = emitsServer ? projectLockDir(settings.lockDir, spec) : undefined;
          const origin = (key: keyof SpecwrightProjectConfig): { file: string; pointer: string } =>
            project.config[key] !== undefined ? { file: project.configFile, pointer: `/${key}` } : { file: 'nx.json', pointer: `@specwright/nx options/${key}` };
          const fromConfig = project.config.outDir !== undefined || project.config.handlersDir !== undefined || project.config.lockDir !== undefined;
          validateOutputSettings(
            { outDir: settings.outDir, handlersDir: settings.handlersDir, spec, lockDir },
            fromConfig ? project.configFile : 'nx.json',
            fromConfig ? '/outDir' : '@specwright/nx options/outDir',
          );
          if (lockDir !== undefined) {
            const at = origin('lockDir');
            validateLockDir({ lockDir, projectRoot: project.root, handlersDir: settings.handlersDir, spec }, at.file, at.pointer);
            const provider = origin('provider');
            requireModel(settings, provider.file, provider.pointer);
          }
          const closure = await cache.closureOf(project.specFile, settings.allowRemoteRefs ?? false);
          const result: CreateNodesResult = {
            projects: {
              [project.root]: {
                targets: {
                  ...typescriptTargetAdditions(context.workspaceRoot, project.root, typescriptTargets),
                  ...buildTargets(project, closure, options, tools, conformanceTools),
                  ...apiDiffTarget(project, options),
                },
                metadata: { technologies: ['openapi'] },
              },
            },
          };
          return [file, result] as const;
        }),
      );
      return results.filter((r): r is NonNullable<typeof r> => r !== undefined);
    } finally {
      cache.save();
    }
  },
];

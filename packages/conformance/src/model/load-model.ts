import { resolve } from 'node:path';
import { defaultWorkspaceRoot, loadSpec } from '@specwright/core';
import { buildConformanceModel } from './build-model';
import type { ConformanceModel } from './types';

export interface LoadModelOptions {
  /**
   * Files outside it cannot be referenced. Defaults, as for `specwright generate`, to the nearest
   * folder above the spec with nx.json, else .git, else the spec's own folder.
   */
  readonly workspaceRoot?: string;
  readonly allowRemoteRefs?: boolean;
}

/**
 * Loads a spec file (YAML or JSON, with every file it `$ref`s; Swagger 2.0 is converted to OpenAPI
 * 3.0) into a conformance model. The loader's warnings (a converted spec) lead the model's.
 */
export async function loadConformanceModel(specPath: string, options: LoadModelOptions = {}): Promise<ConformanceModel> {
  const absolute = resolve(specPath);
  const workspaceRoot = options.workspaceRoot ? resolve(options.workspaceRoot) : defaultWorkspaceRoot(absolute);
  const source = await loadSpec(absolute, { workspaceRoot, ...(options.allowRemoteRefs ? { allowRemoteRefs: true } : {}) });
  const model = buildConformanceModel(source.document, source.version, source.rootFile);
  return source.warnings.length === 0 ? model : { ...model, warnings: [...source.warnings, ...(model.warnings ?? [])] };
}

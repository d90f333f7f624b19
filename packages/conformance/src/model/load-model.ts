import { dirname, relative, resolve, isAbsolute } from 'node:path';
import { loadSpec } from '@specwright/core';
import { buildConformanceModel } from './build-model';
import type { ConformanceModel } from './types';

export interface LoadModelOptions {
  /**
   * Files outside it cannot be referenced. Defaults to the current directory when the spec is
   * inside it (specs often `$ref` a sibling folder), else the spec's own folder.
   */
  readonly workspaceRoot?: string;
  readonly allowRemoteRefs?: boolean;
}

/** Loads a spec file (YAML or JSON, with every file it `$ref`s) into a conformance model. */
export async function loadConformanceModel(specPath: string, options: LoadModelOptions = {}): Promise<ConformanceModel> {
  const absolute = resolve(specPath);
  const cwd = process.cwd();
  const inside = !relative(cwd, absolute).startsWith('..') && !isAbsolute(relative(cwd, absolute));
  const workspaceRoot = options.workspaceRoot ? resolve(options.workspaceRoot) : inside ? cwd : dirname(absolute);
  const source = await loadSpec(absolute, { workspaceRoot, ...(options.allowRemoteRefs ? { allowRemoteRefs: true } : {}) });
  return buildConformanceModel(source.document, source.version, source.rootFile);
}

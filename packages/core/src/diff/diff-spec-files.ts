import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { loadSpec, type SpecSource } from '../spec/load-spec';
import { toPosix } from '../spec/ref-closure';
import type { AcceptEntry } from './acceptance';
import { defaultAcceptFile, loadAcceptFile } from './accept-file';
import type { DiffResult } from './diff-result';
import { diffSpecs } from './diff-specs';

export interface DiffSpecFilesOptions {
  /** Absolute workspace root of the head spec: its `$ref`s may not leave it; locations are relative to it. */
  readonly workspaceRoot: string;
  /**
   * Absolute workspace root of the base spec (a checkout of an older commit, say). Default: the
   * head's root when it holds the base spec, else the base spec's folder.
   */
  readonly baseWorkspaceRoot?: string;
  /**
   * The accept file (absolute, or relative to the workspace root). Default: specwright.breaking.yaml
   * beside the head spec when it exists; `false`: none.
   */
  readonly acceptFile?: string | false;
  readonly allowRemoteRefs?: boolean;
}

export interface DiffFilesResult extends DiffResult {
  /** About the specs as a whole (a Swagger 2.0 spec was converted), for the front end to print. */
  readonly warnings: readonly string[];
  /** The accept file read, workspace-relative; undefined when there was none. */
  readonly acceptFile?: string;
}

/**
 * Loads both specs through core's loader (bundling, the `$ref` safety rules, Swagger 2.0
 * conversion) and diffs them. Errors (a file that does not parse, a `$ref` leaving the workspace,
 * an invalid accept file) are SpecwrightErrors naming the file.
 */
export async function diffSpecFiles(baseFile: string, headFile: string, options: DiffSpecFilesOptions): Promise<DiffFilesResult> {
  const workspaceRoot = resolve(options.workspaceRoot);
  const headPath = resolve(workspaceRoot, headFile);
  const basePath = resolve(workspaceRoot, baseFile);
  const baseRoot = options.baseWorkspaceRoot ? resolve(options.baseWorkspaceRoot) : isInside(workspaceRoot, basePath) ? workspaceRoot : dirname(basePath);
  const [base, head] = await Promise.all([
    loadSpec(basePath, { workspaceRoot: baseRoot, allowRemoteRefs: options.allowRemoteRefs }),
    loadSpec(headPath, { workspaceRoot, allowRemoteRefs: options.allowRemoteRefs }),
  ]);
  const acceptPath = options.acceptFile === false ? undefined : options.acceptFile !== undefined ? resolve(workspaceRoot, options.acceptFile) : defaultAcceptFile(headPath);
  const accept: AcceptEntry[] = acceptPath ? loadAcceptFile(acceptPath, workspaceRoot) : [];
  const result = diffSpecs({ base: input(base, baseRoot), head: input(head, workspaceRoot), accept });
  return {
    ...result,
    warnings: [...base.warnings, ...head.warnings],
    ...(acceptPath ? { acceptFile: toPosix(relative(workspaceRoot, acceptPath)) } : {}),
  };
}

function input(source: SpecSource, workspaceRoot: string): { document: SpecSource['document']; file: string; text: string } {
  const text = readFileSync(join(workspaceRoot, source.rootFile), 'utf8');
  return { document: source.document, file: source.rootFile, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { diffSpecFiles, failingFindings, formatError, formatFindings, specAtRevision, type DiffFormat, type FailOn, type SpecAtRevision } from '@specwright/core';
import { resolveBaseRef } from './base-ref';
import { consumersOf } from './consumers';

export interface ApiDiffExecutorOptions {
  /** The spec, workspace-relative. */
  spec: string;
  /** The git ref to compare with (default: NX_BASE, the nx command's --base, nx.json defaultBase, main). */
  base?: string;
  /** Fail on breaking changes (`error`, default) or on possibly breaking ones too (`warning`). */
  failOn?: FailOn;
  format?: DiffFormat;
  /** The accept file, workspace-relative (default: specwright.breaking.yaml beside the spec). */
  acceptFile?: string;
  allowRemoteRefs?: boolean;
}

/**
 * `nx run <project>:api-diff` / `nx affected -t api-diff`: compares the project's spec (its whole
 * `$ref` closure) at the base ref with the working tree, prints every finding and the projects
 * that consume the API, and fails on unaccepted breaking changes.
 */
export default async function apiDiffExecutor(options: ApiDiffExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  let base: SpecAtRevision | undefined;
  try {
    const nxJson = context.nxJsonConfiguration as { defaultBase?: string; affected?: { defaultBase?: string } } | undefined;
    const ref = resolveBaseRef(options.base, nxJson?.defaultBase ?? nxJson?.affected?.defaultBase);
    base = specAtRevision(context.root, ref.ref, options.spec);
    const label = `${options.spec} against ${ref.ref} (${ref.from === 'option' ? 'base option' : ref.from}; commit ${base.commit.slice(0, 12)})`;
    if (!base.exists) {
      console.log(`${label}: the spec did not exist there, so nothing can break.`);
      return { success: true };
    }
    const result = await diffSpecFiles(join(base.root, options.spec), options.spec, {
      workspaceRoot: context.root,
      baseWorkspaceRoot: base.root,
      acceptFile: options.acceptFile,
      allowRemoteRefs: options.allowRemoteRefs,
    });
    for (const warning of result.warnings) console.warn(`warning: ${warning}`);
    console.log(`API diff of ${label}`);
    process.stdout.write(formatFindings(result, options.format ?? 'text', { failOn: options.failOn }));
    const failing = failingFindings(result, options.failOn ?? 'error');
    const consumers = context.projectName && context.projectGraph ? consumersOf(context.projectGraph, context.projectName) : [];
    if (result.findings.some((f) => f.severity !== 'info' && !f.accepted)) {
      console.log(
        consumers.length === 0
          ? 'Consumers affected: none in this workspace (no project depends on this one).'
          : `Consumers affected (projects that depend on ${context.projectName}): ${consumers.join(', ')}`,
      );
    }
    if (failing.length > 0) {
      console.error(
        `${failing.length} ${failing.length === 1 ? 'change breaks' : 'changes break'} clients of ${context.projectName ?? options.spec}. ` +
          'If intended, accept each in specwright.breaking.yaml beside the spec (operation, rule, reason) or with x-specwright-accept-breaking on the operation.',
      );
    }
    return { success: failing.length === 0 };
  } catch (error) {
    console.error(formatError(error, { verbose: context.isVerbose }));
    return { success: false };
  } finally {
    base?.dispose();
  }
}

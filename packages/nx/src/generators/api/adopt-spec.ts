import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, posix, relative, resolve, sep } from 'node:path';
import type { Tree } from '@nx/devkit';
import { stringify } from 'yaml';
import { collectRefClosure, loadSpec, SpecwrightError } from '@specwright/core';
import { DEFAULT_SPEC_FILE, PROJECT_CONFIG_FILE } from '../../plugin/project-config';
import { readProjectConfig } from '../../utils/ensure-project';

/** What adopting a spec did, for the generator's log. */
export type AdoptOutcome =
  | { kind: 'copied'; files: number }
  | { kind: 'bundled'; reason: string }
  | { kind: 'referenced'; spec: string }
  | { kind: 'kept'; file: string };

export const SPEC_NAMES: readonly string[] = ['openapi.yaml', 'openapi.yml', 'openapi.json'];

/**
 * Brings an existing spec into a project. With copy (the default), the spec and every file it
 * `$ref`s are copied keeping their relative layout; when the closure reaches outside the spec's
 * folder (so relative paths would break), the bundled single-file spec is written instead.
 * Without copy, a specwright.json points at the spec where it is.
 */
export async function adoptSpec(tree: Tree, root: string, specOption: string, copy: boolean): Promise<AdoptOutcome> {
  const existing = existingSpec(tree, root);
  if (existing) return { kind: 'kept', file: existing };
  const specPath = resolve(tree.root, specOption);

  if (!copy) {
    const inWorkspace = relative(tree.root, specPath);
    if (inWorkspace.startsWith('..') || isAbsolute(inWorkspace)) {
      throw new SpecwrightError('INVALID_OPTION', `--no-copy needs a spec inside the workspace: ${specOption}`, {
        location: { file: 'options', pointer: '/spec' },
        fix: 'Move the spec into the workspace, or drop --no-copy to copy it into the project.',
      });
    }
    collectRefClosure(specPath, { workspaceRoot: tree.root }); // fail now, with a location, if it is broken
    const fromRoot = posix.relative(root, inWorkspace.split(sep).join('/'));
    writeProjectConfig(tree, root, { spec: fromRoot });
    return { kind: 'referenced', spec: fromRoot };
  }

  const specDir = dirname(specPath);
  const closure = collectRefClosure(specPath, { workspaceRoot: '/' });
  const absoluteFiles = [...closure.documents.keys()];
  const outside = absoluteFiles.find((file) => relative(specDir, file).startsWith('..'));
  if (outside) {
    const source = await loadSpec(specPath, { workspaceRoot: '/' });
    tree.write(posix.join(root, DEFAULT_SPEC_FILE), stringify(source.document, { aliasDuplicateObjects: false, lineWidth: 0 }));
    return { kind: 'bundled', reason: `it references ${outside}, outside the spec's folder` };
  }
  // Files keep their names: other files may `$ref` back into the root spec by its name. A root
  // not named openapi.* is found through specwright.json instead.
  for (const file of absoluteFiles) tree.write(posix.join(root, relative(specDir, file).split(sep).join('/')), readFileSync(file));
  const rootName = basename(specPath);
  if (!SPEC_NAMES.includes(rootName)) writeProjectConfig(tree, root, { spec: rootName });
  return { kind: 'copied', files: absoluteFiles.length };
}

/** The spec a project already has: an openapi.* file, or the `spec` of its specwright.json. */
export function existingSpec(tree: Tree, root: string): string | undefined {
  const configured = readProjectConfig(tree, posix.join(root, PROJECT_CONFIG_FILE)).spec;
  if (typeof configured === 'string') return posix.normalize(posix.join(root, configured));
  return SPEC_NAMES.map((name) => posix.join(root, name)).find((file) => tree.exists(file));
}

/** Merges settings into the project's specwright.json, keeping whatever else it holds. */
export function writeProjectConfig(tree: Tree, root: string, settings: Record<string, unknown>): void {
  const path = posix.join(root, PROJECT_CONFIG_FILE);
  tree.write(path, JSON.stringify({ ...readProjectConfig(tree, path), ...settings }, null, 2) + '\n');
}

/** The built-in template's spec, shipped with @specwright/core. */
export function templateSpec(template: string): string {
  return readFileSync(require.resolve(`@specwright/core/templates/${template}/openapi.yaml`), 'utf8');
}


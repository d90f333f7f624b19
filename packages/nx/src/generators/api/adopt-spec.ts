import { readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, posix, relative, resolve, sep } from 'node:path';
import type { Tree } from '@nx/devkit';
import { stringify } from 'yaml';
import { collectRefClosure, loadSpec, SpecwrightError } from '@specwright/core';
import { DEFAULT_SPEC_FILE, PROJECT_CONFIG_FILE } from '../../plugin/project-config';

/** What adopting a spec did, for the generator's log. */
export type AdoptOutcome =
  | { kind: 'copied'; files: number }
  | { kind: 'bundled'; reason: string }
  | { kind: 'referenced'; spec: string }
  | { kind: 'kept'; file: string };

const SPEC_NAMES = ['openapi.yaml', 'openapi.yml', 'openapi.json'];

/**
 * Brings an existing spec into a project. With copy (the default), the spec and every file it
 * `$ref`s are copied keeping their relative layout; when the closure reaches outside the spec's
 * folder (so relative paths would break), the bundled single-file spec is written instead.
 * Without copy, a specwright.json points at the spec where it is.
 */
export async function adoptSpec(tree: Tree, root: string, specOption: string, copy: boolean): Promise<AdoptOutcome> {
  const existing = SPEC_NAMES.map((name) => posix.join(root, name)).find((file) => tree.exists(file));
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
    const config = tree.exists(posix.join(root, PROJECT_CONFIG_FILE)) ? JSON.parse(tree.read(posix.join(root, PROJECT_CONFIG_FILE), 'utf-8') ?? '{}') : {};
    tree.write(posix.join(root, PROJECT_CONFIG_FILE), JSON.stringify({ ...config, spec: fromRoot }, null, 2) + '\n');
    return { kind: 'referenced', spec: fromRoot };
  }

  const specDir = dirname(specPath);
  const closure = collectRefClosure(specPath, { workspaceRoot: '/' });
  const absoluteFiles = [...closure.documents.keys()];
  const outside = absoluteFiles.find((file) => relative(specDir, file).startsWith('..'));
  const rootName = extname(specPath) === '.json' ? 'openapi.json' : DEFAULT_SPEC_FILE;
  if (outside) {
    const source = await loadSpec(specPath, { workspaceRoot: '/' });
    tree.write(posix.join(root, DEFAULT_SPEC_FILE), stringify(source.document, { aliasDuplicateObjects: false, lineWidth: 0 }));
    return { kind: 'bundled', reason: `it references ${outside}, outside the spec's folder` };
  }
  for (const file of absoluteFiles) {
    const target = file === specPath ? rootName : relative(specDir, file).split(sep).join('/');
    tree.write(posix.join(root, target), readFileSync(file));
  }
  return { kind: 'copied', files: absoluteFiles.length };
}

/** The built-in template's spec, shipped with @specwright/core. */
export function templateSpec(template: string): string {
  return readFileSync(require.resolve(`@specwright/core/templates/${template}/openapi.yaml`), 'utf8');
}

export { SPEC_NAMES };

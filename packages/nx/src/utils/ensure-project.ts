import { addProjectConfiguration, getProjects, type Tree } from '@nx/devkit';
import { posix } from 'node:path';
import { SpecwrightError } from '@specwright/core';

export interface ProjectRequest {
  readonly name: string;
  readonly root: string;
  readonly projectType: 'application' | 'library';
  readonly tags?: string;
}

/**
 * Creates the project unless it already exists at that root (reruns are no-ops). A name taken by
 * a project elsewhere is an error: writing files into a folder that is not that project would
 * leave them orphaned.
 */
export function ensureProject(tree: Tree, request: ProjectRequest): void {
  if (projectExists(tree, request.name, request.root)) return;
  addProjectConfiguration(tree, request.name, {
    root: request.root,
    projectType: request.projectType,
    sourceRoot: posix.join(request.root, 'src'),
    tags: request.tags ? request.tags.split(',').map((t) => t.trim()).filter(Boolean) : [],
    targets: {},
  });
}

/**
 * Whether the project `name` exists at `root` (a rerun). A name taken by a project at another
 * root is an error naming both, before anything is written.
 */
export function projectExists(tree: Tree, name: string, root: string): boolean {
  const existing = getProjects(tree).get(name);
  if (!existing) return false;
  if (existing.root === root) return true;
  throw new SpecwrightError('INVALID_OPTION', `A project named "${name}" already exists at ${existing.root}`, {
    location: { file: 'options', pointer: '/name' },
    fix: `Choose another name, or pass --directory=${existing.root} to update that project.`,
  });
}

/** `apps/x/`, `./apps/x`, `apps\x` → `apps/x`. */
export function normalizeRoot(directory: string): string {
  return directory.replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '') || '.';
}

/** Reads a project's specwright.json from the tree ({} when absent). */
export function readProjectConfig(tree: Tree, path: string): Record<string, unknown> {
  if (!tree.exists(path)) return {};
  try {
    return JSON.parse(tree.read(path, 'utf-8') ?? '{}') as Record<string, unknown>;
  } catch (cause) {
    throw new SpecwrightError('PARSE_ERROR', `Invalid JSON in ${path}`, { location: { file: path }, fix: 'Fix the JSON syntax.', cause });
  }
}

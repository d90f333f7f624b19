import { posix as posixPath } from 'node:path';
import {
  addProjectConfiguration,
  formatFiles,
  getProjects,
  type GeneratorCallback,
  type Tree,
} from '@nx/devkit';
import { posix } from 'node:path';
import { SpecwrightError } from '@specwright/core';
import { PROJECT_CONFIG_FILE } from '../../plugin/project-config';
import { SPEC_NAMES } from '../api/adopt-spec';

export interface ClientGeneratorSchema {
  name: string;
  directory?: string;
  api?: string;
  spec?: string;
  tags?: string;
  skipFormat?: boolean;
}

/**
 * `nx g @specwright/nx:client <name> --api=<project>`: a library that generates only the types
 * and the typed client from another project's spec. Its generate target takes that spec's
 * `$ref` closure as input, and the plugin adds a graph edge to the API project, so
 * `nx affected` rebuilds the client whenever the API's contract changes.
 */
export async function clientGenerator(tree: Tree, options: ClientGeneratorSchema): Promise<GeneratorCallback> {
  const root = (options.directory ?? options.name).replace(/\\/g, '/').replace(/\/+$/, '');
  const spec = resolveSpec(tree, options);
  if (!getProjects(tree).has(options.name)) {
    addProjectConfiguration(tree, options.name, {
      root,
      projectType: 'library',
      sourceRoot: posixPath.join(root, 'src'),
      tags: options.tags ? options.tags.split(',').map((t) => t.trim()).filter(Boolean) : [],
      targets: {},
    });
  }
  const config = { spec: posix.relative(root, spec), emit: ['types', 'client'] };
  tree.write(posixPath.join(root, PROJECT_CONFIG_FILE), JSON.stringify(config, null, 2) + '\n');
  if (!tree.exists(posixPath.join(root, 'src/index.ts'))) {
    tree.write(posixPath.join(root, 'src/index.ts'), "export * from './generated';\n");
  }
  if (!options.skipFormat) await formatFiles(tree);
  return () => undefined;
}

function resolveSpec(tree: Tree, options: ClientGeneratorSchema): string {
  if (options.spec) {
    if (!tree.exists(options.spec)) {
      throw new SpecwrightError('FILE_NOT_FOUND', `Spec not found: ${options.spec}`, {
        location: { file: 'options', pointer: '/spec' },
        fix: 'Pass a workspace-relative path to an OpenAPI file.',
      });
    }
    return options.spec;
  }
  const project = options.api ? getProjects(tree).get(options.api) : undefined;
  if (!options.api || !project) {
    throw new SpecwrightError('INVALID_OPTION', options.api ? `No project named "${options.api}"` : 'Pass --api=<project> or --spec=<file>', {
      location: { file: 'options', pointer: '/api' },
      fix: 'Name the spec-backed project the client is for (see `nx show projects`).',
    });
  }
  const configPath = posixPath.join(project.root, PROJECT_CONFIG_FILE);
  if (tree.exists(configPath)) {
    const specFromConfig = (JSON.parse(tree.read(configPath, 'utf-8') ?? '{}') as { spec?: string }).spec;
    if (specFromConfig) return posix.normalize(posixPath.join(project.root, specFromConfig));
  }
  const found = SPEC_NAMES.map((name) => posixPath.join(project.root, name)).find((file) => tree.exists(file));
  if (!found) {
    throw new SpecwrightError('INVALID_OPTION', `Project "${options.api}" has no OpenAPI spec`, {
      location: { file: project.root },
      fix: 'Point --api at a project made with @specwright/nx:api, or pass --spec.',
    });
  }
  return found;
}

export default clientGenerator;

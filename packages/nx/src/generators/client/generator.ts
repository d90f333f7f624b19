import { formatFiles, getProjects, runTasksInSerial, type GeneratorCallback, type Tree } from '@nx/devkit';
import { posix } from 'node:path';
import { SpecwrightError } from '@specwright/core';
import { normalizeRoot } from '../../utils/ensure-project';
import { withUserFacingErrors } from '../../utils/user-facing';
import { existingSpec, writeProjectConfig } from '../api/adopt-spec';
import { initGenerator } from '../init/generator';
import { ensureSpecProject, type Linter, type UnitTestRunner } from '../utils/typescript-project';

export interface ClientGeneratorSchema {
  name: string;
  directory?: string;
  api?: string;
  spec?: string;
  tags?: string;
  /** Only the spec-backed library (specwright.json, src/index.ts, project.json): no @nx/js TypeScript setup. */
  bare?: boolean;
  unitTestRunner?: UnitTestRunner;
  linter?: Linter;
  importPath?: string;
  skipPackageJson?: boolean;
  skipFormat?: boolean;
}

/**
 * `nx g @specwright/nx:client <name> --api=<project>`: an @nx/js TypeScript library that
 * generates only the types and the typed client from another project's spec; consumers import it
 * by its package name (or tsconfig path). Its generate target takes that spec's
 * `$ref` closure as input, and the plugin adds a graph edge to the API project, so
 * `nx affected` rebuilds the client whenever the API's contract changes.
 */
export function clientGenerator(tree: Tree, options: ClientGeneratorSchema): Promise<GeneratorCallback> {
  return withUserFacingErrors(async () => {
    const root = normalizeRoot(options.directory ?? options.name);
    const spec = resolveSpec(tree, options);
    const tasks: GeneratorCallback[] = [await initGenerator(tree, { skipPackageJson: options.skipPackageJson, skipFormat: true })];
    tasks.push(await ensureSpecProject(tree, { ...options, root, kind: 'client' }));
    writeProjectConfig(tree, root, { spec: posix.relative(root, spec), emit: ['types', 'client'] });
    const index = posix.join(root, 'src/index.ts');
    if (!tree.exists(index)) tree.write(index, "export * from './generated/index.js';\n");
    if (!options.skipFormat) await formatFiles(tree);
    return runTasksInSerial(...tasks);
  });
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
  const found = existingSpec(tree, project.root);
  if (!found) {
    throw new SpecwrightError('INVALID_OPTION', `Project "${options.api}" has no OpenAPI spec`, {
      location: { file: project.root },
      fix: 'Point --api at a project made with @specwright/nx:api, or pass --spec.',
    });
  }
  return found;
}

export default clientGenerator;

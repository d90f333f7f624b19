import { posix as posixPath } from 'node:path';
import {
  addProjectConfiguration,
  formatFiles,
  getProjects,
  logger,
  runTasksInSerial,
  type GeneratorCallback,
  type Tree,
} from '@nx/devkit';
import { SpecwrightError } from '@specwright/core';
import { initGenerator } from '../init/generator';
import { adoptSpec, SPEC_NAMES, templateSpec } from './adopt-spec';

export interface ApiGeneratorSchema {
  name: string;
  directory?: string;
  spec?: string;
  copy?: boolean;
  template?: string;
  tags?: string;
  skipPackageJson?: boolean;
  skipFormat?: boolean;
}

const HANDLERS_README = `# Hand-owned handlers

A file here named after an operation (\`<operationId>.ts\`, with \`/\` in an id becoming a folder)
replaces the generated implementation of that operation. Specwright never writes here.

\`\`\`ts
import type { GetPetHandler } from '../generated/handler-types';

const getPet: GetPetHandler = async ({ path }) => ({ status: 200, body: { id: path.petId, name: 'Rex', status: 'available' } });

export default getPet;
\`\`\`
`;

/**
 * `nx g @specwright/nx:api <name>`: a project whose OpenAPI spec is its source. The plugin
 * infers spec-lint, generate and serve from the spec; nothing else needs configuring. Running
 * it twice changes nothing: an existing project and spec are kept.
 */
export async function apiGenerator(tree: Tree, options: ApiGeneratorSchema): Promise<GeneratorCallback> {
  const tasks: GeneratorCallback[] = [await initGenerator(tree, { skipPackageJson: options.skipPackageJson, skipFormat: true })];
  const root = normalizeRoot(options.directory ?? options.name);
  const existing = getProjects(tree).get(options.name);
  if (existing && existing.root !== root) {
    throw new SpecwrightError('INVALID_OPTION', `A project named "${options.name}" already exists at ${existing.root}`, {
      location: { file: 'options', pointer: '/name' },
      fix: 'Choose another name, or pass --directory with that project\'s root.',
    });
  }
  if (!existing) {
    addProjectConfiguration(tree, options.name, {
      root,
      projectType: 'application',
      sourceRoot: posixPath.join(root, 'src'),
      tags: options.tags ? options.tags.split(',').map((t) => t.trim()).filter(Boolean) : [],
      targets: {},
    });
  }

  if (options.spec) {
    const outcome = await adoptSpec(tree, root, options.spec, options.copy !== false);
    logger.info(describe(outcome, options.spec));
  } else if (!SPEC_NAMES.some((name) => tree.exists(posixPath.join(root, name)))) {
    tree.write(posixPath.join(root, 'openapi.yaml'), templateSpec(options.template ?? 'petstore'));
  }
  const readme = posixPath.join(root, 'src/handlers/README.md');
  if (!tree.exists(readme)) tree.write(readme, HANDLERS_README);

  if (!options.skipFormat) await formatFiles(tree);
  return runTasksInSerial(...tasks);
}

function describe(outcome: Awaited<ReturnType<typeof adoptSpec>>, spec: string): string {
  switch (outcome.kind) {
    case 'copied':
      return `Copied ${spec} and the ${outcome.files - 1} file(s) it references into the project.`;
    case 'bundled':
      return `Wrote ${spec} bundled into one file, because ${outcome.reason}.`;
    case 'referenced':
      return `The project uses ${outcome.spec} in place (specwright.json).`;
    case 'kept':
      return `Kept the existing ${outcome.file}; it was not overwritten.`;
  }
}

function normalizeRoot(directory: string): string {
  return directory.replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '') || '.';
}

export default apiGenerator;

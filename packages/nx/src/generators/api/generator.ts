import { formatFiles, logger, runTasksInSerial, type GeneratorCallback, type Tree } from '@nx/devkit';
import { posix } from 'node:path';
import { initGenerator } from '../init/generator';
import { normalizeRoot } from '../../utils/ensure-project';
import { withUserFacingErrors } from '../../utils/user-facing';
import { adoptSpec, existingSpec, templateSpec, type AdoptOutcome } from './adopt-spec';
import { ensureSpecProject, type Linter, type UnitTestRunner } from '../utils/typescript-project';

export interface ApiGeneratorSchema {
  name: string;
  directory?: string;
  spec?: string;
  copy?: boolean;
  template?: string;
  tags?: string;
  /** Only the spec project (spec, handlers folder, project.json): no @nx/js TypeScript setup. */
  bare?: boolean;
  unitTestRunner?: UnitTestRunner;
  linter?: Linter;
  importPath?: string;
  skipPackageJson?: boolean;
  skipFormat?: boolean;
}

const HANDLERS_README = `# Hand-owned handlers

A file here named after an operation (\`<operationId>.ts\`, with \`/\` in an id becoming a folder)
replaces the generated implementation of that operation. Specwright never writes here.

\`\`\`ts
import type { GetPetHandler } from '../generated/handler-types.js';

const getPet: GetPetHandler = async ({ path }) => ({ status: 200, body: { id: path.petId, name: 'Rex', status: 'available' } });

export default getPet;
\`\`\`
`;

/**
 * `nx g @specwright/nx:api <name>`: a project whose OpenAPI spec is its source. It is an @nx/js
 * TypeScript library (see createTypeScriptProject) whose index re-exports the generated app,
 * client and types; the plugin infers spec-lint, generate, serve and conformance from the spec,
 * and init's target defaults make build, typecheck and test run generate first. Running it twice
 * changes nothing: an existing project and spec are kept.
 */
export function apiGenerator(tree: Tree, options: ApiGeneratorSchema): Promise<GeneratorCallback> {
  return withUserFacingErrors(async () => {
    const tasks: GeneratorCallback[] = [await initGenerator(tree, { skipPackageJson: options.skipPackageJson, skipFormat: true })];
    const root = normalizeRoot(options.directory ?? options.name);
    // A project already at the root (a rerun, or an existing TypeScript project adopting a spec)
    // is kept as it is: only the spec and the handlers folder are added.
    tasks.push(await ensureSpecProject(tree, { ...options, root, kind: 'api' }));

    if (options.spec) {
      logger.info(describe(await adoptSpec(tree, root, options.spec, options.copy !== false), options.spec));
    } else if (!existingSpec(tree, root)) {
      tree.write(posix.join(root, 'openapi.yaml'), templateSpec(options.template ?? 'petstore'));
    }
    const readme = posix.join(root, 'src/handlers/README.md');
    if (!tree.exists(readme)) tree.write(readme, HANDLERS_README);

    if (!options.skipFormat) await formatFiles(tree);
    return runTasksInSerial(...tasks);
  });
}

function describe(outcome: AdoptOutcome, spec: string): string {
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

export default apiGenerator;

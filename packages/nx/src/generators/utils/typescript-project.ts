import {
  getProjects,
  readJson,
  readNxJson,
  updateJson,
  type GeneratorCallback,
  type Tree,
} from '@nx/devkit';
import { libraryGenerator } from '@nx/js';
import { posix } from 'node:path';
import { dependencyVersions } from '../../utils/versions';
import { registerPlugin } from '../init/generator';
import { ensureProject, projectExists } from '../../utils/ensure-project';

export type UnitTestRunner = 'jest' | 'vitest' | 'none';
export type Linter = 'eslint' | 'none';

/** The generator options that shape the project (shared by api and client). */
export interface ProjectShapeOptions {
  readonly tags?: string;
  /** Only the spec project (no @nx/js TypeScript setup). */
  readonly bare?: boolean;
  readonly unitTestRunner?: UnitTestRunner;
  readonly linter?: Linter;
  readonly importPath?: string;
  readonly skipPackageJson?: boolean;
}

/**
 * The project at `root`, created when there is none: an @nx/js TypeScript library, or with
 * `bare` a project.json only. A project already there (a rerun, or an existing project gaining
 * a spec or a client) is kept as it is; a name taken at another root is an error.
 */
export async function ensureSpecProject(
  tree: Tree,
  request: { readonly name: string; readonly root: string; readonly kind: 'api' | 'client' } & ProjectShapeOptions,
): Promise<GeneratorCallback> {
  const none: GeneratorCallback = () => undefined;
  if (projectAt(tree, request.root) !== undefined || projectExists(tree, request.name, request.root)) return none;
  if (request.bare) {
    ensureProject(tree, { name: request.name, root: request.root, projectType: request.kind === 'api' ? 'application' : 'library', tags: request.tags });
    return none;
  }
  return createTypeScriptProject(tree, request);
}

export type TypeScriptProjectRequest = { readonly name: string; readonly root: string; readonly kind: 'api' | 'client' } & Omit<ProjectShapeOptions, 'bare'>;

/** The generated conformance suite runs under the conformance target, not in a library build. */
export const CONFORMANCE_SUITE = 'src/generated/conformance.suite.ts';

/**
 * Creates the project with `@nx/js:library` (tsc), so it is a TypeScript project like any other
 * in the workspace: in a TS-solution workspace a package.json with exports and a tsconfig wired
 * into the root references, in a `paths` workspace a project.json with an `@nx/js:tsc` build and
 * a `tsconfig.base.json` path. Nx's own generator knows both layouts and their future changes;
 * reimplementing it would drift. Then its sample code is replaced by an index that re-exports
 * what Specwright generates into `src/generated/`, and the generated conformance suite is kept
 * out of the library build.
 */
export async function createTypeScriptProject(tree: Tree, request: TypeScriptProjectRequest): Promise<GeneratorCallback> {
  const nxJson = readNxJson(tree);
  const install = await libraryGenerator(tree, {
    // The exported generator defaults to the legacy layout (project.json, no inference plugin);
    // `nx g @nx/js:library` decides both from the workspace. Decide the same way.
    useProjectJson: undefined,
    addPlugin: process.env['NX_ADD_PLUGINS'] !== 'false' && nxJson?.useInferencePlugins !== false,
    directory: request.root,
    name: request.name,
    bundler: 'tsc',
    unitTestRunner: request.unitTestRunner ?? 'none',
    linter: request.linter ?? 'none',
    tags: request.tags,
    importPath: request.importPath,
    skipPackageJson: request.skipPackageJson,
    skipFormat: true,
  });
  // @nx/js:library may have added target defaults of its own (`@nx/js:tsc` in a paths
  // workspace); they hide the `build` key, so they must run generate first too.
  registerPlugin(tree);
  replaceSampleCode(tree, request);
  excludeConformanceSuite(tree, request.root);
  addRuntimeDependencies(tree, request.root, request.kind);
  return install;
}

/** Whether `root` already holds a project (an existing project is kept as it is). */
export function projectAt(tree: Tree, root: string): string | undefined {
  for (const [name, project] of getProjects(tree)) if (project.root === root) return name;
  return undefined;
}

/**
 * @nx/js:library's sample (`src/lib/<name>.ts` and its test) gives way to an index re-exporting
 * the generated code and, when a test runner was chosen, a smoke test of that index, so the
 * test target has a test (Jest fails on none). The test imports the index the way the sample
 * test imported the sample (with `.js` under nodenext, without under bundler resolution).
 */
function replaceSampleCode(tree: Tree, request: TypeScriptProjectRequest): void {
  const fileName = request.name.replace(/^@[^/]+\//, '').replace(/[^a-zA-Z0-9._-]/g, '-');
  let testFile: { name: string; withExtension: boolean } | undefined;
  for (const suffix of ['.spec.ts', '.test.ts']) {
    const path = posix.join(request.root, `src/lib/${fileName}${suffix}`);
    if (!tree.exists(path)) continue;
    testFile = { name: `index${suffix}`, withExtension: (tree.read(path, 'utf-8') ?? '').includes(`'./${fileName}.js'`) };
    tree.delete(path);
  }
  const sample = posix.join(request.root, `src/lib/${fileName}.ts`);
  if (tree.exists(sample)) tree.delete(sample);
  tree.write(posix.join(request.root, 'src/index.ts'), indexSource(request.kind));
  if (testFile) {
    const from = testFile.withExtension ? './index.js' : './index';
    tree.write(
      posix.join(request.root, 'src', testFile.name),
      `import { createApiClient } from '${from}';\n\ndescribe('${request.name}', () => {\n  it('exports the client generated from the spec', () => {\n    expect(typeof createApiClient({ baseUrl: 'http://127.0.0.1:9' }).GET).toBe('function');\n  });\n});\n`,
    );
  }
}

function indexSource(kind: 'api' | 'client'): string {
  const what = kind === 'api' ? 'the app (createApp), the typed client, the handler types and the spec types' : 'the typed client and the spec types';
  return `// Re-exports ${what}, generated into ./generated by \`nx run <project>:generate\` (which build, typecheck and test run first).\nexport * from './generated/index.js';\n`;
}

/** tsconfig.lib.json: the conformance suite imports the test runner; it is not library code. */
function excludeConformanceSuite(tree: Tree, root: string): void {
  const path = posix.join(root, 'tsconfig.lib.json');
  if (!tree.exists(path)) return;
  updateJson(tree, path, (json: { exclude?: string[] }) => {
    const exclude = json.exclude ?? [];
    if (!exclude.includes(CONFORMANCE_SUITE)) json.exclude = [...exclude, CONFORMANCE_SUITE];
    return json;
  });
}

/**
 * What the generated code imports, in the project's own package.json (TS-solution workspaces
 * list each package's dependencies there; lint rules like @nx/dependency-checks read them).
 */
function addRuntimeDependencies(tree: Tree, root: string, kind: 'api' | 'client'): void {
  const path = posix.join(root, 'package.json');
  if (!tree.exists(path)) return;
  const v = dependencyVersions();
  const wanted: Record<string, string> =
    kind === 'api' ? { '@specwright/runtime': v.specwright, 'openapi-fetch': v['openapi-fetch'] } : { 'openapi-fetch': v['openapi-fetch'] };
  const json = readJson<{ dependencies?: Record<string, string> }>(tree, path);
  const dependencies = { ...(json.dependencies ?? {}) };
  for (const [name, version] of Object.entries(wanted)) dependencies[name] ??= version;
  updateJson(tree, path, (current: Record<string, unknown>) => ({
    ...current,
    dependencies: Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b))),
  }));
}

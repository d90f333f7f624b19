/**
 * Temp workspaces for the plugin's tests: real directories under os.tmpdir(), removed after each
 * test. Excluded from the build (tsconfig excludes src/**\/__fixtures__/**).
 *
 * Spec texts live here as strings, not as files: this repository is itself an Nx workspace that
 * runs @specwright/nx over `**\/openapi.yaml`, and fixture files with project.json beside them
 * would become projects of the repository's own graph.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';

/** packages/nx */
export const NX_PACKAGE_ROOT = join(__dirname, '..', '..');
/** The repository root; its node_modules holds what generated code imports. */
export const REPO_ROOT = join(NX_PACKAGE_ROOT, '..', '..');
export const PETSTORE_TEMPLATE = join(REPO_ROOT, 'packages', 'core', 'templates', 'petstore', 'openapi.yaml');

export function petstoreYaml(): string {
  return readFileSync(PETSTORE_TEMPLATE, 'utf8');
}

/** File contents by workspace-relative POSIX path; objects are written as JSON. */
export type Files = Record<string, string | object>;

export interface TempWorkspace {
  readonly root: string;
  path(relativePath: string): string;
  write(relativePath: string, contents: string | object): string;
  read(relativePath: string): string;
  exists(relativePath: string): boolean;
  /** Every file under a folder (default: the root), POSIX paths relative to it, sorted; node_modules and .nx skipped. */
  list(folder?: string): string[];
  /** Makes the repository's node_modules visible from the workspace (generated code imports @specwright/runtime). */
  linkNodeModules(): void;
  dispose(): void;
}

export function createWorkspace(files: Files = {}, prefix = 'specwright-nx-'): TempWorkspace {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const abs = (rel: string): string => join(root, ...rel.split('/'));
  const ws: TempWorkspace = {
    root,
    path: abs,
    write(rel, contents) {
      const target = abs(rel);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, typeof contents === 'string' ? contents : JSON.stringify(contents, null, 2) + '\n');
      return target;
    },
    read: (rel) => readFileSync(abs(rel), 'utf8'),
    exists: (rel) => existsSync(abs(rel)),
    list: (folder = '.') => listFiles(abs(folder)),
    linkNodeModules() {
      if (!existsSync(join(root, 'node_modules'))) symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const [rel, contents] of Object.entries(files)) ws.write(rel, contents);
  return ws;
}

/**
 * `const workspace = useTempWorkspaces();` inside a describe block: `workspace(files)` makes a
 * temp workspace that is removed after the test.
 */
export function useTempWorkspaces(): (files?: Files) => TempWorkspace {
  const made: TempWorkspace[] = [];
  afterEach(() => {
    while (made.length > 0) made.pop()?.dispose();
  });
  return (files: Files = {}) => {
    const ws = createWorkspace(files);
    made.push(ws);
    return ws;
  };
}

/** An Nx workspace skeleton: nx.json and a root package.json. */
export function nxWorkspaceFiles(): Files {
  return {
    'nx.json': { plugins: [{ plugin: '@specwright/nx', options: {} }], useDaemonProcess: false },
    'package.json': { name: '@acme/source', private: true, dependencies: {}, devDependencies: {} },
  };
}

export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const visit = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === '.nx') continue;
      const full = join(current, entry.name);
      if (entry.isDirectory()) visit(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  visit(dir);
  return out.sort();
}

/** Strips the common indentation of a template literal, so YAML fixtures can be indented in code. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n[ \t]*$/, '\n').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

/** apps/shop-api/openapi.yaml: one operation whose schema lives in libs/shared/pet.yaml. */
export const SHOP_API_SPEC = dedent(`
  openapi: 3.1.0
  info: { title: Shop API, version: 1.0.0 }
  servers: [{ url: 'https://shop.acme.test' }]
  security: []
  paths:
    /pets:
      get:
        operationId: listPets
        summary: List pets
        responses:
          '200':
            description: The pets.
            content:
              application/json:
                schema:
                  type: array
                  items: { $ref: '../../libs/shared/pet.yaml' }
`);

/** libs/shared/pet.yaml, self-contained. */
export const PET_SCHEMA = dedent(`
  type: object
  required: [id, name]
  properties:
    id: { type: integer, minimum: 1 }
    name: { type: string }
`);

/** libs/shared/pet.yaml after an edit that references a third file. */
export const PET_SCHEMA_WITH_CATEGORY = dedent(`
  type: object
  required: [id, name]
  properties:
    id: { type: integer, minimum: 1 }
    name: { type: string }
    category: { $ref: './category.yaml' }
`);

export const CATEGORY_SCHEMA = dedent(`
  type: string
  enum: [dog, cat]
`);

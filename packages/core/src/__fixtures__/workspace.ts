/**
 * Temp workspaces for tests: real directories under os.tmpdir(), removed after each test.
 * Excluded from the build (tsconfig excludes src/**\/__fixtures__/**).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { stringify as toYaml } from 'yaml';

/** packages/core */
export const CORE_ROOT = join(__dirname, '..', '..');
/** The repository root (its node_modules holds the tools tests run). */
export const REPO_ROOT = join(CORE_ROOT, '..', '..');
export const PETSTORE_TEMPLATE = join(CORE_ROOT, 'templates', 'petstore', 'openapi.yaml');

export function petstoreYaml(): string {
  return readFileSync(PETSTORE_TEMPLATE, 'utf8');
}

/** File contents by workspace-relative POSIX path; objects are written as YAML. */
export type Files = Record<string, string | object>;

export interface TempWorkspace {
  /** Absolute path of the workspace root. */
  readonly root: string;
  path(relativePath: string): string;
  write(relativePath: string, contents: string | object): string;
  read(relativePath: string): string;
  exists(relativePath: string): boolean;
  remove(relativePath: string): void;
  /** Every file under a folder (default: the root), POSIX paths relative to that folder, sorted. */
  list(folder?: string): string[];
  /** Every file under a folder with its contents. */
  tree(folder?: string): Record<string, string>;
  dispose(): void;
}

export function createWorkspace(files: Files = {}): TempWorkspace {
  return openWorkspace(mkdtempSync(join(tmpdir(), 'specwright-core-')), files);
}

/** A copy of a workspace at a different absolute path. */
export function copyWorkspace(source: TempWorkspace): TempWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'specwright-core-copy-'));
  cpSync(source.root, root, { recursive: true });
  return openWorkspace(root, {});
}

export interface WorkspaceFactory {
  (files?: Files): TempWorkspace;
  /** A copy of a workspace at another absolute path, removed after the test too. */
  copy(source: TempWorkspace): TempWorkspace;
}

/**
 * `const workspace = useTempWorkspaces();` inside a describe block: `workspace(files)` makes a
 * temp workspace that is removed after the test.
 */
export function useTempWorkspaces(): WorkspaceFactory {
  const made: TempWorkspace[] = [];
  afterEach(() => {
    while (made.length > 0) made.pop()?.dispose();
  });
  const track = (ws: TempWorkspace): TempWorkspace => {
    made.push(ws);
    return ws;
  };
  return Object.assign((files: Files = {}) => track(createWorkspace(files)), {
    copy: (source: TempWorkspace) => track(copyWorkspace(source)),
  });
}

function openWorkspace(root: string, files: Files): TempWorkspace {
  const abs = (rel: string): string => join(root, ...rel.split('/'));
  const ws: TempWorkspace = {
    root,
    path: abs,
    write(rel, contents) {
      const target = abs(rel);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, typeof contents === 'string' ? contents : toYaml(contents));
      return target;
    },
    read: (rel) => readFileSync(abs(rel), 'utf8'),
    exists: (rel) => existsSync(abs(rel)),
    remove: (rel) => rmSync(abs(rel), { recursive: true, force: true }),
    list: (folder = '.') => listFiles(abs(folder)),
    tree(folder = '.') {
      const base = abs(folder);
      return Object.fromEntries(listFiles(base).map((f) => [f, readFileSync(join(base, f), 'utf8')]));
    },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const [rel, contents] of Object.entries(files)) ws.write(rel, contents);
  return ws;
}

export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const visit = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
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

/** A minimal valid OpenAPI document with the given paths and components. */
export function openapi(version: '3.0.3' | '3.1.0', paths: object, components?: object): object {
  return {
    openapi: version,
    info: { title: 'Test API', version: '1.0.0' },
    paths,
    ...(components ? { components } : {}),
  };
}

/** A valid spec whose only `minimal` lint error is the server URL's trailing slash (line 5, column 10). */
export const TRAILING_SLASH_SPEC = dedent(`
  openapi: 3.1.0
  info: { title: t, version: '1' }
  servers:
    - url: https://api.acme.test/v1/
  security: []
  paths:
    /a:
      get:
        operationId: getA
        summary: Get a
        responses:
          '200':
            description: ok
`);

/** A redocly.yaml that turns TRAILING_SLASH_SPEC's only error off and adds one `minimal` lacks. */
export const CUSTOM_REDOCLY_CONFIG = dedent(`
  extends: [minimal]
  rules:
    no-server-trailing-slash: off
    info-contact: error
`);

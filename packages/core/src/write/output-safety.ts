import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { SpecwrightError } from '../errors';
import { toPosix } from '../spec/ref-closure';
import { insideOf, isSameOrInside } from './real-path';

/**
 * What tells a folder Specwright wrote: its `manifest.json` with `"generator": "specwright"`.
 * The manifest rather than a marker file of its own because every output of every version
 * already has it (outputs of earlier versions are accepted with no migration), Nx restores it
 * from the cache with the rest of the output, and it adds no file to what users see.
 */
export const OUTPUT_MANIFEST = 'manifest.json';

/** Files operating systems drop into any folder a file manager opened; not the user's work. */
const SYSTEM_FILES = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

/** Files that make a folder the root of a project or repository. */
const ROOT_MARKERS = ['.git', 'package.json', 'project.json'];

export interface OutputPaths {
  /** Absolute output folder, as the writer will use it. */
  readonly outDir: string;
  readonly workspaceRoot: string;
  /** The project the output belongs to (Nx's project root), when the caller knows it. */
  readonly projectRoot?: string;
  /** Absolute root spec file. */
  readonly spec: string;
  /** Absolute files of the spec's `$ref` closure, once it is known. */
  readonly specFiles?: readonly string[];
  readonly handlersDir: string;
  /** Absolute generation lock folder (committed; the output may neither hold it nor lie in it). */
  readonly lockDir?: string;
}

/**
 * Refuses an output folder whose replacement would delete something that is not Specwright's:
 * generate swaps the whole folder, so the folder must hold nothing but a previous output.
 * Called before anything is written, and again right before the swap.
 */
export function assertSafeOutputDir(paths: OutputPaths): void {
  const out = paths.outDir;
  const show = (path: string): string => displayPath(paths.workspaceRoot, path);
  const refuse = (why: string, fix: string): never => {
    throw new SpecwrightError('UNSAFE_OUTPUT_DIR', `Refusing to write the output to ${show(out)}: ${why}`, {
      location: { file: show(out) },
      fix,
    });
  };
  const elsewhere = 'Choose an output folder of its own that only Specwright writes, such as src/generated beside the spec.';

  const kind = kindOf(out);
  if (kind === 'file') {
    refuse('it is a file, and generate replaces the output folder as a whole', `Pass a folder, not a file. ${elsewhere}`);
  }
  if (isSameOrInside(paths.workspaceRoot, out)) {
    refuse(
      `it ${sameDir(out, paths.workspaceRoot) ? 'is' : 'contains'} the workspace root, and generate replaces the output folder as a whole (your files, .git included, would be deleted)`,
      elsewhere,
    );
  }
  const projectRoots = [paths.projectRoot, findProjectRoot(dirname(paths.spec), paths.workspaceRoot)].filter(
    (root): root is string => root !== undefined,
  );
  for (const root of projectRoots) {
    if (isSameOrInside(root, out)) {
      refuse(`it ${sameDir(out, root) ? 'is' : 'contains'} the project root ${show(root)}, and generate replaces the output folder as a whole`, elsewhere);
    }
  }
  const insideOut = insideOf(out);
  for (const file of [paths.spec, ...(paths.specFiles ?? [])]) {
    if (insideOut(file)) {
      refuse(`it contains the spec file ${show(file)}, which replacing the folder would delete`, elsewhere);
    }
  }
  if (isSameOrInside(paths.handlersDir, out)) {
    refuse(
      `it ${sameDir(out, paths.handlersDir) ? 'is' : 'contains'} the hand-owned handlers folder ${show(paths.handlersDir)}, which replacing the folder would delete`,
      `${elsewhere} Handlers stay in their own folder (--handlers / handlersDir).`,
    );
  }
  if (isSameOrInside(out, paths.handlersDir)) {
    refuse(
      `it lies inside the hand-owned handlers folder ${show(paths.handlersDir)}, where Specwright never writes`,
      `${elsewhere} Handlers stay in their own folder (--handlers / handlersDir).`,
    );
  }
  if (paths.lockDir !== undefined && isSameOrInside(paths.lockDir, out)) {
    refuse(
      `it ${sameDir(out, paths.lockDir) ? 'is' : 'contains'} the generation lock ${show(paths.lockDir)}, which replacing the folder would delete`,
      `${elsewhere} The lock stays beside the spec (--lock / lockDir).`,
    );
  }
  if (paths.lockDir !== undefined && isSameOrInside(out, paths.lockDir)) {
    refuse(`it lies inside the generation lock ${show(paths.lockDir)}`, `${elsewhere} The lock stays beside the spec (--lock / lockDir).`);
  }
  if (kind === 'dir') {
    const markers = ROOT_MARKERS.filter((name) => existsSync(join(out, name)));
    if (markers.length > 0) {
      refuse(`it is the root of a project or repository (it holds ${markers.join(', ')}), and generate replaces the output folder as a whole`, elsewhere);
    }
    const entries = userEntries(out);
    if (entries.length > 0 && !isSpecwrightOutput(out)) {
      const shown = entries.slice(0, 5).map((name) => show(join(out, name)));
      refuse(
        `it already holds files Specwright did not write (${shown.join(', ')}${entries.length > shown.length ? `, and ${entries.length - shown.length} more` : ''}) and no Specwright ${OUTPUT_MANIFEST}; replacing the folder would delete them`,
        `Use a new or empty folder for the output, or move those files out of ${show(out)}.`,
      );
    }
  }
}

/** Whether `dir` is a previous Specwright output: its manifest.json names Specwright as generator. */
export function isSpecwrightOutput(dir: string): boolean {
  try {
    const manifest: unknown = JSON.parse(readFileSync(join(dir, OUTPUT_MANIFEST), 'utf8'));
    return typeof manifest === 'object' && manifest !== null && (manifest as { generator?: unknown }).generator === 'specwright';
  } catch {
    return false;
  }
}

/** What a folder holds, without the files operating systems drop into it; sorted. */
export function userEntries(dir: string): string[] {
  return readdirSync(dir).filter((name) => !SYSTEM_FILES.has(name)).sort();
}

/**
 * The nearest folder at or above `from` (inside the workspace) holding project.json or
 * package.json: the project the spec belongs to, as Nx would infer it.
 */
function findProjectRoot(from: string, workspaceRoot: string): string | undefined {
  for (let dir = from; isSameOrInside(dir, workspaceRoot); dir = dirname(dir)) {
    if (existsSync(join(dir, 'project.json')) || existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) break;
  }
  return undefined;
}

function kindOf(path: string): 'file' | 'dir' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'file';
  } catch {
    return 'missing';
  }
}

function sameDir(a: string, b: string): boolean {
  return isSameOrInside(a, b) && isSameOrInside(b, a);
}

/** Workspace-relative POSIX path (`.` for the root; `..`-relative outside the workspace). */
export function displayPath(workspaceRoot: string, path: string): string {
  return toPosix(relative(resolve(workspaceRoot), path)) || '.';
}

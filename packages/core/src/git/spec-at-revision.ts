import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { SpecwrightError } from '../errors';

export interface SpecAtRevision {
  /** The commit the files were read from (the merge base of the ref and HEAD, as `nx affected` compares). */
  readonly commit: string;
  /** A temp folder laid out like the workspace, holding the spec and the files it `$ref`s at that commit. */
  readonly root: string;
  /** Whether the spec existed at that commit (a new API has nothing to compare). */
  readonly exists: boolean;
  /** Removes the temp folder. */
  dispose(): void;
}

const MAX_FILES = 5_000;

/**
 * The spec (workspace-relative) and every file it `$ref`s as they were at `ref`, written to a
 * temp folder with the workspace's layout, so the loader reads the old version exactly as it
 * reads the new one (same bundling, same `$ref` rules). Like `nx affected`, the commit compared
 * is the merge base of `ref` and HEAD. Only those files are read from git (`git show`), never a
 * checkout, so the cost does not grow with the repository. Files are found by walking `$ref`s;
 * the loader validates them afterwards.
 */
export function specAtRevision(workspaceRoot: string, ref: string, specFile: string): SpecAtRevision {
  const git = (args: string[]): string => execFileSync('git', args, { cwd: workspaceRoot, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  const commit = resolveBase(workspaceRoot, ref);
  // The workspace may sit below the repository's top: blobs are named from the top.
  const prefix = git(['rev-parse', '--show-prefix']).trim();
  const root = mkdtempSync(join(tmpdir(), 'specwright-base-'));
  const dispose = (): void => rmSync(root, { recursive: true, force: true });
  try {
    const seen = new Set<string>();
    const queue = [posix.normalize(specFile)];
    let exists = true;
    while (queue.length > 0) {
      const file = queue.shift()!;
      if (seen.has(file)) continue;
      seen.add(file);
      if (seen.size > MAX_FILES) break;
      const blob = spawnSync('git', ['show', `${commit}:${prefix}${file}`], { cwd: workspaceRoot, maxBuffer: 512 * 1024 * 1024 });
      if (blob.status !== 0) {
        // The spec itself missing means a new API; a missing referenced file is the base's own
        // broken $ref, which the loader reports with its location.
        if (file === specFile) exists = false;
        continue;
      }
      const target = join(root, file);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, blob.stdout);
      for (const referenced of referencedFiles(file, blob.stdout.toString('utf8'))) queue.push(referenced);
    }
    return { commit, root, exists, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

/** The merge base of `ref` and HEAD (or the ref's commit when there is none, as in a shallow clone). */
function resolveBase(workspaceRoot: string, ref: string): string {
  const run = (args: string[]): { ok: boolean; out: string } => {
    const result = spawnSync('git', args, { cwd: workspaceRoot, encoding: 'utf8' });
    return { ok: result.status === 0, out: (result.stdout ?? '').trim() };
  };
  if (!run(['rev-parse', '--is-inside-work-tree']).ok) {
    throw new SpecwrightError('INVALID_OPTION', `${workspaceRoot} is not in a git repository: the base version of the spec is read with git`, {
      location: { file: workspaceRoot },
      fix: 'Run inside the git checkout of the workspace, or compare two files with `specwright diff --base old.yaml --head new.yaml`.',
    });
  }
  const resolved = run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!resolved.ok) {
    throw new SpecwrightError('INVALID_OPTION', `The base ref "${ref}" is not in this clone`, {
      location: { file: 'options', pointer: '/base' },
      fix: `Fetch it first (a shallow CI clone needs the base commit too), e.g. \`git fetch origin ${ref.replace(/^origin\//, '')} --depth=1\`, or pass another base (--base, NX_BASE, or nx.json defaultBase).`,
    });
  }
  const mergeBase = run(['merge-base', resolved.out, 'HEAD']);
  return mergeBase.ok && mergeBase.out !== '' ? mergeBase.out : resolved.out;
}

/** Workspace-relative files a spec file's `$ref`s name (remote and internal refs skipped). */
function referencedFiles(file: string, text: string): string[] {
  let document: unknown;
  try {
    document = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 1000 });
  } catch {
    return []; // the loader reports the parse error with its location
  }
  const found = new Set<string>();
  const stack: unknown[] = [document];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      stack.push(...value);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === '$ref' && typeof child === 'string') {
          const path = safeDecode(child.split('#')[0] ?? '');
          if (path === '' || /^[a-z][a-z0-9+.-]*:/i.test(path)) continue;
          const resolved = posix.normalize(posix.join(posix.dirname(file), path));
          if (!resolved.startsWith('../') && resolved !== '..') found.add(resolved);
        } else {
          stack.push(child);
        }
      }
    }
  }
  return [...found].sort();
}

function safeDecode(text: string): string {
  try {
    return decodeURI(text);
  } catch {
    return text;
  }
}

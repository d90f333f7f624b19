import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Resolver } from '@stoplight/spectral-ref-resolver';
import type { RefClosure } from '../ref-closure';
import { spectralRefResolver } from './spectral-modules';

/** The part of a urijs URI the readers use. */
interface RefUri {
  href(): string;
}

/**
 * The `$ref` reader Spectral lints with: files come from the closure core already read and
 * checked (the same text Redocly linted), so Spectral's locations are lines of the files the user
 * edits. Spectral also follows `$ref`s that core treats as data (inside examples); those are read
 * from disk under the same rules as the closure: inside the workspace (links resolved), and
 * nothing remote unless remote references are allowed. A refused reference is reported by
 * Spectral as an `invalid-ref` problem at the `$ref`.
 *
 * A new resolver per lint: Spectral caches referenced documents per resolver, which would serve
 * stale files to the next lint in a long-lived process (the Nx daemon, watch mode).
 */
export function spectralResolver(closure: RefClosure, workspaceRoot: string, allowRemoteRefs: boolean): Resolver {
  const root = resolve(workspaceRoot);
  const readFile = async (ref: RefUri): Promise<string> => {
    const file = resolve(ref.href());
    const known = closure.documents.get(file);
    if (known) return known.text;
    if (!isInside(root, file) || !isInside(realPath(root), realPath(file))) {
      throw new Error(`$ref leaves the workspace: ${relative(root, file)}`);
    }
    return readFileSync(file, 'utf8');
  };
  const readRemote = async (ref: RefUri): Promise<string> => {
    const url = ref.href();
    if (!allowRemoteRefs) throw new Error(`Remote $ref refused: ${url} (set allowRemoteRefs to follow it)`);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.text();
  };
  const { Resolver } = spectralRefResolver();
  return new Resolver({
    resolvers: { file: { resolve: readFile }, http: { resolve: readRemote }, https: { resolve: readRemote } },
  });
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path; // missing: reading it reports the missing file
  }
}

function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

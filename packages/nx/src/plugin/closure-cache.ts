import { join } from 'node:path';
import {
  PluginCache,
  globWithWorkspaceContext,
  hashObject,
  hashWithWorkspaceContext,
  workspaceDataDirectory,
} from '@nx/devkit/internal';
import { collectRefClosure, formatError } from '@specwright/core/graph';
import { escapeGlob } from '../utils/glob';

interface CachedClosure {
  /** Workspace-relative files of the spec's `$ref` closure, sorted. */
  readonly files: string[];
  /** Nx's hash of those files' contents when the closure was computed. */
  readonly filesHash: string;
}

export interface SpecClosure {
  readonly files: readonly string[];
  /**
   * Closure files Nx does not index (gitignored, or under node_modules): Nx cannot hash them,
   * so edits to them invalidate nothing. Reported in target descriptions.
   */
  readonly untracked?: readonly string[];
  /** Why the closure could not be computed (the spec alone is then used as input). */
  readonly error?: string;
}

/**
 * The `$ref` closure of each spec, cached across Nx invocations. A cached closure is reused while
 * Nx's hash of its files is unchanged — Nx already hashes every workspace file, so checking costs
 * no reads — and recomputed (parsing the spec) only when one of them changed, because an edit
 * to any of them may add or remove references.
 */
export class ClosureCache {
  private readonly cache: PluginCache<CachedClosure>;

  constructor(private readonly workspaceRoot: string) {
    this.cache = new PluginCache<CachedClosure>(join(workspaceDataDirectory, `specwright-closures.hash`));
  }

  async closureOf(specFile: string, allowRemoteRefs: boolean): Promise<SpecClosure> {
    const key = hashObject({ specFile, allowRemoteRefs });
    const cached = this.cache.get(key);
    if (cached && (await this.hash(cached.files)) === cached.filesHash) {
      return { files: cached.files, untracked: [] };
    }
    let files: string[];
    try {
      files = [...collectRefClosure(specFile, { workspaceRoot: this.workspaceRoot, allowRemoteRefs }).files];
    } catch (error) {
      // Graph construction must not fail on a broken spec: the targets report it when they run.
      return { files: [specFile], untracked: [], error: formatError(error) };
    }
    const indexed = new Set(await globWithWorkspaceContext(this.workspaceRoot, files.map(escapeGlob)));
    const untracked = files.filter((file) => !indexed.has(file));
    // A closure with files Nx cannot see is recomputed every time: its hash would never change.
    if (untracked.length === 0) this.cache.set(key, { files, filesHash: await this.hash(files) });
    return { files, untracked };
  }

  save(): void {
    this.cache.writeToDisk();
  }

  private hash(files: readonly string[]): Promise<string> {
    return hashWithWorkspaceContext(this.workspaceRoot, files.map(escapeGlob));
  }
}

import { join } from 'node:path';
// Nx's own modules rather than @nx/devkit/internal: a plugin worker has already loaded these,
// while the devkit's internal entry would load some 340 more modules into it on every graph
// (about 0.2 s). nx is a peer dependency pinned to the version these paths belong to.
import { workspaceDataDirectory } from 'nx/src/utils/cache-directory';
import { PluginCache } from 'nx/src/utils/plugin-cache-utils';
import { getAllFileDataInContext } from 'nx/src/utils/workspace-context';
import { collectRefClosure, formatError } from '@specwright/core/graph';

interface CachedClosure {
  /** Workspace-relative files of the spec's `$ref` closure, sorted. */
  readonly files: string[];
  /** Nx's hash of each of those files' contents when the closure was computed, in the same order. */
  readonly hashes: string[];
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
 * Nx's hashes of its files are unchanged — Nx already hashes every workspace file, so checking
 * costs no reads — and recomputed (parsing the spec) only when one of them changed, because an
 * edit to any of them may add or remove references.
 *
 * Nx's file hashes are read once per instance (one per createNodes or createDependencies call),
 * in one call for the whole workspace: asking Nx to hash each closure's files by glob costs a
 * pass over every workspace file per spec, which made graph creation in a workspace of 1,000
 * specs seconds slower.
 */
export class ClosureCache {
  private readonly cache: PluginCache<CachedClosure>;
  private indexed: Promise<ReadonlyMap<string, string>> | undefined;
  /** Whether a closure was computed: only then is the cache file rewritten. */
  private changed = false;

  constructor(private readonly workspaceRoot: string) {
    this.cache = new PluginCache<CachedClosure>(join(workspaceDataDirectory, `specwright-closures.hash`));
  }

  async closureOf(specFile: string, allowRemoteRefs: boolean): Promise<SpecClosure> {
    const indexed = await this.fileHashes();
    const key = `${allowRemoteRefs ? 'remote' : 'local'}:${specFile}`;
    const cached = this.cache.get(key);
    if (cached && unchanged(cached, indexed)) {
      return { files: cached.files, untracked: [] };
    }
    let files: string[];
    try {
      files = [...collectRefClosure(specFile, { workspaceRoot: this.workspaceRoot, allowRemoteRefs }).files];
    } catch (error) {
      // Graph construction must not fail on a broken spec: the targets report it when they run.
      return { files: [specFile], untracked: [], error: formatError(error) };
    }
    const untracked = files.filter((file) => !indexed.has(file));
    // A closure with files Nx cannot see is recomputed every time: Nx would never tell their edits.
    if (untracked.length === 0) {
      this.cache.set(key, { files, hashes: files.map((file) => indexed.get(file) as string) });
      this.changed = true;
    }
    return { files, untracked };
  }

  save(): void {
    if (this.changed) this.cache.writeToDisk();
  }

  /** Nx's content hash of every file it indexes, by workspace-relative path. */
  private fileHashes(): Promise<ReadonlyMap<string, string>> {
    this.indexed ??= getAllFileDataInContext(this.workspaceRoot).then((data) => new Map(data.map(({ file, hash }) => [file, hash])));
    return this.indexed;
  }
}

/** Nx still indexes every file of a cached closure, with the contents it had when it was computed. */
function unchanged(cached: CachedClosure, indexed: ReadonlyMap<string, string>): boolean {
  // An entry of an older format (no hashes) counts as changed: it is recomputed once.
  if (!Array.isArray(cached.hashes) || cached.hashes.length !== cached.files.length) return false;
  return cached.files.every((file, i) => indexed.get(file) === cached.hashes[i]);
}

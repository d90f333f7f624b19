/**
 * Escapes a literal file path for use where Nx expects a glob (target inputs,
 * hashWithWorkspaceContext). Without it a file named like `paths/pets_{petId}.yaml` (what
 * `redocly split` writes) is read as an alternation and matches nothing, so edits to it would
 * never invalidate the cache.
 */
export function escapeGlob(path: string): string {
  return path.replace(/[*?[\]{}()!]/g, (c) => `\\${c}`);
}

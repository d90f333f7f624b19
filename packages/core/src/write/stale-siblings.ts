import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isSpecwrightOutput, OUTPUT_MANIFEST, userEntries } from './output-safety';

/**
 * The folders a write puts beside the output `<name>`: `.<name>.tmp-<hex>` (the new output being
 * written) and `.<name>.old-<hex>` (the previous output between the swap and its removal), and
 * the run's lock `.<name>.specwright.lock`. A run that is killed can leave the folders behind.
 */
export function stagingName(name: string, suffix: string): string {
  return `.${name}.tmp-${suffix}`;
}

export function previousName(name: string, suffix: string): string {
  return `.${name}.old-${suffix}`;
}

/** Specific to one output folder, so outputs that share a parent do not block each other. */
export function lockName(name: string): string {
  return `.${name}.specwright.lock`;
}

/**
 * What marks a folder written this way as Specwright's: the file the writer puts in first and
 * removes last, and the check of its content. The output's is its manifest; the generation
 * lock's is its index.json.
 */
export interface FolderMarker {
  readonly file: string;
  isOurs(dir: string): boolean;
}

export const OUTPUT_MARKER: FolderMarker = { file: OUTPUT_MANIFEST, isOurs: isSpecwrightOutput };

/**
 * Removes temp folders that earlier, killed runs left beside `outDir`. Call it only while
 * holding the output's lock, so no live run can own them. A folder is removed only if its name
 * is exactly one of ours (including mkdtemp's six characters from earlier versions) and it is
 * empty or holds the marker (a Specwright manifest by default), which the writer puts in first
 * and removes last: nothing else is touched.
 * Returns the names removed.
 */
export function removeStaleSiblings(outDir: string, marker: FolderMarker = OUTPUT_MARKER): string[] {
  const parent = dirname(outDir);
  // Today's 12 hex digits; mkdtemp's 6 characters and 8 hex digits of earlier versions.
  const pattern = new RegExp(`^\\.${escapeRegExp(basename(outDir))}\\.(?:tmp-(?:[0-9a-f]{12}|[A-Za-z0-9]{6})|old-(?:[0-9a-f]{12}|[0-9a-f]{8}))$`);
  let entries;
  try {
    entries = readdirSync(parent, { withFileTypes: true });
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !pattern.test(entry.name)) continue;
    const path = join(parent, entry.name);
    const inside = userEntries(path);
    // A marker alone may be half-written: the run was killed while writing its first file.
    const ours = inside.length === 0 || (inside.length === 1 && inside[0] === marker.file) || marker.isOurs(path);
    if (!ours) continue;
    removeOutputDir(path, marker.file);
    removed.push(entry.name);
  }
  return removed.sort();
}

/**
 * Removes a (previous or half-written) output folder with its marker (the manifest) last, so
 * that a run killed halfway through leaves a folder that is still recognisably Specwright's,
 * which the next run then finishes removing. (rmSync alone deletes in directory order.)
 */
export function removeOutputDir(dir: string, markerFile: string = OUTPUT_MANIFEST): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) if (name !== markerFile) rmSync(join(dir, name), { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Undoes a swap that was killed between its two renames: `target` is gone, its previous
 * version sits complete at `.<name>.old-<s>`, and the new version at `.<name>.tmp-<s>` (the
 * same suffix: one swap). Renames the previous version back, so readers see the old version
 * rather than none. Both names existing together happens only in that window: the temp folder
 * is renamed away before the previous version is ever removed. Returns whether it restored.
 */
export function restoreInterruptedSwap(target: string): boolean {
  if (existsSync(target)) return false;
  const parent = dirname(target);
  const name = basename(target);
  let names: Set<string>;
  try {
    names = new Set(readdirSync(parent));
  } catch {
    return false;
  }
  const previous = new RegExp(`^${escapeRegExp(previousName(name, ''))}([0-9a-f]{12})$`);
  for (const entry of [...names].sort()) {
    const suffix = previous.exec(entry)?.[1];
    if (suffix === undefined || !names.has(stagingName(name, suffix))) continue;
    renameSync(join(parent, entry), target);
    return true;
  }
  return false;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import { readdirSync, rmSync } from 'node:fs';
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
 * Removes temp folders that earlier, killed runs left beside `outDir`. Call it only while
 * holding the output's lock, so no live run can own them. A folder is removed only if its name
 * is exactly one of ours (including mkdtemp's six characters from earlier versions) and it is
 * empty or holds a Specwright manifest, which the writer puts in first and removes last:
 * nothing else is touched.
 * Returns the names removed.
 */
export function removeStaleSiblings(outDir: string): string[] {
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
    // A manifest alone may be half-written: the run was killed while writing its first file.
    const ours = inside.length === 0 || (inside.length === 1 && inside[0] === OUTPUT_MANIFEST) || isSpecwrightOutput(path);
    if (!ours) continue;
    removeOutputDir(path);
    removed.push(entry.name);
  }
  return removed.sort();
}

/**
 * Removes a (previous or half-written) output folder with its manifest last, so that a run
 * killed halfway through leaves a folder that is still recognisably Specwright's, which the
 * next run then finishes removing. (rmSync alone deletes in directory order.)
 */
export function removeOutputDir(dir: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) if (name !== OUTPUT_MANIFEST) rmSync(join(dir, name), { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

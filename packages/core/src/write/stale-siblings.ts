import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isSpecwrightOutput, userEntries } from './output-safety';

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
 * empty or holds a Specwright manifest, which the writer puts in first: nothing else is touched.
 * Returns the names removed.
 */
export function removeStaleSiblings(outDir: string): string[] {
  const parent = dirname(outDir);
  const pattern = new RegExp(`^\\.${escapeRegExp(basename(outDir))}\\.(?:tmp|old)-[A-Za-z0-9]{6,16}$`);
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
    if (userEntries(path).length > 0 && !isSpecwrightOutput(path)) continue;
    rmSync(path, { recursive: true, force: true });
    removed.push(entry.name);
  }
  return removed.sort();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

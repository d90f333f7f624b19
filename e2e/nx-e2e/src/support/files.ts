import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Path → sha256 of every file under a folder (posix paths, sorted); empty if it is missing. */
export type Snapshot = Record<string, string>;

const SKIPPED = new Set(['node_modules', '.nx']);

export function snapshot(dir: string, options: { skip?: ReadonlySet<string> } = {}): Snapshot {
  const skip = options.skip ?? SKIPPED;
  const out: Snapshot = {};
  if (!existsSync(dir)) return out;
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (skip.has(entry.name)) continue;
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out[relative(dir, full).split(sep).join('/')] = sha256(readFileSync(full));
    }
  };
  walk(dir);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The files whose bytes differ, or that exist on one side only; empty when identical. */
export function changedFiles(before: Snapshot, after: Snapshot): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => before[name] !== after[name]).sort();
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

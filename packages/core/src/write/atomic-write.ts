import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SpecwrightError } from '../errors';
import type { GeneratedFile } from '../emit/generated-file';

/**
 * Replaces `outDir` with exactly `files`, or leaves it untouched. Everything is written to a
 * sibling temp dir first, then swapped in with renames (atomic on one filesystem), so an
 * interrupted or failed run never leaves half-written output.
 */
export function writeOutputAtomically(outDir: string, files: readonly GeneratedFile[]): void {
  const parent = dirname(outDir);
  const name = basename(outDir);
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(join(parent, `.${name}.tmp-`));
  try {
    const made = new Set<string>();
    for (const file of files) {
      const target = join(staging, file.path);
      const dir = dirname(target);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFileSync(target, file.contents);
    }
  } catch (cause) {
    rmSync(staging, { recursive: true, force: true });
    throw new SpecwrightError('WRITE_FAILED', `Could not write generated files (${(cause as Error).message})`, {
      location: { file: outDir },
      fix: 'Check free disk space and permissions of the output directory; the previous output was left intact.',
      cause,
    });
  }
  const previous = existsSync(outDir) ? join(parent, `.${name}.old-${randomBytes(4).toString('hex')}`) : undefined;
  try {
    if (previous) renameSync(outDir, previous);
    renameSync(staging, outDir);
  } catch (cause) {
    if (previous && !existsSync(outDir)) renameSync(previous, outDir);
    rmSync(staging, { recursive: true, force: true });
    throw new SpecwrightError('WRITE_FAILED', `Could not replace the output directory (${(cause as Error).message})`, {
      location: { file: outDir },
      fix: 'Close programs that hold files in the output directory open and run again; the previous output was left intact.',
      cause,
    });
  }
  if (previous) rmSync(previous, { recursive: true, force: true });
}

import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SpecwrightError } from '../errors';
import type { GeneratedFile } from '../emit/generated-file';
import { isSpecwrightOutput, OUTPUT_MANIFEST, userEntries } from './output-safety';
import { previousName, removeOutputDir, stagingName } from './stale-siblings';

/**
 * Replaces `outDir` with exactly `files`, or leaves it untouched. Everything is written to a
 * sibling temp dir first, then swapped in with renames (atomic on one filesystem), so an
 * interrupted or failed run never leaves half-written output. Only a previous Specwright output
 * (or an empty folder) is ever replaced: anything else is refused, never moved or deleted.
 *
 * Synchronous on purpose: no signal handler or other callback can run between the steps, so a
 * run that is stopped leaves at most the temp folders that `removeStaleSiblings` cleans.
 */
export function writeOutputAtomically(outDir: string, files: readonly GeneratedFile[]): void {
  const parent = dirname(outDir);
  const name = basename(outDir);
  mkdirSync(parent, { recursive: true });
  let staging: string | undefined;
  try {
    staging = makeFreshDir(parent, (suffix) => stagingName(name, suffix));
    const made = new Set<string>([staging]);
    // The manifest first: it is what marks a temp folder left by a killed run as Specwright's.
    for (const file of manifestFirst(files)) {
      const target = join(staging, file.path);
      const dir = dirname(target);
      if (!made.has(dir)) {
        // mkdir and writeFile apply the umask (0777/0666 & ~umask), like any other tool's output.
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFileSync(target, file.contents);
    }
  } catch (cause) {
    if (staging) removeOutputDir(staging);
    throw new SpecwrightError('WRITE_FAILED', `Could not write generated files (${(cause as Error).message})`, {
      location: { file: outDir },
      fix: 'Check free disk space and permissions of the output directory; the previous output was left intact.',
      cause,
    });
  }
  const hasPrevious = existsSync(outDir);
  if (hasPrevious && !isReplaceable(outDir)) {
    removeOutputDir(staging);
    throw new SpecwrightError('UNSAFE_OUTPUT_DIR', `Refusing to replace ${outDir}: it holds files and no Specwright ${OUTPUT_MANIFEST}`, {
      location: { file: outDir },
      fix: 'Use a new or empty folder for the output; Specwright only replaces folders it wrote.',
    });
  }
  const previous = hasPrevious ? join(parent, previousName(name, randomBytes(6).toString('hex'))) : undefined;
  try {
    if (previous) renameSync(outDir, previous);
    renameSync(staging, outDir);
  } catch (cause) {
    if (previous && !existsSync(outDir)) renameSync(previous, outDir);
    removeOutputDir(staging);
    throw new SpecwrightError('WRITE_FAILED', `Could not replace the output directory (${(cause as Error).message})`, {
      location: { file: outDir },
      fix: 'Close programs that hold files in the output directory open and run again; the previous output was left intact.',
      cause,
    });
  }
  if (previous) removeOutputDir(previous);
}

/** A previous Specwright output, or a folder with nothing in it. */
function isReplaceable(dir: string): boolean {
  return isSpecwrightOutput(dir) || userEntries(dir).length === 0;
}

/**
 * A new folder under a random name. mkdir rather than mkdtemp: mkdtemp creates mode 0700, and
 * the staging folder becomes the output, which must get the umask's modes like its files.
 */
function makeFreshDir(parent: string, nameOf: (suffix: string) => string): string {
  for (let attempt = 0; ; attempt++) {
    const path = join(parent, nameOf(randomBytes(6).toString('hex')));
    try {
      mkdirSync(path);
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw error;
    }
  }
}

function manifestFirst(files: readonly GeneratedFile[]): GeneratedFile[] {
  return [...files.filter((f) => f.path === OUTPUT_MANIFEST), ...files.filter((f) => f.path !== OUTPUT_MANIFEST)];
}

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SpecwrightError } from '../errors';
import type { GeneratedFile } from '../emit/generated-file';
import { isSpecwrightOutput, OUTPUT_MANIFEST, userEntries } from './output-safety';
import { removeOutputDir } from './stale-siblings';
import { makeStagingFolder, swapInStaging, type StagingFolder } from './swap-folder';

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
  let staging: StagingFolder | undefined;
  try {
    staging = makeStagingFolder(outDir);
    const made = new Set<string>([staging.path]);
    // The manifest first: it is what marks a temp folder left by a killed run as Specwright's.
    for (const file of manifestFirst(files)) {
      const target = join(staging.path, file.path);
      const dir = dirname(target);
      if (!made.has(dir)) {
        // mkdir and writeFile apply the umask (0777/0666 & ~umask), like any other tool's output.
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFileSync(target, file.contents);
    }
  } catch (cause) {
    if (staging) removeOutputDir(staging.path);
    throw new SpecwrightError('WRITE_FAILED', `Could not write generated files (${(cause as Error).message})`, {
      location: { file: outDir },
      fix: 'Check free disk space and permissions of the output directory; the previous output was left intact.',
      cause,
    });
  }
  const hasPrevious = existsSync(outDir);
  if (hasPrevious && !isReplaceable(outDir)) {
    removeOutputDir(staging.path);
    throw new SpecwrightError('UNSAFE_OUTPUT_DIR', `Refusing to replace ${outDir}: it holds files and no Specwright ${OUTPUT_MANIFEST}`, {
      location: { file: outDir },
      fix: 'Use a new or empty folder for the output; Specwright only replaces folders it wrote.',
    });
  }
  try {
    swapInStaging(staging, outDir, OUTPUT_MANIFEST);
  } catch (cause) {
    throw new SpecwrightError('WRITE_FAILED', `Could not replace the output directory (${(cause as Error).message})`, {
      location: { file: outDir },
      fix: 'Close programs that hold files in the output directory open and run again; the previous output was left intact.',
      cause,
    });
  }
}

/** A previous Specwright output, or a folder with nothing in it. */
function isReplaceable(dir: string): boolean {
  return isSpecwrightOutput(dir) || userEntries(dir).length === 0;
}

function manifestFirst(files: readonly GeneratedFile[]): GeneratedFile[] {
  return [...files.filter((f) => f.path === OUTPUT_MANIFEST), ...files.filter((f) => f.path !== OUTPUT_MANIFEST)];
}

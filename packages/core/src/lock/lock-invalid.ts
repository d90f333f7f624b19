import { SpecwrightError } from '../errors';

/** A file of the lock, named for messages: `<lock display>/index.json` and the lock folder's display path. */
export interface LockFileRef {
  /** Workspace-relative path of the file (`api/specwright.lock/index.json`). */
  readonly file: string;
  /** Workspace-relative path of the lock folder, for the fix. */
  readonly lockDisplay: string;
}

/**
 * The error for a lock file that is not what Specwright writes. The lock is committed and can
 * arrive in a pull request from anyone, so every field is checked before it is used, and the
 * message names the file and the JSON pointer of the first bad field.
 */
export function lockInvalid(
  ref: LockFileRef,
  pointer: string,
  problem: string,
  details: { line?: number; column?: number; cause?: unknown } = {},
): SpecwrightError {
  const where = pointer === '' ? ref.file : `${ref.file} at ${pointer}`;
  return new SpecwrightError('LOCK_INVALID', `Invalid generation lock: ${where} ${problem}`, {
    location: {
      file: ref.file,
      ...(details.line === undefined ? {} : { line: details.line }),
      ...(details.column === undefined ? {} : { column: details.column }),
      pointer,
    },
    fix: `The lock is written by Specwright and committed: restore it from git (git checkout -- ${ref.lockDisplay}), or delete the bad entry (or the whole folder) and run generate again to pin anew.`,
    cause: details.cause,
  });
}

/** A value from the file, quoted and shortened for a message. */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

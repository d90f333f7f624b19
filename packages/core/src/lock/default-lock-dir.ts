import { posix } from 'node:path';
import { LOCK_DIR_NAME } from './lock-types';

/** Spec file names that get the plain `specwright.lock` (one conventional spec per folder). */
const CONVENTIONAL = /^openapi\.(ya?ml|json)$/i;

/**
 * The default lock folder of a spec, as a POSIX path (relative or absolute as the spec is):
 * `specwright.lock` beside `openapi.{yaml,yml,json}`, and `<name>.specwright.lock` beside any other
 * spec (`v2.yaml` → `v2.specwright.lock`), so two specs in one folder never share a lock, where
 * each run would drop the other's entries as "operations no longer in the spec".
 * Graph-safe (no heavy imports): the Nx plugin names the same folder as generate's input and output.
 */
export function defaultLockDirOf(specFile: string): string {
  const posixSpec = specFile.split('\\').join('/');
  const name = posix.basename(posixSpec);
  const dir = posix.dirname(posixSpec);
  const lockName = CONVENTIONAL.test(name) ? LOCK_DIR_NAME : `${name.replace(/\.(ya?ml|json)$/i, '')}.${LOCK_DIR_NAME}`;
  return dir === '.' ? lockName : posix.join(dir, lockName);
}

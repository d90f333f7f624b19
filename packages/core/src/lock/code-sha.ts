import { createHash } from 'node:crypto';

/**
 * sha256 (hex) of a pinned file's bytes, as `LockEntry.codeSha256` records it. Over bytes, not
 * decoded text: a file a person saved in another encoding must not hash like the pinned one.
 */
export function codeSha256(code: string | Uint8Array): string {
  return createHash('sha256').update(code).digest('hex');
}

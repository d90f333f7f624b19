import { createHash } from 'node:crypto';

/**
 * The `custom_id` of one operation's request in a Message Batch. The API allows 1–64 characters
 * of [a-zA-Z0-9_-]; operation ids may be longer or use other characters, so the id is the sha256
 * (hex, exactly 64) of the operation key and id. Deriving it from the key makes a request
 * submitted for an older key (the contract, model or prompt changed since) a different request:
 * resuming never takes a stale result for a current one.
 */
export function batchCustomId(operationId: string, key: string): string {
  return createHash('sha256').update(`${key}\0${operationId}`).digest('hex');
}

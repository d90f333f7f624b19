/**
 * The request body size limit. Without one, every request body is buffered whole before it is
 * parsed, so one large POST costs several times its size in memory (a 200 MB JSON body took
 * 935 MB): a client could exhaust the server's memory with a few requests.
 *
 * The check is Hono's `bodyLimit` middleware: a declared Content-Length over the limit is
 * refused before any byte is read; a body without one (chunked) is counted while it streams
 * and refused as soon as it passes the limit, never buffered beyond it.
 */
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { OperationSpec } from './operation-spec';
import { problemResponse } from './problem';

/**
 * 1 MiB, as Fastify's default: far above typical JSON payloads (GitHub's API caps most request
 * bodies well below it), small enough that a burst of oversized requests cannot exhaust memory.
 * APIs that accept uploads raise it per operation (see SpecAppOptions.bodyLimit).
 */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Bytes, for every operation; or per operation, e.g. more for an upload (`Infinity`: no limit). */
export type BodyLimitOption = number | ((operation: OperationSpec) => number);

/** The limit for one operation, checked to be a usable number of bytes. */
export function bodyLimitFor(option: BodyLimitOption | undefined, operation: OperationSpec): number {
  const limit = typeof option === 'function' ? option(operation) : (option ?? DEFAULT_BODY_LIMIT);
  if (typeof limit !== 'number' || Number.isNaN(limit) || limit < 0) {
    throw new TypeError(`bodyLimit for operation "${operation.operationId}" must be a number of bytes >= 0 (or Infinity); got ${String(limit)}`);
  }
  return limit;
}

/**
 * `undefined` when the body is within `maxBytes` (then `c.req` reads it as usual), else the 413
 * problem. Only call it for operations that read a body: others never read one at all.
 */
export async function checkBodyLimit(c: Context, maxBytes: number): Promise<Response | undefined> {
  if (maxBytes === Infinity) return undefined;
  let within = false;
  const refused = await bodyLimit({
    maxSize: maxBytes,
    onError: () => problemResponse(413, `The request body is larger than the limit of ${describeBytes(maxBytes)}`, { headers: { connection: 'close' } }),
  })(c, async () => {
    within = true;
  });
  return within ? undefined : (refused ?? undefined);
}

/** `1048576 bytes (1 MiB)`: the exact figure, and a readable one when it is a round size. */
function describeBytes(bytes: number): string {
  const units = [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const;
  const unit = units.find(([, size]) => bytes >= size && bytes % size === 0);
  return unit ? `${bytes} bytes (${bytes / unit[1]} ${unit[0]})` : `${bytes} bytes`;
}

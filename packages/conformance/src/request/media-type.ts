/** Media type helpers, matching the runtime's reading of them (runtime/src/media-type.ts). */

/** `Application/JSON; charset=utf-8` → `application/json`. */
export function essence(mediaType: string): string {
  return mediaType.split(';')[0].trim().toLowerCase();
}

/** `application/json` or any `+json` type. */
export function isJsonMediaType(mediaType: string): boolean {
  const value = essence(mediaType);
  return value === 'application/json' || value.endsWith('+json');
}

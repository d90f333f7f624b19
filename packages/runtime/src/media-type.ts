/**
 * Media types: comparing a request's Content-Type with the media types and ranges an
 * operation declares, and deciding how a body of a given type is parsed.
 */

/** How a body is parsed; chosen from the request's actual Content-Type, not the declared range. */
export type BodyKind = 'json' | 'urlencoded' | 'multipart' | 'text' | 'bytes';

/** `Application/JSON; charset=utf-8` → `application/json`. */
export function essence(mediaType: string): string {
  return mediaType.split(';')[0].trim().toLowerCase();
}

/** `application/json`, any `+json` suffix (`application/problem+json`), with or without parameters. */
export function isJsonMediaType(mediaType: string): boolean {
  const value = essence(mediaType);
  return value === 'application/json' || value.endsWith('+json');
}

export function bodyKindOf(mediaType: string): BodyKind {
  const value = essence(mediaType);
  if (isJsonMediaType(value)) return 'json';
  if (value === 'application/x-www-form-urlencoded') return 'urlencoded';
  if (value === 'multipart/form-data') return 'multipart';
  if (value.startsWith('text/')) return 'text';
  return 'bytes';
}

/**
 * The declared media type (key exactly as written in the spec) that best matches the request's
 * Content-Type: an exact match beats `type/*`, which beats `*\/*`. Parameters such as
 * `; charset=utf-8` are ignored on both sides.
 */
export function matchMediaType(contentType: string, declared: readonly string[]): string | undefined {
  const actual = essence(contentType);
  const [type] = actual.split('/');
  let best: { key: string; score: number } | undefined;
  for (const key of declared) {
    const candidate = essence(key);
    const score = candidate === actual ? 3 : candidate === `${type}/*` ? 2 : candidate === '*/*' ? 1 : 0;
    if (score > (best?.score ?? 0)) best = { key, score };
  }
  return best?.key;
}

import { isHeaderName, isHeaderValue } from '@specwright/runtime';

type Obj = { [key: string]: unknown };

export interface ResponseChoice {
  /**
   * HTTP status to send: the lowest declared 2xx, else 200 for `2XX`; an operation that only
   * redirects (`302`, as GitHub's download endpoints do) sends its lowest 3xx; then `default`
   * (as 200), then the lowest status the spec declares at all. Never an undeclared status.
   */
  readonly status: number;
  /** Preferred media type (JSON first), or undefined for a response without a body. */
  readonly contentType?: string;
  readonly schema?: unknown;
  readonly example?: unknown;
  readonly requiredHeaders: ReadonlyArray<{ name: string; schema: unknown; example?: unknown }>;
}

/** Picks the response an offline handler sends: the operation's main success response. */
export function chooseResponse(responses: unknown, resolve: (ref: string) => unknown): ResponseChoice {
  const declared = (responses && typeof responses === 'object' ? responses : {}) as Obj;
  const codes = Object.keys(declared);
  const lowest = (pattern: RegExp): string | undefined => codes.filter((c) => pattern.test(c)).sort()[0];
  const key =
    lowest(/^2\d\d$/) ??
    codes.find((c) => /^2XX$/i.test(c)) ??
    lowest(/^3\d\d$/) ??
    (codes.includes('default') ? 'default' : undefined) ??
    lowest(/^\d\d\d$/);
  if (key === undefined) return { status: 200, requiredHeaders: [] };
  return describeResponse(declared, key, /^\d{3}$/.test(key) ? Number(key) : 200, resolve);
}

/**
 * The response a stateful offline handler sends for a record that does not exist: a declared
 * `404`, else the `4XX` range as 404, else `default` as 404; undefined when the operation
 * declares none of them (then it has no way to say "not found").
 */
export function chooseNotFound(responses: unknown, resolve: (ref: string) => unknown): ResponseChoice | undefined {
  const declared = (responses && typeof responses === 'object' ? responses : {}) as Obj;
  const key = ['404', '4XX', '4xx', 'default'].find((k) => Object.hasOwn(declared, k));
  return key === undefined ? undefined : describeResponse(declared, key, 404, resolve);
}

/** What to send for one declared response key, as `status`. */
function describeResponse(declared: Obj, key: string, status: number, resolve: (ref: string) => unknown): ResponseChoice {
  const response = deref(declared[key], resolve) as Obj | undefined;

  const requiredHeaders: Array<{ name: string; schema: unknown; example?: unknown }> = [];
  for (const [name, raw] of Object.entries((response?.headers ?? {}) as Obj)) {
    const header = deref(raw, resolve) as Obj | undefined;
    // A name HTTP cannot carry is left out: sending it would fail every response.
    if (header?.required === true && isHeaderName(name)) requiredHeaders.push({ name, schema: header.schema, example: header.example });
  }

  const content = (response?.content ?? {}) as Obj;
  // Media types that cannot be a Content-Type value are never chosen (the runtime would 500).
  const mediaTypes = Object.keys(content).filter(isHeaderValue);
  // No body for 204/205/304 whatever the spec says: HTTP forbids one.
  if (mediaTypes.length === 0 || status === 204 || status === 205 || status === 304) return { status, requiredHeaders };
  const contentType =
    mediaTypes.find((m) => m === 'application/json') ?? mediaTypes.find((m) => /[/+]json\b/.test(m)) ?? (mediaTypes[0] as string);
  const media = (deref(content[contentType], resolve) ?? {}) as Obj;
  return { status, contentType: concreteMediaType(contentType), schema: media.schema, example: mediaExample(media, resolve), requiredHeaders };
}

function mediaExample(media: Obj, resolve: (ref: string) => unknown): unknown {
  if (media.example !== undefined) return media.example;
  if (media.examples && typeof media.examples === 'object') {
    for (const raw of Object.values(media.examples as Obj)) {
      const example = deref(raw, resolve) as Obj | undefined;
      if (example && 'value' in example) return example.value;
    }
  }
  return undefined;
}

/** A media range (`*\/*`, `text/*`) cannot be sent as Content-Type: choose a concrete type. */
function concreteMediaType(mediaType: string): string {
  if (mediaType === '*/*') return 'application/octet-stream';
  if (mediaType.endsWith('/*')) return mediaType.replace('/*', mediaType.startsWith('text/') ? '/plain' : '/octet-stream');
  return mediaType;
}

function deref(node: unknown, resolve: (ref: string) => unknown): unknown {
  let current = node;
  for (let i = 0; i < 32 && current && typeof current === 'object' && typeof (current as Obj).$ref === 'string'; i++) {
    current = resolve((current as Obj).$ref as string);
  }
  return current;
}

/**
 * Reads and parses a request body against an operation's declared media types. It decides
 * only "which declared media type, and what value"; schema validation is validators.ts's job.
 */
import type { HonoRequest } from 'hono';
import { bodyKindOf, essence, matchMediaType, type BodyKind } from './media-type';
import type { RequestBodySpec } from './operation-spec';
import { defineOwn } from './proto-names';

export type BodyReadResult =
  /** No body bytes at all (an empty body counts as none, whatever its Content-Type). */
  | { readonly status: 'absent' }
  | { readonly status: 'unsupported'; readonly contentType: string }
  | { readonly status: 'malformed'; readonly mediaType: string; readonly message: string }
  | {
      readonly status: 'parsed';
      /** The matching media type key as declared in the spec (may be a range like `image/*`). */
      readonly mediaType: string;
      readonly kind: BodyKind;
      /** JSON value; string record for forms (repeats → arrays, files → Blob); string; or Uint8Array. */
      readonly value: unknown;
    };

/** A body without a Content-Type is, per RFC 9110 §8.3, to be treated as opaque bytes. */
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export async function readRequestBody(request: HonoRequest, spec: RequestBodySpec): Promise<BodyReadResult> {
  // Hono caches the bytes, so a handler can still call `context.req.json()` or `.text()`.
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength === 0) return { status: 'absent' };
  const contentType = request.header('content-type') ?? DEFAULT_CONTENT_TYPE;
  const mediaType = matchMediaType(contentType, Object.keys(spec.content));
  if (mediaType === undefined) return { status: 'unsupported', contentType: essence(contentType) };
  const kind = bodyKindOf(contentType);
  try {
    const value = await parse(kind, bytes, contentType);
    const jsonFields = spec.content[mediaType]?.jsonFields;
    return { status: 'parsed', mediaType, kind, value: jsonFields ? await parseJsonFields(value as Record<string, unknown>, jsonFields) : value };
  } catch {
    return { status: 'malformed', mediaType, message: `is not valid ${describe(kind)}` };
  }
}

async function parse(kind: BodyKind, bytes: Uint8Array, contentType: string): Promise<unknown> {
  switch (kind) {
    case 'json':
      return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    case 'urlencoded':
      return formRecord(new URLSearchParams(new TextDecoder().decode(bytes)));
    case 'multipart':
      // The boundary lives in the Content-Type parameters, so the header is passed on whole.
      return formRecord(await new Response(bytes, { headers: { 'content-type': contentType } }).formData());
    case 'text':
      return decodeText(bytes, contentType);
    case 'bytes':
      return bytes;
  }
}

/**
 * Form fields that carry JSON text become their value. A field that is not valid JSON is left
 * as the string, so validation reports it against the field's schema (`must be object`).
 */
async function parseJsonFields(record: Record<string, unknown>, fields: readonly string[]): Promise<Record<string, unknown>> {
  for (const field of fields) {
    const value = Object.hasOwn(record, field) ? record[field] : undefined;
    // A part sent as a file (browsers' FormData with a Blob) is JSON only when it says so.
    const text = typeof value === 'string' ? value : value instanceof Blob && /json/i.test(value.type) ? await value.text() : undefined;
    if (text === undefined) continue;
    try {
      defineOwn(record, field, JSON.parse(text));
    } catch {
      // keep the string
    }
  }
  return record;
}

/** Form fields as a record: one value stays scalar, repeated names become arrays. */
function formRecord<V>(entries: Iterable<[string, V]>): Record<string, V | V[]> {
  const record: Record<string, V | V[]> = {};
  for (const [name, value] of entries) {
    const previous = Object.hasOwn(record, name) ? record[name] : undefined;
    const next = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    defineOwn(record, name, next);
  }
  return record;
}

function decodeText(bytes: Uint8Array, contentType: string): string {
  const charset = /;\s*charset="?([^";]+)"?/i.exec(contentType)?.[1] ?? 'utf-8';
  let decoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = new TextDecoder('utf-8'); // an unknown charset label: read as UTF-8 rather than fail
  }
  return decoder.decode(bytes);
}

function describe(kind: BodyKind): string {
  return kind === 'json' ? 'JSON' : kind === 'multipart' ? 'multipart/form-data' : kind === 'urlencoded' ? 'form data' : 'text';
}

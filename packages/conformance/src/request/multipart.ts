/**
 * `multipart/form-data` bodies (RFC 7578): an object's properties → parts → bytes. The boundary
 * is fixed, so the same case always gives the same bytes (reproducible reports, stable curl).
 *
 * Part rules follow OpenAPI's Encoding Object defaults: scalars are text parts, objects (and
 * arrays nested in arrays) are `application/json` parts, arrays repeat the part per item, file
 * content (`format: binary`, `contentMediaType`, or bytes) is a file part with a filename, and an
 * `encoding[property].contentType` overrides the type.
 */
import type { JsonSchema, RequestMediaType, SchemaRegistry } from '../model/types';
import { essence, isJsonMediaType } from '@specwright/runtime';
import { fileMediaType, itemsSchema, propertySchema } from './property-schema';
import { entriesOf, isRecord, jsonText, kindOf, scalarText } from './values';

export const MULTIPART_BOUNDARY = 'specwright-conformance-boundary';

export interface Part {
  readonly name: string;
  /** Present for file parts. */
  readonly filename?: string;
  /** Absent for plain text parts (`text/plain` is their default). */
  readonly contentType?: string;
  readonly data: Uint8Array;
}

const utf8 = new TextEncoder();

/** The parts of a body value. A value that is not an object (a negative case) has no parts. */
export function multipartParts(value: unknown, media: RequestMediaType | undefined, registry?: SchemaRegistry): Part[] {
  if (!isRecord(value)) return [];
  return entriesOf(value).flatMap(([name, item]) =>
    propertyParts(name, item, propertySchema(media?.schema, name, registry), media?.encoding?.[name]?.contentType, registry),
  );
}

function propertyParts(
  name: string,
  value: unknown,
  schema: JsonSchema | undefined,
  contentType: string | undefined,
  registry: SchemaRegistry | undefined,
): Part[] {
  // An explicit JSON encoding sends the whole list as one document; otherwise a list repeats.
  if (Array.isArray(value) && !(contentType !== undefined && isJsonMediaType(contentType))) {
    const items = itemsSchema(schema, registry);
    return value.map((item) => (Array.isArray(item) ? jsonPart(name, item) : itemPart(name, item, items, contentType, registry)));
  }
  return [itemPart(name, value, schema, contentType, registry)];
}

function itemPart(
  name: string,
  value: unknown,
  schema: JsonSchema | undefined,
  contentType: string | undefined,
  registry: SchemaRegistry | undefined,
): Part {
  const fileType = fileMediaType(schema, registry);
  // A file part is named after its property: the schema has no file name to offer.
  const file = (type: string, data: Uint8Array): Part => ({ name, filename: name, contentType: type, data });
  if (value instanceof Uint8Array) return file(contentType ?? fileType ?? 'application/octet-stream', value);
  const textData = utf8.encode(scalarText(value));
  if (contentType === undefined) {
    if (fileType !== undefined) return file(fileType, textData);
    return kindOf(value) === 'scalar' ? { name, data: textData } : jsonPart(name, value);
  }
  if (isJsonMediaType(contentType)) return { name, contentType, data: utf8.encode(jsonText(value)) };
  if (essence(contentType).startsWith('text/')) return { name, contentType, data: textData };
  // Any other declared type (image/png, application/pdf) is file content.
  return file(contentType, textData);
}

function jsonPart(name: string, value: unknown): Part {
  return { name, contentType: 'application/json', data: utf8.encode(jsonText(value)) };
}

/** Parts → bytes, with the fixed boundary (suffixed `-1`, `-2`, … only if some part contains it). */
export function encodeMultipart(parts: readonly Part[]): { readonly boundary: string; readonly body: Uint8Array } {
  const heads = parts.map(partHead);
  let boundary = MULTIPART_BOUNDARY;
  for (let n = 1; parts.some((part, i) => contains(part.data, boundary) || heads[i].includes(boundary)); n++) {
    boundary = `${MULTIPART_BOUNDARY}-${n}`;
  }
  const chunks: Uint8Array[] = [];
  parts.forEach((part, i) => {
    chunks.push(utf8.encode(`--${boundary}\r\n${heads[i]}\r\n`), part.data, utf8.encode('\r\n'));
  });
  chunks.push(utf8.encode(`--${boundary}--\r\n`));
  return { boundary, body: concat(chunks) };
}

/** The part's header lines, each ending in CRLF, then the blank line's CRLF comes from the caller. */
function partHead(part: Part): string {
  let head = `Content-Disposition: form-data; name="${quoted(part.name)}"`;
  if (part.filename !== undefined) head += `; filename="${quoted(part.filename)}"`;
  head += '\r\n';
  if (part.contentType !== undefined) head += `Content-Type: ${part.contentType.replace(/[\r\n]/g, ' ')}\r\n`;
  return head;
}

/** Escapes a name as browsers do (WHATWG HTML "multipart/form-data encoding algorithm"). */
function quoted(text: string): string {
  return text.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

function contains(data: Uint8Array, boundary: string): boolean {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes(boundary);
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

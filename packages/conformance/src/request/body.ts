/**
 * A case's body → bytes on the wire and the Content-Type that says how to read them, by media
 * type: JSON, form-urlencoded, multipart, text, and anything else (bytes, strings as they are,
 * other values as JSON).
 */
import type { ConformanceOperation, RequestMediaType, SchemaRegistry } from '../model/types';
import { essence, isJsonMediaType } from '@specwright/runtime';
import { encodeMultipart, MULTIPART_BOUNDARY, multipartParts } from './multipart';
import { entriesOf, isRecord, jsonText, kindOf, scalarText } from './values';

export interface SerializedBody {
  readonly contentType: string;
  /** Absent when the value is `undefined`: the media type is announced, nothing is sent. */
  readonly body?: string | Uint8Array;
}

const utf8 = new TextEncoder();

export function serializeBody(
  operation: ConformanceOperation,
  body: { readonly mediaType: string; readonly value: unknown },
  registry?: SchemaRegistry,
): SerializedBody {
  const { value } = body;
  const contentType = concreteMediaType(body.mediaType, value);
  if (value === undefined) return { contentType };
  const type = essence(contentType);
  if (isJsonMediaType(type)) return { contentType, body: jsonText(value) };
  if (type === 'application/x-www-form-urlencoded') return { contentType, body: formBody(value, declared(operation, body.mediaType)) };
  if (type === 'multipart/form-data') {
    if (!isRecord(value)) {
      // Not an object (a negative case): its text goes as is, under a multipart Content-Type.
      return { contentType: `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`, body: utf8.encode(opaqueText(value)) };
    }
    const { boundary, body: bytes } = encodeMultipart(multipartParts(value, declared(operation, body.mediaType), registry));
    return { contentType: `multipart/form-data; boundary=${boundary}`, body: bytes };
  }
  if (value instanceof Uint8Array) return { contentType, body: value };
  if (type.startsWith('text/')) return { contentType, body: kindOf(value) === 'scalar' ? scalarText(value) : jsonText(value) };
  return { contentType, body: opaqueText(value) };
}

function opaqueText(value: unknown): string {
  return typeof value === 'string' ? value : jsonText(value);
}

/** The declared media type object the case's media type names (exactly, else by essence). */
function declared(operation: ConformanceOperation, mediaType: string): RequestMediaType | undefined {
  const content = operation.requestBody?.content ?? [];
  return content.find((media) => media.mediaType === mediaType) ?? content.find((media) => essence(media.mediaType) === essence(mediaType));
}

/**
 * A range is not a Content-Type: `*\/*` and `application/*` become JSON for structured values and
 * `application/octet-stream` for strings and bytes; `text/*` becomes `text/plain`. Other ranges
 * (`image/*`) have no natural member and are sent as declared, which the runtime accepts.
 */
function concreteMediaType(mediaType: string, value: unknown): string {
  const type = essence(mediaType);
  if (type === '*/*' || type === 'application/*') {
    return typeof value === 'string' || value instanceof Uint8Array ? 'application/octet-stream' : 'application/json';
  }
  if (type === 'text/*') return 'text/plain';
  return mediaType;
}

/**
 * `application/x-www-form-urlencoded`: one pair per property, arrays as repeated keys, objects
 * (and structured array items) as JSON text, which is OpenAPI's default `contentType` for them;
 * an `encoding[property].contentType` of JSON sends the whole value as JSON.
 */
function formBody(value: unknown, media: RequestMediaType | undefined): string {
  if (!isRecord(value)) return opaqueText(value);
  const form = new URLSearchParams();
  for (const [name, item] of entriesOf(value)) {
    const contentType = media?.encoding?.[name]?.contentType;
    if (contentType !== undefined && isJsonMediaType(contentType)) form.append(name, jsonText(item));
    else if (Array.isArray(item)) item.forEach((element) => form.append(name, scalarText(element)));
    else form.append(name, scalarText(item));
  }
  return form.toString();
}

/**
 * Handler results → HTTP responses: picks the content type the spec declares for the status and
 * serialises the body to match it.
 */
import type { HandlerResult } from './handler';
import { essence, isJsonMediaType } from './media-type';
import type { OperationSpec } from './operation-spec';

/** Statuses whose responses must not carry a body (the Response constructor throws otherwise). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export function toResponse(result: HandlerResult, operation: OperationSpec): Response {
  const headers = new Headers(result.headers);
  const body = NULL_BODY_STATUSES.has(result.status) ? undefined : result.body;
  if (body === undefined) return new Response(null, { status: result.status, headers });

  const contentType =
    result.contentType ?? headers.get('content-type') ?? defaultContentType(operation, result.status) ?? inferContentType(body);
  headers.set('content-type', contentType);
  return new Response(serialise(body, contentType), { status: result.status, headers });
}

/**
 * The media types the spec declares for a status, looked up the way OpenAPI resolves them:
 * the exact code, then its range (`2XX`), then `default`.
 */
export function declaredContentTypes(operation: OperationSpec, status: number): readonly string[] {
  const { responses } = operation;
  const range = `${Math.floor(status / 100)}XX`;
  const response = responses[String(status)] ?? responses[range] ?? responses[range.toLowerCase()] ?? responses.default;
  return response?.contentTypes ?? [];
}

/** The first declared JSON media type, else the first concrete one; never a range like `image/*`. */
function defaultContentType(operation: OperationSpec, status: number): string | undefined {
  const declared = declaredContentTypes(operation, status).filter((type) => !essence(type).includes('*'));
  return declared.find(isJsonMediaType) ?? declared[0];
}

function inferContentType(body: unknown): string {
  if (typeof body === 'string') return 'text/plain; charset=utf-8';
  if (isBytes(body)) return 'application/octet-stream';
  return 'application/json';
}

type ResponseBody = ConstructorParameters<typeof Response>[0];

function serialise(body: unknown, contentType: string): ResponseBody {
  // A JSON media type always means JSON text: the string "ok" is sent as `"ok"`.
  if (isJsonMediaType(contentType)) return JSON.stringify(body);
  if (typeof body === 'string' || isBytes(body) || body instanceof Blob || body instanceof ReadableStream) return body;
  if (essence(contentType) === 'application/x-www-form-urlencoded' && typeof body === 'object' && body !== null) {
    return new URLSearchParams(Object.entries(body).map(([key, value]): [string, string] => [key, String(value)]));
  }
  // Anything else (an object for `application/xml`, say) has no serialiser of its own.
  return JSON.stringify(body);
}

function isBytes(body: unknown): body is Uint8Array | ArrayBuffer {
  return body instanceof Uint8Array || body instanceof ArrayBuffer;
}

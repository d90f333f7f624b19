import type { ConformanceOperation, ConformanceResponse } from '../model/types';

/** The documented response for a status: exact code, then its `NXX` range, then `default`. */
export function documentedResponse(operation: ConformanceOperation, status: number): ConformanceResponse | undefined {
  const code = String(status);
  const range = `${code[0]}XX`;
  return (
    operation.responses.find((r) => r.status === code) ??
    operation.responses.find((r) => r.status.toUpperCase() === range) ??
    operation.responses.find((r) => r.status === 'default')
  );
}

/** `application/json; charset=utf-8` → `application/json`. */
export function essence(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/** Does a concrete media type match a documented one, which may be a range (`image/*`, `*\/*`)? */
export function mediaTypeMatches(actual: string, documented: string): boolean {
  const [type, subtype] = essence(actual).split('/');
  const [wantType, wantSubtype] = essence(documented).split('/');
  if (!type || !subtype || !wantType || !wantSubtype) return false;
  return (wantType === '*' || wantType === type) && (wantSubtype === '*' || wantSubtype === subtype);
}

/** JSON media types: `application/json`, `application/problem+json`, `text/json`… */
export function isJsonMediaType(mediaType: string): boolean {
  const value = essence(mediaType);
  return value === 'application/json' || value === 'text/json' || value.endsWith('+json') || value === '*/*';
}

/** The documented media type a response's Content-Type falls under, most specific first. */
export function documentedMediaType(response: ConformanceResponse, contentType: string): string | undefined {
  const declared = Object.keys(response.content);
  const exact = declared.find((d) => essence(d) === essence(contentType));
  if (exact) return exact;
  return declared.filter((d) => mediaTypeMatches(contentType, d)).sort((a, b) => wildcards(a) - wildcards(b))[0];
}

function wildcards(mediaType: string): number {
  return (mediaType.match(/\*/g) ?? []).length;
}

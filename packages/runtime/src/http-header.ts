/**
 * What HTTP can carry in a header (RFC 9110 §5.1 and §5.5). A spec may name a header parameter,
 * an apiKey header or a response header with text no request or response can hold (a space, a
 * newline, non-Latin-1 characters). `Headers.get` throws on such a name, which would turn every
 * request to the operation into a 500; such a header simply can never be present.
 */

/** A header name: a token of visible ASCII without separators. */
export function isHeaderName(name: string): boolean {
  return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name);
}

/** A header value: visible Latin-1 text with inner spaces or tabs; no line breaks or controls. */
export function isHeaderValue(value: string): boolean {
  return /^(?:[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?$/.test(value);
}

/** The request header's value, or null when absent, including when no request can carry the name. */
export function readHeader(headers: Headers, name: string): string | null {
  return isHeaderName(name) ? headers.get(name) : null;
}

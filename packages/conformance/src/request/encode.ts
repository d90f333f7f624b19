/**
 * Percent-encoding (RFC 3986) for each place a value can go on the wire, plus the header-value
 * sanitiser. Data is encoded strictly (everything but the unreserved set), so the delimiters a
 * style adds (`,` `;` `=` `.` `|`) are the only such characters left literal and any server,
 * whether it splits before or after decoding, can tell them from data.
 */

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
/** Reserved characters `allowReserved` lets through in a query value. `& = + #` are not among
 * them even then: they would end the pair, read as a space, or end the URL. */
const QUERY_RESERVED = new Set([...":/?@!$'()*,;[]"]);
/** pchar minus `%` (templates are plain text), plus `/`: what a path template's literal text keeps. */
const PATH_LITERAL = new Set([...":@!$&'()*+,;=/"]);

const utf8 = new TextEncoder();

/** Lone surrogates → U+FFFD, as any UTF-8 encoder does; encodeURIComponent would throw on them. */
export function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function percentEncode(text: string, keep: (char: string) => boolean): string {
  let out = '';
  for (const char of wellFormed(text)) {
    if (keep(char)) out += char;
    else for (const byte of utf8.encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Data inside a path segment. `.` is encoded too although it is unreserved: it is the label
 * delimiter, and templates like `/{name}.{ext}` are matched on the raw segment.
 */
export function encodePathData(text: string): string {
  return percentEncode(text, (char) => char !== '.' && UNRESERVED.test(char));
}

/** Literal text of a path template (`/pets/`, `...`), which may hold spaces or non-ASCII. */
export function encodePathLiteral(text: string): string {
  return percentEncode(text, (char) => UNRESERVED.test(char) || PATH_LITERAL.has(char));
}

/** A query name or value (RFC 3986 style: space is `%20`, `+` is `%2B`). */
export function encodeQueryData(text: string, allowReserved = false): string {
  return percentEncode(text, (char) => UNRESERVED.test(char) || (allowReserved && QUERY_RESERVED.has(char)));
}

/** A cookie name or value: RFC 6265 forbids whitespace, `"`, `,`, `;` and `\` there. */
export function encodeCookieData(text: string): string {
  return percentEncode(text, (char) => UNRESERVED.test(char));
}

/**
 * A header value as fetch and Node's http client will send it: leading and trailing whitespace
 * is dropped (HTTP trims it anyway), and what no client can send (CR, LF, NUL, other controls,
 * code points above U+00FF) is percent-encoded as UTF-8. Everything else is kept, so a value in
 * the Latin-1 range goes out as those bytes.
 */
export function headerSafe(text: string): string {
  const encoded = percentEncode(text, (char) => /^[\t\x20-\x7E\x80-\xFF]$/.test(char));
  return encoded.replace(/^[\t ]+|[\t ]+$/g, '');
}

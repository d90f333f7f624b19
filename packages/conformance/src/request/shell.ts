/**
 * POSIX-shell quoting that reproduces exact bytes. Plain single quotes when the text has no
 * control characters; otherwise bash's ANSI-C `$'…'` with `\xHH` escapes, which keeps CR LF
 * (and the command on one line). A NUL cannot be in an argument at all; bodies with one go
 * through `printf` instead (see printfFormat).
 */

/** Single-quoted text; `'` becomes `'\''`. */
function singleQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Text meant as UTF-8 (URLs, text bodies): single quotes if it has no controls, else `$'…'`. */
export function quoteText(text: string): string {
  // No C0/C1 controls or DEL, and no lone surrogates (which have no UTF-8 form to paste).
  const printable = !/[\u0000-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
  return printable ? singleQuoted(text) : quoteBytes(new TextEncoder().encode(text));
}

/** Exact bytes: single quotes if all are printable ASCII, else `$'…'` (no NUL allowed). */
export function quoteBytes(bytes: Uint8Array): string {
  if (bytes.every((byte) => byte >= 0x20 && byte <= 0x7e)) return singleQuoted(String.fromCharCode(...bytes));
  let out = "$'";
  for (const byte of bytes) {
    if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x27) out += "\\'";
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x0d) out += '\\r';
    else if (byte === 0x09) out += '\\t';
    else if (byte >= 0x20 && byte <= 0x7e) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `${out}'`;
}

/**
 * A single-quoted `printf` format that prints exactly `bytes`, NULs included: printable ASCII
 * as is (`%` doubled, `\` escaped), everything else as `\ooo` octal, which POSIX printf knows.
 */
export function printfFormat(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    if (byte === 0x25) out += '%%';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte >= 0x20 && byte <= 0x7e) out += String.fromCharCode(byte);
    else out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return singleQuoted(out);
}

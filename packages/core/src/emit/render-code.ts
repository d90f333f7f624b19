/**
 * The one place where text from a spec becomes TypeScript source. A spec is untrusted input (it
 * comes from other teams, vendors, pull requests), and generated modules run when an app loads,
 * so every emitter and provider renders spec-derived text through these functions and nowhere
 * else: comments, string literals, object keys, object literals of JSON data and identifiers.
 * No emitter writes template literals, so there is no template text to escape.
 *
 * What each guards against:
 * - a comment ended early: a line terminator (LF, CR, U+2028, U+2029) ends a line comment, and
 *   star-slash ends a block comment; what follows would be code;
 * - a string literal ended early: handled by JSON.stringify's escaping, plus the characters it
 *   leaves raw that older tools or readers mishandle (U+2028/2029, C1 controls, bidi controls);
 * - `{"__proto__": x}` in an object literal, which sets the object's prototype instead of
 *   adding a key (so an operation named `__proto__` would lose its handler): objectKey refuses
 *   it, and objectLiteral and definePropertyStatement define it as an own property;
 * - "Trojan Source" (CVE-2021-42574): bidirectional-override characters that make code read
 *   differently from what it does; they are removed from comments and escaped in strings.
 */
export { operationIdentifier, operationTypeName } from '../contract/operation-names';

/** Line terminators and other control characters, bidi controls and the BOM. */
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/g;
/** A surrogate without its other half: not text, and some tools reject the file for it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** What JSON.stringify leaves raw in a string that should not reach a source file raw. */
const ESCAPE_IN_STRINGS = /[\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/**
 * Spec text made safe inside a line or block comment: one line (every control character, line
 * terminator and run of white space becomes one space), no bidi controls, star-slash written
 * `*\/`. With `maxLength`, cut to that many UTF-16 units without splitting a surrogate pair.
 */
export function commentText(text: string, maxLength?: number): string {
  let out = text.replace(UNPRINTABLE, ' ').replace(LONE_SURROGATE, '\uFFFD').replace(/\s+/g, ' ').replace(/\*\//g, '*\\/').trim();
  if (maxLength !== undefined && out.length > maxLength) {
    out = out.slice(0, maxLength);
    if (/[\uD800-\uDBFF]$/.test(out)) out = out.slice(0, -1);
  }
  return out;
}

/** `// text`, the text made safe by commentText. */
export function lineComment(text: string): string {
  return `// ${commentText(text)}`;
}

/** A one-line JSDoc comment of the text, made safe by commentText. */
export function docComment(text: string): string {
  return `/** ${commentText(text)} */`;
}

/**
 * A string literal for any string. JSON.stringify escapes quotes, backslashes, C0 controls and
 * lone surrogates; the few characters it leaves raw that matter in source (U+2028/2029, C1 and
 * bidi controls) are escaped too. Single quotes for module specifiers, as the emitters write
 * them: the JSON form with `\"` unescaped and `'` escaped.
 */
export function stringLiteral(value: string, quote: '"' | "'" = '"'): string {
  const json = escapeRawCharacters(JSON.stringify(value));
  if (quote === '"') return json;
  // In JSON.stringify's output every `"` inside the string is escaped, and the backslash right
  // before it is that escape, so `\"` can be matched left to right without a full tokenizer.
  return `'${json.slice(1, -1).replace(/\\"|'/g, (m) => (m === "'" ? "\\'" : '"'))}'`;
}

/**
 * A property name in an object literal (a value, not a type). Not `__proto__`: written plainly,
 * `{"__proto__": x}` sets the prototype instead of defining the property, and a computed key
 * `["__proto__"]` only helps until TypeScript compiles for ES5, which turns it into an assignment
 * (the same setter). Emitters define that one with definePropertyStatement instead.
 */
export function objectKey(name: string): string {
  if (name === '__proto__') throw new Error('objectKey: "__proto__" must be defined with definePropertyStatement');
  return stringLiteral(name);
}

/** `Object.defineProperty(target, "name", ...)`: an own, enumerable, writable property, whatever the name. */
export function definePropertyStatement(target: string, name: string, valueCode: string): string {
  return `Object.defineProperty(${identifier(target)}, ${stringLiteral(name)}, { value: ${valueCode}, enumerable: true, writable: true, configurable: true });`;
}

/** A property name in a type (interface member, indexed access): always a plain string literal. */
export function typeKey(name: string): string {
  return stringLiteral(name);
}

/**
 * JSON data as a TypeScript expression: formatted as `JSON.stringify(value, null, 2)` (the same
 * bytes for ordinary data) with string escaping as stringLiteral. Data with a key `__proto__`
 * anywhere becomes `JSON.parse("...")` instead, which makes every key an own property whatever
 * the compile target (see objectKey).
 */
export function objectLiteral(value: unknown): string {
  const json = JSON.stringify(value, null, 2);
  if (json === undefined) throw new Error('objectLiteral: the value has no JSON form');
  // In this format each member starts its own line with its key, so a key is indentation, a
  // string and `": "`; no string value can look like that (a quote inside a string is escaped,
  // and a value is followed by `,` or a line end).
  if (/^ *"__proto__": /m.test(json)) return `JSON.parse(${stringLiteral(JSON.stringify(value))})`;
  return escapeRawCharacters(json);
}

/**
 * A TypeScript identifier computed elsewhere (operation-names.ts derives them from the spec),
 * checked before it is written unquoted into code. A name that fails is a bug in the deriving
 * code, not a user error, so this throws a plain Error.
 */
export function identifier(name: string): string {
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) throw new Error(`Not a safe TypeScript identifier: ${JSON.stringify(name)}`);
  return name;
}

function escapeRawCharacters(json: string): string {
  return json.replace(ESCAPE_IN_STRINGS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

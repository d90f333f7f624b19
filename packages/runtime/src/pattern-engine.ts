/**
 * The regex engine for JSON Schema `pattern` (and `patternProperties`): linear time wherever the
 * pattern allows it.
 *
 * JavaScript's RegExp backtracks, so `^(a+)+$` takes seconds on 30 characters and a request can
 * stall the server. ajv lets us swap the engine (`code.regExp`); we use re2js, a pure-JS port of
 * RE2 (linear-time matching, no dependencies, no native build and no WASM, so every user's
 * install stays plain). The native `re2` addon needs node-gyp or a binary download at install
 * time; `re2-wasm` ships a 1 MB WASM build for the same engine and has had one release.
 *
 * Patterns are ECMAScript regexes (OpenAPI says so), and JavaScript is the judge of what is valid:
 * a pattern `new RegExp(source, 'u')` rejects is an error here, as it is in ajv. Where RE2's
 * syntax means something else, the pattern is rewritten so both agree (`.`, `\s`, `\S`; see
 * toRe2Syntax). What RE2 cannot express at all (lookarounds, backreferences, repeat counts over
 * 1000) is checked with JavaScript's own RegExp: correct, but backtracking, so `linear` is false,
 * `fallbackReason` says why, and generate warns about such patterns (`maxLength` bounds the work).
 */
import { RE2JS } from 're2js';

export interface PatternMatcher {
  /** Whether the pattern matches somewhere in `input` (like RegExp#test, unanchored). */
  test(input: string): boolean;
  /** `/source/u`: ajv caches compiled patterns by this string. */
  toString(): string;
  /** True when matching runs in linear time (RE2); false for the backtracking fallback. */
  readonly linear: boolean;
  /** Why RE2 cannot run the pattern (`a lookaround`, `a backreference`, …), when it cannot. */
  readonly fallbackReason?: string;
}

/** Compiled patterns by source; capped, as a long-lived process may serve or check many specs. */
const cache = new Map<string, PatternMatcher>();
const MAX_CACHED = 5_000;

/**
 * Compiles a schema pattern. Throws JavaScript's SyntaxError for a pattern it cannot compile
 * with the `u` flag, as ajv would.
 */
export function compilePattern(source: string): PatternMatcher {
  let matcher = cache.get(source);
  if (!matcher) {
    const js = new RegExp(source, 'u');
    const re2 = compileRe2(source);
    const text = `/${source}/u`;
    matcher =
      re2 instanceof Unsupported
        ? { test: (input) => js.test(input), toString: () => text, linear: false, fallbackReason: re2.reason }
        : { test: (input) => re2.test(input), toString: () => text, linear: true };
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(source, matcher);
  }
  return matcher;
}

/**
 * ajv's `code.regExp` option. ajv always passes the `u` flag (unicodeRegExp is on by default);
 * `code` names the function for ajv's standalone code generation, which the runtime does not use.
 */
export const patternRegExpEngine = Object.assign((source: string, _flags: string): PatternMatcher => compilePattern(source), {
  code: 'require("@specwright/runtime").compilePattern',
});

function compileRe2(source: string): RE2JS | Unsupported {
  const translated = translate(source);
  if (translated instanceof Unsupported) return translated;
  try {
    return RE2JS.compile(RE2JS.translateRegExp(translated));
  } catch (error) {
    // Beyond RE2: a Unicode property it does not know (`\p{Script=Greek}`), a program too large, …
    return new Unsupported(`a construct RE2 rejects (${(error as Error).message})`);
  }
}

/** JavaScript's `\s`: WhiteSpace and LineTerminator (ECMA-262), as RE2 class items. */
const JS_SPACE = '\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';
/** JavaScript's `.` without the `s` flag: anything but a line terminator. */
const JS_DOT = '[^\\n\\r\\x{2028}\\x{2029}]';

/** `\u{…}`, `\uXXXX`, and a second `\uXXXX` that may complete a surrogate pair (sticky: no copies). */
const U_ESCAPE = /\\u(?:\{([0-9A-Fa-f]+)\}|([0-9A-Fa-f]{4})(?:\\u([0-9A-Fa-f]{4}))?)/y;

/**
 * `source` (valid JavaScript with the `u` flag) in RE2 syntax with JavaScript's meaning, or
 * undefined when RE2 cannot express it (see translate).
 */
export function toRe2Syntax(source: string): string | undefined {
  const result = translate(source);
  return typeof result === 'string' ? result : undefined;
}

/** Why a pattern is left to JavaScript's engine. */
class Unsupported {
  constructor(readonly reason: string) {}
}

/**
 * RE2 rejects a repeat count over 1000. Splitting `X{0,2048}` into chunks RE2 accepts would be
 * the same language, but re2js then runs out of DFA cache and a 10 kB value takes a second; such
 * a single bounded repetition is cheap for RegExp, so it is left to it (with a warning).
 */
const RE2_MAX_REPEAT = 1000;
/** `{m}`, `{m,}`, `{m,n}` (sticky). */
const QUANTIFIER = /\{(\d+)(?:,(\d*))?\}/y;

/**
 * RE2's `.` excludes only `\n` and its `\s` is ASCII (JavaScript's includes U+00A0, U+2028,
 * U+FEFF, …), so these are spelled out. Lookarounds, backreferences and repeat counts over 1000
 * (AWS: `[^/].{0,1023}`) have no RE2 equivalent. Everything else (classes, escapes,
 * named groups) either means the same in both or is converted by re2js's translateRegExp.
 */
function translate(source: string): string | Unsupported {
  let out = '';
  let inClass = false;
  /** Whether the current class has a `\s` and a `\S` (then together they match everything). */
  let classHasSpace = false;
  let classHasNonSpace = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '\\' && source[i + 1] === 'u') {
      // `\uD83D\uDE00` is one code point with the `u` flag; RE2 would see two surrogates.
      U_ESCAPE.lastIndex = i;
      const escape = U_ESCAPE.exec(source);
      if (!escape) return new Unsupported('an escape RE2 cannot read');
      const [text, braced, unit, second] = escape;
      let code = parseInt((braced ?? unit) as string, 16);
      let length = text.length;
      if (second !== undefined && !(code >= 0xd800 && code <= 0xdbff && parseInt(second, 16) >= 0xdc00 && parseInt(second, 16) <= 0xdfff)) length -= 6;
      else if (second !== undefined) code = 0x10000 + (code - 0xd800) * 0x400 + (parseInt(second, 16) - 0xdc00);
      // A lone surrogate: RE2 works on code points and has no such thing.
      if (code >= 0xd800 && code <= 0xdfff) return new Unsupported('a lone surrogate');
      out += `\\x{${code.toString(16).toUpperCase()}}`;
      i += length - 1;
      continue;
    }
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      // The whole escape: `\x41`, `\cJ`, `\p{L}`, or a backslash and one character.
      const end = next === 'x' ? i + 4 : next === 'c' ? i + 3 : next === 'p' || next === 'P' ? source.indexOf('}', i) + 1 : i + 2;
      if (end <= i) return new Unsupported('an escape RE2 cannot read');
      const text = source.slice(i, end);
      i = end - 1;
      if (inClass) {
        if (next === 's') {
          classHasSpace = true;
          out += JS_SPACE;
        } else if (next === 'S') {
          classHasNonSpace = true;
          out += '\\S';
        } else out += text;
        continue;
      }
      // `\1`…`\9` and `\k<name>` are backreferences (with `u`, nothing else can they be).
      if (/[1-9]/.test(next) || next === 'k') return new Unsupported('a backreference');
      if (next === 's') out += `[${JS_SPACE}]`;
      else if (next === 'S') out += `[^${JS_SPACE}]`;
      else out += text;
      continue;
    }
    if (inClass) {
      if (c === ']') {
        // RE2's `\S` is ASCII: alone in a class it would also match U+00A0 and the like.
        if (classHasNonSpace && !classHasSpace) return new Unsupported('\\S inside a character class');
        inClass = false;
      }
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      classHasSpace = false;
      classHasNonSpace = false;
      out += c;
      // A leading `]` is not the end of the class in RE2, but `[]` is an empty class in JavaScript.
      if (source[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (source[i + 1] === ']') return new Unsupported('an empty character class');
      continue;
    }
    if (c === '(' && /^\(\?(?:=|!|<=|<!)/.test(source.slice(i, i + 4))) return new Unsupported('a lookaround');
    if (c === '{') {
      QUANTIFIER.lastIndex = i;
      const quantifier = QUANTIFIER.exec(source);
      if (quantifier && [quantifier[1], quantifier[2]].some((count) => count !== undefined && count !== '' && Number(count) > RE2_MAX_REPEAT)) {
        return new Unsupported(`a repeat count over ${RE2_MAX_REPEAT}`);
      }
    }
    out += c === '.' ? JS_DOT : c;
  }
  return out;
}

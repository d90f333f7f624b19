import { readFileSync } from 'node:fs';
import { Composer, LineCounter, Parser, YAMLParseError, isMap, isSeq, isScalar, type Document, type Node as YamlNode } from 'yaml';
import { SpecwrightError } from '../errors';
import { jsonSyntaxError } from './json-syntax';
import { checkAliasExpansion } from './yaml-aliases';
import { checkDuplicateKeys } from './yaml-duplicate-keys';
import { checkUnpairedSurrogates } from './unpaired-surrogates';
import { checkNestingDepth, checkYamlNesting, MAX_NESTING_DEPTH } from './nesting-depth';
import { pointerTokens } from './pointer';

/** A parsed spec file: its text (for hashing and locating) and its JSON value. */
export interface ParsedFile {
  /** Absolute path on disk. */
  readonly absolutePath: string;
  /** Path as shown to users: workspace-relative, POSIX separators. */
  readonly displayPath: string;
  readonly text: string;
  readonly value: unknown;
}

/**
 * Reads and parses one JSON or YAML file. JSON goes through JSON.parse (an order of magnitude
 * faster than a YAML parser on a 13 MB spec); everything else through `yaml`, which is a
 * superset. Errors name the file, line and column. The parsed value is bounded before anything
 * else walks it: YAML aliases may not blow it up, and it may not nest deeper than
 * MAX_NESTING_DEPTH (later stages recurse per level).
 */
export function readDocument(absolutePath: string, displayPath: string): ParsedFile {
  let text: string;
  try {
    text = readFileSync(absolutePath, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new SpecwrightError('FILE_NOT_FOUND', `File not found`, {
        location: { file: displayPath },
        fix: 'Check the path: it is resolved relative to the file that references it (or the workspace root for the root spec).',
        cause,
      });
    }
    throw new SpecwrightError('FILE_UNREADABLE', `Cannot read file (${code ?? 'unknown error'})`, {
      location: { file: displayPath },
      fix: 'Check the file permissions.',
      cause,
    });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { absolutePath, displayPath, text, value: parseSpecText(text, displayPath, /\.json$/i.test(absolutePath)) };
}

/**
 * Parses spec text: strictly as JSON when `json` is set (a `.json` file: a trailing comma is an
 * error there, not a reason to read it as YAML), else as JSON when it looks like it and as YAML
 * otherwise. Also used for remote documents the bundler fetches.
 */
export function parseSpecText(text: string, displayPath: string, json: boolean): unknown {
  const value = json || /^\s*[{[]/.test(text) ? parseJson(text, displayPath, json) : NOT_JSON;
  const result = value === NOT_JSON ? parseYaml(text, displayPath) : value;
  checkNestingDepth(result, displayPath, text);
  checkUnpairedSurrogates(result, displayPath, text);
  return result;
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string, displayPath: string, strict: boolean): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    if (strict) throw jsonSyntaxError(text, cause, displayPath);
    return NOT_JSON; // YAML is a superset of JSON and reports a precise position.
  }
}

/**
 * Per-anchor alias count the yaml library allows while building the value (its default is 100,
 * which a hand-written spec reusing one response in 101 operations passes). checkAliasExpansion
 * bounds the expanded size first; this stays as the library's own guard on its work.
 */
const YAML_MAX_ALIAS_COUNT = 10_000;

function parseYaml(text: string, displayPath: string): unknown {
  const lineCounter = new LineCounter();
  const doc = composeYaml(text, lineCounter, displayPath);
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    const message = first.message.split('\n')[0] ?? first.message;
    if (/Maximum call stack size exceeded/.test(message)) {
      // The composer recurses per level. checkYamlNesting keeps documents well below what it
      // needs, but its stack is what the caller left; report an overflow as the limit it is.
      throw new SpecwrightError('NESTING_TOO_DEEP', `Nested too deep for the YAML parser (more than ${MAX_NESTING_DEPTH} levels is refused)`, {
        location: { file: displayPath, line: pos.line, column: pos.col },
        fix: 'Flatten the structure: move nested schemas into components and reference them with $ref.',
      });
    }
    throw new SpecwrightError('PARSE_ERROR', `Syntax error: ${message}`, {
      location: { file: displayPath, line: pos.line, column: pos.col },
      fix: 'Fix the YAML/JSON syntax at that position.',
    });
  }
  checkDuplicateKeys(doc, lineCounter, displayPath);
  checkAliasExpansion(doc, lineCounter, displayPath);
  try {
    return doc.toJS({ maxAliasCount: YAML_MAX_ALIAS_COUNT });
  } catch (cause) {
    if (cause instanceof ReferenceError && /Excessive alias count/.test(cause.message)) {
      throw new SpecwrightError('YAML_ALIAS_LIMIT', `YAML alias expansion limit reached: an anchor is aliased more than ${YAML_MAX_ALIAS_COUNT} times`, {
        location: { file: displayPath },
        fix: 'Reference the repeated part with $ref instead of a YAML alias (*name).',
        cause,
      });
    }
    throw new SpecwrightError('PARSE_ERROR', `YAML error: ${(cause as Error).message}`, {
      location: { file: displayPath },
      fix: 'Fix the YAML at the anchor or alias named.',
      cause,
    });
  }
}

/**
 * yaml's parseDocument in its two steps (as its own implementation does), so that the nesting of
 * the syntax tokens is checked before the recursive composer sees them.
 */
function composeYaml(text: string, lineCounter: LineCounter, displayPath: string): Document.Parsed {
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  checkYamlNesting(tokens, displayPath, lineCounter);
  // Duplicate keys are checked by checkDuplicateKeys: the library's check is quadratic per map.
  const composer = new Composer({ uniqueKeys: false, merge: true });
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(tokens, true, text.length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  return doc as Document.Parsed; // compose(…, true) always yields at least one document
}

/**
 * Finds the line and column of a JSON pointer in a file's text. Used only on error paths, so it
 * may re-parse the file with source positions.
 */
export function locatePointer(text: string, pointer: string): { line: number; column: number } | undefined {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = composeYaml(text, lineCounter, '');
  } catch {
    return undefined; // too deep to compose safely (the caller reports that)
  }
  let node: YamlNode | null | undefined = doc.contents as YamlNode | null;
  let keyNode: YamlNode | null | undefined = node;
  for (const token of pointerTokens(pointer)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === token);
      if (!pair) return undefined;
      keyNode = pair.key as YamlNode;
      node = pair.value as YamlNode | null;
    } else if (isSeq(node)) {
      const item = node.items[Number(token)];
      if (item === undefined) return undefined;
      node = item as YamlNode;
      keyNode = node;
    } else {
      return undefined;
    }
  }
  const target = keyNode ?? node;
  if (!target?.range) return undefined;
  const pos = lineCounter.linePos(target.range[0]);
  return { line: pos.line, column: pos.col };
}

export { escapePointerToken, pointerTokens } from './pointer';

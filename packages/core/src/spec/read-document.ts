import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node as YamlNode } from 'yaml';
import { SpecwrightError } from '../errors';

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
 * superset. Errors name the file, line and column.
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
  return { absolutePath, displayPath, text, value: parseText(text, displayPath) };
}

function parseText(text: string, displayPath: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch {
      // Fall through: YAML is a superset of JSON and reports a precise position.
    }
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, merge: true });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    const message = first.message.split('\n')[0] ?? first.message;
    throw new SpecwrightError('PARSE_ERROR', `Syntax error: ${message}`, {
      location: { file: displayPath, line: pos.line, column: pos.col },
      fix: 'Fix the YAML/JSON syntax at that position.',
    });
  }
  return doc.toJS({ maxAliasCount: -1 });
}

/**
 * Finds the line and column of a JSON pointer in a file's text. Used only on error paths, so it
 * may re-parse the file with source positions.
 */
export function locatePointer(text: string, pointer: string): { line: number; column: number } | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false, uniqueKeys: false });
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

/** RFC 6901 tokens of a pointer such as `/paths/~1pets/get`. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return pointer === '/' ? [''] : [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

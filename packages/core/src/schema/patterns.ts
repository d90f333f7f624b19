/**
 * Every `pattern` (and `patternProperties` key) of a spec, checked at generate time.
 *
 * The generated server compiles patterns with ajv, as JavaScript regexes with the `u` flag, on
 * the first request that needs them: a pattern JavaScript cannot compile (PCRE's `\x{41}`, an
 * unclosed `([a-`) would fail every such request with a 500. So each one is compiled here, once:
 * - one that does not compile is a warning (file, JSON pointer, pattern) and is removed from the
 *   document handed to the server's spec, the offline provider and the conformance suite, so it
 *   is neither validated nor sampled;
 * - one that compiles but that the linear-time engine cannot run (lookarounds, backreferences;
 *   see @specwright/runtime's pattern-engine) is a warning too: the server checks it with
 *   JavaScript's backtracking RegExp, so a crafted value can be slow unless maxLength bounds it.
 *
 * The walk is keyword-aware: `example`, `examples`, `default`, `enum`, `const`, an Example's
 * `value` and `x-` extensions hold data, where a key named `pattern` is not a keyword.
 */
import { resolve } from 'node:path';
import { compilePattern } from '@specwright/runtime';
import type { SpecSource } from '../spec/load-spec';
import { readDocument } from '../spec/read-document';

export type PatternProblemKind = 'invalid' | 'backtracking';

export interface PatternProblem {
  readonly kind: PatternProblemKind;
  /** JSON pointer tokens of the `pattern` keyword, or of the `patternProperties` entry. */
  readonly tokens: readonly string[];
  readonly pattern: string;
  /** JavaScript's SyntaxError message (invalid), or what RE2 cannot run (backtracking). */
  readonly reason?: string;
  /** The schema's maxLength beside a backtracking `pattern`: it bounds the work per value. */
  readonly maxLength?: number;
}

/** Keys whose values are data, not schemas or OpenAPI objects. */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const', 'value']);
/**
 * Keys whose value maps names to schemas or OpenAPI objects: under them, a key is a name (a
 * property called `example` or `pattern`), never a keyword.
 */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'dependencies',
  'components',
  'schemas',
  'responses',
  'parameters',
  'requestBodies',
  'headers',
  'securitySchemes',
  'links',
  'callbacks',
  'pathItems',
  'paths',
  'webhooks',
  'content',
  'encoding',
]);

export interface PatternCheck {
  /** The bundled document without invalid patterns (the source's own when all compile). */
  readonly document: SpecSource['document'];
  /** One per problem, located in the file that holds it. */
  readonly warnings: readonly string[];
}

/**
 * Checks the patterns of a loaded spec. Problems are found in the bundled document (that is what
 * is served); only when there are some and the spec spans several files are the files read
 * again, to name the file and pointer the user must edit rather than a place in the bundle.
 */
export function checkSpecPatterns(source: SpecSource, workspaceRoot: string): PatternCheck {
  const problems = findPatternProblems(source.document);
  if (problems.length === 0) return { document: source.document, warnings: [] };
  const located =
    source.files.length === 1
      ? describePatternProblems(problems, source.rootFile)
      : source.files.flatMap((file) => {
          if (/^https?:/.test(file)) return [];
          const parsed = readDocument(resolve(workspaceRoot, file), file);
          return describePatternProblems(findPatternProblems(parsed.value), file);
        });
  return { document: withoutInvalidPatterns(source.document, problems), warnings: located };
}

/** Every pattern of `document` that does not compile, or that only a backtracking engine can run. */
export function findPatternProblems(document: unknown): PatternProblem[] {
  const problems: PatternProblem[] = [];
  const tokens: string[] = [];
  const check = (pattern: string, at: readonly string[], maxLength?: unknown): void => {
    try {
      const matcher = compilePattern(pattern);
      if (!matcher.linear) {
        const bound = typeof maxLength === 'number' ? { maxLength } : {};
        problems.push({ kind: 'backtracking', tokens: at, pattern, reason: matcher.fallbackReason ?? 'a construct RE2 lacks', ...bound });
      }
    } catch (error) {
      problems.push({ kind: 'invalid', tokens: at, pattern, reason: (error as Error).message });
    }
  };
  // Iterative: a spec may nest deeply, and the stack is not ours to spend.
  const stack: { node: unknown; depth: number; names: boolean; key?: string }[] = [{ node: document, depth: 0, names: false }];
  while (stack.length > 0) {
    const { node, depth, names, key } = stack.pop()!;
    tokens.length = depth;
    if (key !== undefined) tokens[depth - 1] = key;
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        const item: unknown = node[i];
        if (item !== null && typeof item === 'object') stack.push({ node: item, depth: depth + 1, names: false, key: String(i) });
      }
      continue;
    }
    const object = node as Record<string, unknown>;
    if (!names) {
      if (typeof object.pattern === 'string') check(object.pattern, [...tokens, 'pattern'], object.maxLength);
      const patternProperties = object.patternProperties;
      if (patternProperties && typeof patternProperties === 'object' && !Array.isArray(patternProperties)) {
        for (const source of Object.keys(patternProperties)) check(source, [...tokens, 'patternProperties', source]);
      }
    }
    const keys = Object.keys(object);
    for (let i = keys.length - 1; i >= 0; i--) {
      const child = keys[i] as string;
      if (!names && (DATA_KEYS.has(child) || child.startsWith('x-'))) continue;
      const value = object[child];
      // Scalars hold no keywords: most of a spec's nodes, not worth a stack entry.
      if (value === null || typeof value !== 'object') continue;
      const childNames = !names && NAME_MAPS.has(child) && value !== null && typeof value === 'object' && !Array.isArray(value);
      stack.push({ node: value, depth: depth + 1, names: childNames, key: child });
    }
  }
  return problems.sort((a, b) => compareTokens(a.tokens, b.tokens));
}

/**
 * `document` without the invalid patterns: copied along the path to each one (everything else is
 * shared), so the caller's document is untouched. The same object when there are none.
 */
export function withoutInvalidPatterns<T>(document: T, problems: readonly PatternProblem[]): T {
  const invalid = problems.filter((p) => p.kind === 'invalid');
  if (invalid.length === 0) return document;
  const copies = new Map<unknown, unknown>();
  const copyOf = (value: unknown): Record<string, unknown> | unknown[] => {
    let copy = copies.get(value);
    if (!copy) {
      copy = Array.isArray(value) ? [...value] : Object.defineProperties({}, Object.getOwnPropertyDescriptors(value));
      // Copies are registered under themselves too: a second path through them edits in place.
      copies.set(value, copy);
      copies.set(copy, copy);
    }
    return copy as Record<string, unknown> | unknown[];
  };
  const root = copyOf(document);
  for (const problem of invalid) {
    let node: Record<string, unknown> = root as Record<string, unknown>;
    const path = problem.tokens;
    for (let i = 0; i < path.length - 1; i++) {
      const child = copyOf(node[path[i] as string]);
      Object.defineProperty(node, path[i] as string, { value: child, enumerable: true, writable: true, configurable: true });
      node = child as Record<string, unknown>;
    }
    delete node[path[path.length - 1] as string];
  }
  return root as T;
}

/**
 * The warnings for a file's problems: one per invalid pattern, and one per distinct backtracking
 * pattern (AWS specs repeat one ARN pattern in a hundred places; one line says it).
 */
export function describePatternProblems(problems: readonly PatternProblem[], file: string): string[] {
  const groups = new Map<string, PatternProblem[]>();
  const out: (PatternProblem | PatternProblem[])[] = [];
  for (const problem of problems) {
    if (problem.kind === 'invalid') {
      out.push(problem);
      continue;
    }
    const key = `${problem.pattern}\n${problem.maxLength ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      group = [];
      groups.set(key, group);
      out.push(group);
    }
    group.push(problem);
  }
  return out.map((entry) => {
    if (!Array.isArray(entry)) return describePatternProblem(entry, file);
    const [first, ...others] = entry as [PatternProblem, ...PatternProblem[]];
    const more = others.length === 0 ? '' : ` The same pattern is used at ${others.length} more place${others.length === 1 ? '' : 's'} in this file.`;
    return describePatternProblem(first, file) + more;
  });
}

/** The warning for one problem, located as `file#/pointer`. */
export function describePatternProblem(problem: PatternProblem, file: string): string {
  const where = `${file}#${toPointer(problem.tokens)}`;
  const shown = JSON.stringify(problem.pattern.length > 200 ? `${problem.pattern.slice(0, 200)}…` : problem.pattern);
  if (problem.kind === 'invalid') {
    return (
      `${where}: pattern ${shown} is not a valid JavaScript regular expression (${problem.reason}); ` +
      'it is left out of validation and sampling. Write it in ECMAScript syntax (e.g. \\u{41}, not PCRE\'s \\x{41}).'
    );
  }
  const bound =
    problem.maxLength === undefined
      ? 'nothing bounds the length of the value, so a crafted one may make it slow: add a maxLength, or rewrite the pattern'
      : `its maxLength of ${problem.maxLength} bounds the work per value`;
  return `${where}: pattern ${shown} has ${problem.reason}, which the linear-time engine cannot run; the server checks it with JavaScript's backtracking RegExp, and ${bound}.`;
}

export function toPointer(tokens: readonly string[]): string {
  return tokens.map((t) => `/${t.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function compareTokens(a: readonly string[], b: readonly string[]): number {
  const pa = toPointer(a);
  const pb = toPointer(b);
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}

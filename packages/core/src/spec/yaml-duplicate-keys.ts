import { isScalar, visit, type Document, type LineCounter } from 'yaml';
import { SpecwrightError } from '../errors';

/**
 * Refuses a YAML map with the same key twice, as the yaml library's `uniqueKeys` option does, in
 * linear time: the library compares each new key with every earlier one, so one map of 40,000
 * keys (a 470 KB file) took a minute to parse. Scalar keys are compared by value, like the
 * library's default; the syntax tree is at most MAX_NESTING_DEPTH deep here, so `visit`'s
 * recursion is safe.
 */
export function checkDuplicateKeys(doc: Document, lineCounter: LineCounter, displayPath: string): void {
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const value = pair.key.value;
        if (!seen.has(value)) {
          seen.add(value);
          continue;
        }
        const pos = pair.key.range ? lineCounter.linePos(pair.key.range[0]) : undefined;
        throw new SpecwrightError('PARSE_ERROR', `Syntax error: Map keys must be unique (${String(value)} appears twice)`, {
          location: { file: displayPath, line: pos?.line, column: pos?.col },
          fix: 'Fix the YAML/JSON syntax at that position.',
        });
      }
    },
  });
}

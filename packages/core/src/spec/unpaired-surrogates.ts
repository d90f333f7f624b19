import { SpecwrightError } from '../errors';
import { escapePointerToken } from './pointer';

/**
 * Text that is not Unicode: a JSON or YAML `\uD800`-style escape that leaves half of a surrogate
 * pair alone. No UTF-8 file can hold such a string, so generated files would silently carry
 * U+FFFD instead, and ajv cannot compile a property name holding one (its schema paths go
 * through encodeURIComponent, which throws), which would make every request a 500. So a spec
 * holding one is refused at load, naming where.
 *
 * Only an escape can produce one (a UTF-8 file decodes to well-formed text), so specs without a
 * surrogate escape in their text, which is all real ones, pay one regex test.
 */
export function checkUnpairedSurrogates(value: unknown, displayPath: string, text: string): void {
  if (!/\\u[dD][89a-fA-F][0-9a-fA-F]{2}/.test(text)) return;
  const found = findUnpaired(value);
  if (found === undefined) return;
  throw new SpecwrightError('INVALID_TEXT', `${found.inKey ? 'A key' : 'A string'} holds an unpaired UTF-16 surrogate escape, which is not Unicode text`, {
    location: { file: displayPath, pointer: found.pointer },
    fix: 'Write the character itself, or a complete surrogate pair (\\uD83D\\uDE00 for 😀); a lone \\uD800–\\uDFFF cannot be stored in UTF-8 files.',
  });
}

const UNPAIRED = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Iterative, like the nesting check: the document may be deep. */
function findUnpaired(root: unknown): { pointer: string; inKey: boolean } | undefined {
  const stack: Array<{ value: unknown; pointer: string }> = [{ value: root, pointer: '' }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, pointer } = item;
    if (typeof value === 'string') {
      if (UNPAIRED.test(value)) return { pointer, inKey: false };
    } else if (Array.isArray(value)) {
      value.forEach((child, i) => stack.push({ value: child, pointer: `${pointer}/${i}` }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const childPointer = `${pointer}/${escapePointerToken(key)}`;
        if (UNPAIRED.test(key)) return { pointer: childPointer, inKey: true };
        stack.push({ value: child, pointer: childPointer });
      }
    }
  }
  return undefined;
}

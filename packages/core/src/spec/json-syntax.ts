import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { SpecwrightError } from '../errors';

/**
 * The error for a `.json` file that JSON.parse refused. JSON.parse's messages carry a position
 * only for some errors on Node 20 ("Unexpected token '}', … is not valid JSON" has none), so the
 * position comes from jsonc-parser (VS Code's JSON scanner) run in strict mode: no comments, no
 * trailing commas. It only runs on this error path; valid files never pay for it.
 */
export function jsonSyntaxError(text: string, cause: unknown, displayPath: string): SpecwrightError {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const offset = errors[0]?.offset ?? positionFromMessage(cause) ?? 0;
  const lineStart = offset > 0 ? text.lastIndexOf('\n', offset - 1) + 1 : 0;
  const line = text.slice(0, lineStart).split('\n').length;
  const col = offset - lineStart + 1;
  const trailingComma = isTrailingComma(text, offset);
  const detail = trailingComma
    ? `trailing comma before \`${text[offset]}\``
    : cleanMessage(cause instanceof Error ? cause.message : String(cause));
  return new SpecwrightError('PARSE_ERROR', `JSON syntax error: ${detail}`, {
    location: { file: displayPath, line, column: col },
    fix: trailingComma
      ? 'Remove the comma: JSON allows none after the last entry (or rename the file to .yaml to use YAML syntax).'
      : 'Fix the JSON syntax at that position (a .json file is read as strict JSON: no comments, no trailing commas).',
    cause,
  });
}

/** A `,` followed only by whitespace and then a closing bracket at `offset`. */
function isTrailingComma(text: string, offset: number): boolean {
  const closer = text[offset];
  if (closer !== '}' && closer !== ']') return false;
  return /,\s*$/.test(text.slice(Math.max(0, offset - 1000), offset));
}

function positionFromMessage(cause: unknown): number | undefined {
  const match = /at position (\d+)/.exec(cause instanceof Error ? cause.message : '');
  return match ? Number(match[1]) : undefined;
}

/** JSON.parse's message without its position (given as line and column instead). */
function cleanMessage(message: string): string {
  return message.replace(/ in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)$/, '');
}

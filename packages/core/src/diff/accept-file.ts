import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { readDocument } from '../spec/read-document';
import { toPosix } from '../spec/ref-closure';
import { SpecwrightError } from '../errors';
import { parseAcceptEntries, type AcceptEntry } from './acceptance';

/** The accept file's default name, looked for beside the head spec. */
export const ACCEPT_FILE_NAME = 'specwright.breaking.yaml';

/** The default accept file for a head spec: specwright.breaking.yaml beside it, when there is one. */
export function defaultAcceptFile(headSpec: string): string | undefined {
  const candidate = join(dirname(headSpec), ACCEPT_FILE_NAME);
  return existsSync(candidate) ? candidate : undefined;
}

/**
 * Reads a committed accept file:
 *
 * ```yaml
 * accept:
 *   - operation: GET /pets/{petId}
 *     rule: response-property-removed
 *     reason: nickname was never filled in; the two consumers were checked (API-123)
 * ```
 *
 * An empty file accepts nothing. Errors name the file, the line and the entry.
 */
export function loadAcceptFile(absolutePath: string, workspaceRoot: string): AcceptEntry[] {
  // Relative even outside the workspace (`../review/accept.yaml`): no absolute path in the output.
  const file = readDocument(absolutePath, toPosix(relative(workspaceRoot, absolutePath)));
  const value = file.value;
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new SpecwrightError('ACCEPT_INVALID', 'The accept file must be a map with an `accept` list', {
      location: { file: file.displayPath, line: 1 },
      fix: 'Write `accept:` followed by entries { operation, rule, reason }.',
    });
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record).sort()) {
    if (key !== 'accept') {
      throw new SpecwrightError('ACCEPT_INVALID', `Unknown key \`${key}\` in the accept file (only \`accept\` is read)`, {
        location: { file: file.displayPath, pointer: `/${key}` },
        fix: 'Put every entry under `accept:`.',
      });
    }
  }
  return parseAcceptEntries(record.accept, {
    file: file.displayPath,
    text: file.text,
    pointer: '/accept',
    describe: (index) => `entry ${index + 1} of ${file.displayPath}`,
  });
}

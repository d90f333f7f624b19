import { sha256 } from './canonical-json';

/**
 * Names derived from an operation: a stable id when the spec gives none, a file path for its
 * handler (`repos/list-for-org` → `src/handlers/repos/list-for-org.ts`), and a TypeScript
 * identifier. All derivations are pure functions of the spec, so every machine agrees.
 */

const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await any boolean number string symbol ' +
    'unknown never object undefined')
    .split(' '),
);

/** `get /pets/{petId}/toys` → `getPetsByPetIdToys`; `/` → `getRoot`. */
export function deriveOperationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      return param ? 'By' + pascal(param[1] as string) : pascal(segment);
    });
  return method.toLowerCase() + (words.length > 0 ? words.join('') : 'Root');
}

/**
 * A relative file path (no extension) for an operation id. `/` in ids (GitHub uses
 * `repos/list-for-org`) becomes a folder; characters that are unsafe in file names become `_`.
 * A segment longer than 120 characters is cut and ends in a hash of itself: file systems refuse
 * names over 255 bytes, and `.ts` plus a disambiguating suffix must still fit.
 */
export function operationFileName(operationId: string): string {
  return operationId
    .split('/')
    .map((segment) => {
      const safe = segment.replace(/[^A-Za-z0-9._-]/g, '_');
      const named = safe === '' || safe === '.' || safe === '..' ? '_' + safe.replace(/\./g, '_') : safe;
      return named.length > MAX_SEGMENT ? `${named.slice(0, MAX_SEGMENT - 9)}-${sha256(segment).slice(0, 8)}` : named;
    })
    .join('/');
}

const MAX_SEGMENT = 120;

/** `repos/list-for-org` → `reposListForOrg`; never a reserved word, never starts with a digit. */
export function operationIdentifier(operationId: string): string {
  const words = operationId.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let name = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : pascal(w))).join('');
  if (name === '') name = 'operation';
  if (/^[0-9]/.test(name)) name = '_' + name;
  if (RESERVED.has(name)) name += '_';
  return name;
}

/**
 * PascalCase name for an operation's types (`reposListForOrg` → `ReposListForOrg`, used as
 * `ReposListForOrgHandler`). Never starts with a digit, and never makes `OperationHandler`, the
 * runtime type that handler-types.ts imports beside these names.
 */
export function operationTypeName(identifier: string): string {
  let name = pascal(identifier) || 'Op';
  if (/^[0-9]/.test(name)) name = '_' + name;
  if (name === 'Operation') name += '_';
  return name;
}

export function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

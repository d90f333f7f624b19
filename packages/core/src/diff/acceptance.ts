import { SpecwrightError } from '../errors';
import { locatePointer } from '../spec/read-document';
import { DIFF_RULE_IDS, isDiffRuleId, type DiffRuleId } from './rules';

/** A breaking change accepted on purpose: findings of `rule` on `operation` are reported but do not fail. */
export interface AcceptEntry {
  /** `GET /pets/{petId}` (path parameter names may differ) or an operationId. */
  readonly operation: string;
  readonly rule: DiffRuleId;
  /** Why: required, so that the decision is reviewed with the change. */
  readonly reason: string;
  /** Where it was written: `specwright.breaking.yaml:7`, or the operation's extension in the head spec. */
  readonly source: string;
}

/** Where entries come from, for messages: the file as shown, its text (for lines) and the pointer of the list. */
export interface EntryOrigin {
  readonly file: string;
  readonly text: string | undefined;
  readonly pointer: string;
  /** What the entries are called in messages (`entry 2 of specwright.breaking.yaml`). */
  readonly describe: (index: number) => string;
  /** The operation, when the list sits on one (x-specwright-accept-breaking); else read from each entry. */
  readonly operation?: string;
}

/**
 * Validates a list of acceptances: each an object with `rule` (a known rule id) and a non-empty
 * `reason`, and `operation` unless the list sits on the operation. Anything else (a misspelt
 * key, a rule id that does not exist) is an error naming the entry, so that a typo never
 * silently stops accepting.
 */
export function parseAcceptEntries(list: unknown, origin: EntryOrigin): AcceptEntry[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    throw invalid(origin, origin.pointer, `${origin.pointer === '' ? 'the file' : `\`${lastToken(origin.pointer)}\``} must be a list of entries`);
  }
  const allowed = origin.operation === undefined ? ['operation', 'rule', 'reason'] : ['rule', 'reason'];
  return list.map((entry, index) => {
    const pointer = `${origin.pointer}/${index}`;
    const name = origin.describe(index);
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw invalid(origin, pointer, `${name} must be a map with ${allowed.join(', ')}`);
    }
    const record = entry as Record<string, unknown>;
    for (const key of Object.keys(record).sort()) {
      if (!allowed.includes(key)) throw invalid(origin, `${pointer}/${key}`, `${name} has an unknown key \`${key}\` (allowed: ${allowed.join(', ')})`);
    }
    const operation = origin.operation ?? record.operation;
    if (typeof operation !== 'string' || operation.trim() === '') {
      throw invalid(origin, `${pointer}/operation`, `${name} needs \`operation\`: "METHOD /path" (e.g. "GET /pets/{petId}") or an operationId`);
    }
    const rule = record.rule;
    if (!isDiffRuleId(rule)) {
      const hint = typeof rule === 'string' ? closestRule(rule) : undefined;
      throw invalid(origin, `${pointer}/rule`, `${name} needs \`rule\`: one of the rule ids${typeof rule === 'string' ? ` (got "${rule}"${hint ? `; did you mean "${hint}"?` : ''})` : ''}`);
    }
    if (typeof record.reason !== 'string' || record.reason.trim() === '') {
      throw invalid(origin, `${pointer}/reason`, `${name} needs \`reason\`: why the breaking change is accepted`);
    }
    const line = origin.text === undefined ? undefined : locatePointer(origin.text, pointer)?.line;
    return { operation: operation.trim(), rule, reason: record.reason.trim(), source: line === undefined ? origin.file : `${origin.file}:${line}` };
  });
}

function invalid(origin: EntryOrigin, pointer: string, message: string): SpecwrightError {
  const position = origin.text === undefined ? undefined : locatePointer(origin.text, pointer) ?? locatePointer(origin.text, pointer.slice(0, pointer.lastIndexOf('/')));
  return new SpecwrightError('ACCEPT_INVALID', message, {
    location: { file: origin.file, line: position?.line, column: position?.column, pointer },
    fix: `Each entry is { ${origin.operation === undefined ? 'operation: "GET /pets/{petId}", ' : ''}rule: <rule id>, reason: <why> }; the rule ids are listed in the README ("Breaking changes").`,
  });
}

function lastToken(pointer: string): string {
  return pointer.slice(pointer.lastIndexOf('/') + 1);
}

/** The rule id nearest to a misspelt one (edit distance ≤ 3), if any. */
function closestRule(text: string): DiffRuleId | undefined {
  let best: { rule: DiffRuleId; distance: number } | undefined;
  for (const rule of DIFF_RULE_IDS) {
    const distance = editDistance(text, rule);
    if (distance <= 3 && (!best || distance < best.distance)) best = { rule, distance };
  }
  return best?.rule;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

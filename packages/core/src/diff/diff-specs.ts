import { HTTP_METHODS, indexOperations, type Operation } from '../contract/index-operations';
import type { OpenApiDocument } from '../spec/openapi-version';
import { parseAcceptEntries, type AcceptEntry } from './acceptance';
import { CompareContext } from './compare-context';
import { compareOperations, templateOf, type OperationDiff } from './compare-operations';
import type { OperationChange, Side } from './change';
import type { DiffFinding, DiffResult } from './diff-result';
import { locateLines } from './locate-lines';
import { DIFF_RULES, severityRank } from './rules';

/** One version of a spec: its bundled document and, for line numbers, its root file's text. */
export interface DiffInput {
  readonly document: OpenApiDocument;
  /** The root file as shown in locations (workspace-relative). */
  readonly file: string;
  /** The root file's text; without it locations have pointers but no lines. */
  readonly text?: string;
}

export interface DiffSpecsOptions {
  readonly base: DiffInput;
  readonly head: DiffInput;
  /** Accepted breaking changes (an accept file's entries); `x-specwright-accept-breaking` is read from the head. */
  readonly accept?: readonly AcceptEntry[];
}

/** The extension that accepts breaking changes of one operation in the head spec. */
export const ACCEPT_EXTENSION = 'x-specwright-accept-breaking';

/**
 * Compares two versions of a spec operation by operation, on their resolved contracts (core's
 * operation index; `$ref`s followed, allOf merged), and classifies every change by rule. Pure:
 * the same documents give the same result, sorted.
 */
export function diffSpecs(options: DiffSpecsOptions): DiffResult {
  const { base, head } = options;
  const baseOperations = indexOperations(base.document, { specFile: base.file });
  const headOperations = indexOperations(head.document, { specFile: head.file });
  const ctx = new CompareContext(base.document, head.document);
  const { operations, unchanged } = compareOperations(ctx, baseOperations, headOperations);

  const fileEntries = options.accept ?? [];
  const specEntries = new Map(headOperations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, extensionEntries(op, head)]));
  const used = new Set<AcceptEntry>();
  const located = locateChanges(operations, base, head);

  const findings: DiffFinding[] = [];
  for (const diff of operations) {
    const seen = new Set<string>();
    for (const change of diff.changes) {
      const location = located.get(change) as DiffFinding['location'];
      const identity = `${change.rule}\n${change.message}\n${location.file}\n${location.pointer}`;
      if (seen.has(identity)) continue; // the same change reached twice (a schema used in two places)
      seen.add(identity);
      const acceptance =
        (diff.head ? specEntries.get(diff.label) : undefined)?.find((entry) => entry.rule === change.rule) ??
        fileEntries.find((entry) => entry.rule === change.rule && entryNames(entry, diff));
      if (acceptance) used.add(acceptance);
      findings.push({
        operation: diff.label,
        operationId: (diff.head ?? diff.base)?.id ?? '',
        rule: change.rule,
        severity: DIFF_RULES[change.rule].severity,
        message: change.message,
        location,
        accepted: acceptance !== undefined,
        ...(acceptance ? { acceptedReason: acceptance.reason, acceptedBy: acceptance.source } : {}),
      });
    }
  }
  findings.sort(compareFindings);
  const count = (severity: DiffFinding['severity']): number => findings.filter((f) => f.severity === severity).length;
  return {
    base: base.file,
    head: head.file,
    findings,
    summary: {
      error: count('error'),
      warning: count('warning'),
      info: count('info'),
      accepted: findings.filter((f) => f.accepted).length,
      operations: { base: baseOperations.length, head: headOperations.length, unchanged },
    },
    unusedAcceptances: fileEntries.filter((entry) => !used.has(entry)),
  };
}

/** The operation's own acceptances (validated: a typo is an error, never a silent non-acceptance). */
function extensionEntries(op: Operation, head: DiffInput): AcceptEntry[] {
  const list = op.definition[ACCEPT_EXTENSION];
  if (list === undefined) return [];
  const label = `${op.method.toUpperCase()} ${op.path}`;
  return parseAcceptEntries(list, {
    file: head.file,
    text: head.text,
    pointer: `${op.pointer}/${ACCEPT_EXTENSION}`,
    describe: (index) => `${ACCEPT_EXTENSION} entry ${index + 1} of ${label}`,
    operation: label,
  });
}

/** Whether an entry's `operation` names this operation: `METHOD /path` (parameter names aside) or an operationId. */
function entryNames(entry: AcceptEntry, diff: OperationDiff): boolean {
  const ids = [diff.head, diff.base].filter((op): op is Operation => op !== undefined);
  if (ids.some((op) => op.id === entry.operation)) return true;
  const match = /^([A-Za-z]+)\s+(\S.*)$/.exec(entry.operation);
  if (!match) return false;
  const method = (match[1] as string).toLowerCase();
  const template = templateOf(match[2] as string);
  return ids.some((op) => op.method === method && templateOf(op.path) === template);
}

/**
 * Each change's location: its pointer, with the line of that pointer in the root file, else of
 * its nearest ancestor still inside the same object, else of the operation. A component pulled
 * in from another file (multi-file specs) or written differently in a Swagger 2.0 file is thus
 * located at its operation.
 */
function locateChanges(operations: readonly OperationDiff[], base: DiffInput, head: DiffInput): Map<OperationChange, DiffFinding['location']> {
  const candidates = new Map<OperationChange, string[]>();
  const wanted: Record<Side, Set<string>> = { base: new Set(), head: new Set() };
  for (const diff of operations) {
    for (const change of diff.changes) {
      const op = change.side === 'head' ? diff.head : diff.base;
      const list = [...(change.linePointer ? [change.linePointer] : []), ...ancestors(change.pointer)];
      if (op) list.push(op.pointer);
      candidates.set(change, list);
      for (const pointer of list) wanted[change.side].add(pointer);
    }
  }
  const lines: Record<Side, Map<string, number>> = {
    base: base.text === undefined ? new Map() : locateLines(base.text, wanted.base),
    head: head.text === undefined ? new Map() : locateLines(head.text, wanted.head),
  };
  const out = new Map<OperationChange, DiffFinding['location']>();
  for (const [change, list] of candidates) {
    const file = change.side === 'head' ? head.file : base.file;
    const line = list.map((pointer) => lines[change.side].get(pointer)).find((l) => l !== undefined);
    out.set(change, line === undefined ? { file, pointer: change.pointer } : { file, line, pointer: change.pointer });
  }
  return out;
}

/** The pointer and its ancestors, deepest first, down to three tokens (`/components/schemas/Pet`). */
function ancestors(pointer: string): string[] {
  const tokens = pointer.split('/').slice(1);
  const out: string[] = [];
  for (let n = tokens.length; n >= Math.min(3, tokens.length); n--) out.push(n === 0 ? '' : `/${tokens.slice(0, n).join('/')}`);
  return out;
}

function compareFindings(a: DiffFinding, b: DiffFinding): number {
  const [aMethod, ...aPath] = a.operation.split(' ');
  const [bMethod, ...bPath] = b.operation.split(' ');
  return (
    compareText(aPath.join(' '), bPath.join(' ')) ||
    methodIndex(aMethod) - methodIndex(bMethod) ||
    severityRank(b.severity) - severityRank(a.severity) ||
    compareText(a.rule, b.rule) ||
    compareText(a.message, b.message) ||
    compareText(a.location.pointer, b.location.pointer)
  );
}

function methodIndex(method: string | undefined): number {
  return HTTP_METHODS.indexOf((method ?? '').toLowerCase() as (typeof HTTP_METHODS)[number]);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

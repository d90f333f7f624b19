import type { Operation } from '../contract/index-operations';
import type { CompareContext } from './compare-context';
import type { OperationChange } from './change';
import { compareParameters } from './compare-parameters';
import { compareRequestBody } from './compare-request-body';
import { compareResponses } from './compare-responses';
import { compareSecurity } from './compare-security';
import { renderMessage } from './rules';

/** The changes of one operation, matched across the two versions (either side may be missing). */
export interface OperationDiff {
  /** `GET /pets/{petId}`: the head's path, or the base's for a removed operation. */
  readonly label: string;
  readonly base: Operation | undefined;
  readonly head: Operation | undefined;
  readonly changes: readonly OperationChange[];
}

export interface OperationsDiff {
  readonly operations: readonly OperationDiff[];
  /** Operations in both versions whose contract hash is equal (skipped). */
  readonly unchanged: number;
}

/**
 * Matches operations by method and path template, with parameter names blanked (`/pets/{id}` is
 * `/pets/{petId}`), and compares each pair. Pairs with equal contract hashes (core's hash over the
 * operation and every component it reaches) are equal by construction and skipped.
 */
export function compareOperations(ctx: CompareContext, baseOperations: readonly Operation[], headOperations: readonly Operation[]): OperationsDiff {
  const heads = new Map(headOperations.map((op) => [matchKey(op), op]));
  const headPaths = new Set(headOperations.map((op) => templateOf(op.path)));
  const matched = new Set<Operation>();
  const operations: OperationDiff[] = [];
  let unchanged = 0;

  for (const base of baseOperations) {
    const head = heads.get(matchKey(base));
    if (!head) {
      const pathGone = !headPaths.has(templateOf(base.path));
      const rule = pathGone ? 'path-removed' : 'operation-removed';
      operations.push({ label: labelOf(base), base, head, changes: [{ rule, message: renderMessage(rule, { path: base.path }), side: 'base', pointer: base.pointer }] });
      continue;
    }
    matched.add(head);
    if (head.contractHash === base.contractHash) {
      unchanged++;
      continue;
    }
    operations.push({ label: labelOf(head), base, head, changes: compareOperation(ctx, base, head) });
  }
  for (const head of headOperations) {
    if (matched.has(head)) continue;
    operations.push({ label: labelOf(head), base: undefined, head, changes: [{ rule: 'operation-added', message: renderMessage('operation-added', {}), side: 'head', pointer: head.pointer }] });
  }
  return { operations, unchanged };
}

function compareOperation(ctx: CompareContext, base: Operation, head: Operation): OperationChange[] {
  const out: OperationChange[] = [];
  if (base.declaredId && head.declaredId && base.id !== head.id) {
    out.push({ rule: 'operation-id-changed', message: renderMessage('operation-id-changed', { from: base.id, to: head.id }), side: 'head', pointer: `${head.pointer}/operationId` });
  }
  if (base.definition.deprecated !== true && head.definition.deprecated === true) {
    out.push({ rule: 'operation-deprecated', message: renderMessage('operation-deprecated', {}), side: 'head', pointer: `${head.pointer}/deprecated` });
  }
  out.push(...compareSecurity(base, head));
  out.push(...compareParameters(ctx, base, head));
  out.push(...compareRequestBody(ctx, base, head));
  out.push(...compareResponses(ctx, base, head));
  return out;
}

export function labelOf(op: Operation): string {
  return `${op.method.toUpperCase()} ${op.path}`;
}

/** The path with parameter names blanked: what a client's URL looks like. */
export function templateOf(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

function matchKey(op: Operation): string {
  return `${op.method} ${templateOf(op.path)}`;
}

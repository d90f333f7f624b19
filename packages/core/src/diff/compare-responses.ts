import type { Operation } from '../contract/index-operations';
import type { CompareContext } from './compare-context';
import type { OperationChange } from './change';
import { compareContent } from './media-types';
import { renderMessage, type DiffRuleId } from './rules';
import { resolveObject } from './resolve-node';

/**
 * Response changes of one operation: statuses removed or added, and per status its media types
 * and schemas (read as a client reads them). A status removed while its range (`2XX`) is now
 * declared is compared against the range instead.
 */
export function compareResponses(ctx: CompareContext, base: Operation, head: Operation): OperationChange[] {
  const before = objectOf(base.definition.responses);
  const after = objectOf(head.definition.responses);
  const listPointer = `${head.pointer}/responses`;
  const headKeys = new Map(Object.keys(after).map((k) => [k.toUpperCase(), k]));
  const baseKeys = new Set(Object.keys(before).map((k) => k.toUpperCase()));
  const out: OperationChange[] = [];
  const change = (rule: DiffRuleId, value: string, pointer: string): OperationChange => ({ rule, message: renderMessage(rule, { value }), side: 'head', pointer });

  for (const status of Object.keys(before).sort()) {
    const range = `${status[0]}XX`;
    const match = headKeys.get(status.toUpperCase()) ?? (/^\d{3}$/.test(status) ? headKeys.get(range) : undefined);
    if (match === undefined) {
      out.push(change(/^[123]/.test(status) ? 'response-status-removed' : 'response-error-status-removed', status, listPointer));
      continue;
    }
    out.push(...compareResponse(ctx, base, head, status, match));
  }
  for (const status of Object.keys(after).sort()) {
    if (!baseKeys.has(status.toUpperCase())) out.push(change('response-status-added', status, `${listPointer}/${status}`));
  }
  return out;
}

function compareResponse(ctx: CompareContext, base: Operation, head: Operation, baseStatus: string, headStatus: string): OperationChange[] {
  const before = resolveObject(ctx.base.document, { node: objectOf(base.definition.responses)[baseStatus], pointer: `${base.pointer}/responses/${baseStatus}` });
  const after = resolveObject(ctx.head.document, { node: objectOf(head.definition.responses)[headStatus], pointer: `${head.pointer}/responses/${headStatus}` });
  if (!before || !after) return [];
  return compareContent(ctx, before.node.content, `${before.pointer}/content`, after.node.content, `${after.pointer}/content`, 'response', {
    removed: 'response-media-type-removed',
    added: 'response-media-type-added',
    name: (mediaType) => `${headStatus} ${mediaType}`,
    container: (mediaType) => `response ${headStatus} ${mediaType}`,
    removedPointer: after.node.content === undefined ? after.pointer : `${after.pointer}/content`,
  });
}

function objectOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

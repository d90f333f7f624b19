import type { Operation } from '../contract/index-operations';
import type { CompareContext } from './compare-context';
import type { OperationChange } from './change';
import { compareContent } from './media-types';
import { renderMessage, type DiffRuleId } from './rules';
import { resolveObject } from './resolve-node';

/** Request body changes of one operation: added, removed, made required, media types, schemas. */
export function compareRequestBody(ctx: CompareContext, base: Operation, head: Operation): OperationChange[] {
  const before = resolveObject(ctx.base.document, { node: base.definition.requestBody, pointer: `${base.pointer}/requestBody` });
  const after = resolveObject(ctx.head.document, { node: head.definition.requestBody, pointer: `${head.pointer}/requestBody` });
  const change = (rule: DiffRuleId, pointer: string): OperationChange => ({ rule, message: renderMessage(rule, {}), side: 'head', pointer });
  if (!before && !after) return [];
  if (!before && after) return [change(after.node.required === true ? 'request-body-required-added' : 'request-body-added', after.pointer)];
  if (before && !after) return [change('request-body-removed', head.pointer)];
  const b = before as NonNullable<typeof before>;
  const a = after as NonNullable<typeof after>;
  const out: OperationChange[] = [];
  if (b.node.required !== true && a.node.required === true) out.push(change('request-body-became-required', a.pointer));
  if (b.node.required === true && a.node.required !== true) out.push(change('request-body-became-optional', a.pointer));
  out.push(
    ...compareContent(ctx, b.node.content, `${b.pointer}/content`, a.node.content, `${a.pointer}/content`, 'request', {
      removed: 'request-media-type-removed',
      added: 'request-media-type-added',
      name: (mediaType) => mediaType,
      container: (mediaType) => `request body ${mediaType}`,
      removedPointer: `${a.pointer}/content`,
    }),
  );
  return out;
}

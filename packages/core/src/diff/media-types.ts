import type { CompareContext } from './compare-context';
import { compareSchemas, type Direction } from './compare-schemas';
import { whereText, type OperationChange } from './change';
import { renderMessage, type DiffRuleId } from './rules';
import type { SchemaSlot } from './schema-view';

/** A `content` map's media types, keyed case-insensitively without spaces (`application/json; charset=utf-8`). */
export function mediaTypesOf(content: unknown, pointer: string): Map<string, { name: string; schema: SchemaSlot | undefined; pointer: string }> {
  const out = new Map<string, { name: string; schema: SchemaSlot | undefined; pointer: string }>();
  if (content === null || typeof content !== 'object' || Array.isArray(content)) return out;
  for (const [name, media] of Object.entries(content as Record<string, unknown>)) {
    const mediaPointer = `${pointer}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const schema = media !== null && typeof media === 'object' ? (media as Record<string, unknown>).schema : undefined;
    out.set(name.toLowerCase().replace(/\s+/g, ''), { name, schema: schema === undefined ? undefined : { node: schema, pointer: `${mediaPointer}/schema` }, pointer: mediaPointer });
  }
  return out;
}

export interface ContentRules {
  readonly removed: DiffRuleId;
  readonly added: DiffRuleId;
  /** How a media type is named in messages (`application/json`, or `200 application/json`). */
  readonly name: (mediaType: string) => string;
  /** What a schema change's message calls its container (`request body application/json`). */
  readonly container: (mediaType: string) => string;
  /** Where a removed media type is reported in the head (the content map, or its parent). */
  readonly removedPointer: string;
}

/** Media types removed and added, and the schemas of those in both compared in `direction`. */
export function compareContent(ctx: CompareContext, base: unknown, basePointer: string, head: unknown, headPointer: string, direction: Direction, rules: ContentRules): OperationChange[] {
  const before = mediaTypesOf(base, basePointer);
  const after = mediaTypesOf(head, headPointer);
  const out: OperationChange[] = [];
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(key);
    const h = after.get(key);
    if (b && !h) out.push({ rule: rules.removed, message: renderMessage(rules.removed, { value: rules.name(b.name) }), side: 'head', pointer: rules.removedPointer });
    else if (!b && h) out.push({ rule: rules.added, message: renderMessage(rules.added, { value: rules.name(h.name) }), side: 'head', pointer: h.pointer });
    else if (b && h && b.schema && h.schema) {
      const container = rules.container(h.name);
      for (const c of compareSchemas(ctx, b.schema, h.schema, direction)) {
        out.push({ rule: c.rule, message: renderMessage(c.rule, { ...c.values, where: whereText(container, c.path) }), side: c.side, pointer: c.pointer, linePointer: c.linePointer });
      }
    }
  }
  return out;
}

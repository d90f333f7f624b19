import type { Operation } from '../contract/index-operations';
import type { OpenApiDocument } from '../spec/openapi-version';
import { getAt } from '../spec/ref-closure';
import { pointerTokens } from '../spec/pointer';
import type { CompareContext } from './compare-context';
import { compareSchemas } from './compare-schemas';
import { whereText, type OperationChange } from './change';
import { renderMessage, type MessageValues } from './rules';
import { resolveObject } from './resolve-node';
import type { SchemaSlot } from './schema-view';

/** A parameter of an operation, resolved, with where it is defined. */
interface Parameter {
  readonly name: string;
  readonly in: string;
  /**
   * What identifies it across versions: location and name (header names case-insensitively),
   * but path parameters by position in the path, since `/pets/{id}` → `/pets/{petId}` renames
   * nothing a client sends.
   */
  readonly key: string;
  readonly node: Record<string, unknown>;
  readonly pointer: string;
}

/** Parameter changes of one operation (path-level and operation-level parameters merged). */
export function compareParameters(ctx: CompareContext, base: Operation, head: Operation): OperationChange[] {
  const before = parametersOf(ctx.base.document, base);
  const after = parametersOf(ctx.head.document, head);
  const out: OperationChange[] = [];
  const added = [...after.values()].filter((p) => !before.has(p.key));
  const listPointer = `${head.pointer}/parameters`;

  for (const [key, b] of before) {
    const h = after.get(key);
    if (h) {
      out.push(...compareParameter(ctx, b, h));
      continue;
    }
    const moved = added.findIndex((p) => p.name.toLowerCase() === b.name.toLowerCase() && p.in !== b.in);
    if (moved >= 0) {
      const to = added.splice(moved, 1)[0] as Parameter;
      out.push(change('request-parameter-location-changed', { value: b.name, from: b.in, to: to.in }, to.pointer));
    } else {
      out.push(change('request-parameter-removed', { where: label(b) }, listPointer));
    }
  }
  for (const h of added) {
    out.push(change(isRequired(h) ? 'request-parameter-required-added' : 'request-parameter-added', { where: label(h) }, h.pointer));
  }
  return out;
}

function compareParameter(ctx: CompareContext, b: Parameter, h: Parameter): OperationChange[] {
  const out: OperationChange[] = [];
  const where = label(h);
  if (!isRequired(b) && isRequired(h)) out.push(change('request-parameter-became-required', { where }, h.pointer));
  if (isRequired(b) && !isRequired(h)) out.push(change('request-parameter-became-optional', { where }, h.pointer));
  const styleBefore = describeStyle(b);
  const styleAfter = describeStyle(h);
  if (styleBefore !== styleAfter) out.push(change('request-parameter-style-changed', { where, from: styleBefore, to: styleAfter }, h.pointer));
  const schemaBefore = schemaOf(b);
  const schemaAfter = schemaOf(h);
  if (schemaBefore && schemaAfter) {
    for (const c of compareSchemas(ctx, schemaBefore, schemaAfter, 'request')) {
      out.push({ ...change(c.rule, { ...c.values, where: whereText(where, c.path) }, c.pointer), linePointer: c.linePointer });
    }
  }
  return out;
}

function change(rule: OperationChange['rule'], values: MessageValues, pointer: string): OperationChange {
  return { rule, message: renderMessage(rule, values), side: 'head', pointer };
}

function label(p: Parameter): string {
  return `${p.in} parameter \`${p.name}\``;
}

function isRequired(p: Parameter): boolean {
  return p.in === 'path' || p.node.required === true;
}

/** How the value is serialised, with OpenAPI's defaults filled in. */
function describeStyle(p: Parameter): string {
  if (p.node.content !== undefined) return 'content';
  const style = typeof p.node.style === 'string' ? p.node.style : p.in === 'query' || p.in === 'cookie' ? 'form' : 'simple';
  const explode = typeof p.node.explode === 'boolean' ? p.node.explode : style === 'form';
  return `style=${style}, explode=${explode}`;
}

/** The parameter's schema, or its one media type's schema for `content` parameters. */
function schemaOf(p: Parameter): SchemaSlot | undefined {
  if (p.node.schema !== undefined) return { node: p.node.schema, pointer: `${p.pointer}/schema` };
  const content = p.node.content;
  if (content === null || typeof content !== 'object') return undefined;
  const [mediaType, media] = Object.entries(content as Record<string, unknown>)[0] ?? [];
  if (mediaType === undefined || media === null || typeof media !== 'object') return undefined;
  const schema = (media as Record<string, unknown>).schema;
  return schema === undefined ? undefined : { node: schema, pointer: `${p.pointer}/content/${escape(mediaType)}/schema` };
}

/** Path-level then operation-level parameters; the operation's replace the path's by location and name. */
function parametersOf(document: OpenApiDocument, operation: Operation): Map<string, Parameter> {
  const itemPointer = operation.pointer.slice(0, operation.pointer.lastIndexOf('/'));
  const pathItem = resolveObject(document, { node: getAt(document, pointerTokens(itemPointer)), pointer: itemPointer });
  const lists: Array<[unknown, string]> = [
    [pathItem?.node.parameters, `${pathItem?.pointer ?? itemPointer}/parameters`],
    [operation.definition.parameters, `${operation.pointer}/parameters`],
  ];
  const templates = [...operation.path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] as string);
  const out = new Map<string, Parameter>();
  for (const [list, listPointer] of lists) {
    if (!Array.isArray(list)) continue;
    list.forEach((raw, i) => {
      const resolved = resolveObject(document, { node: raw, pointer: `${listPointer}/${i}` });
      if (!resolved || typeof resolved.node.name !== 'string' || typeof resolved.node.in !== 'string') return;
      const name = resolved.node.name;
      const location = resolved.node.in;
      const position = location === 'path' ? templates.indexOf(name) : -1;
      const key = position >= 0 ? `path#${position}` : `${location}:${location === 'header' ? name.toLowerCase() : name}`;
      out.delete(key);
      out.set(key, { name, in: location, key, node: resolved.node, pointer: resolved.pointer });
    });
  }
  return out;
}

function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

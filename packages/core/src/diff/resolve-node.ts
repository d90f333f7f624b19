import type { OpenApiDocument } from '../spec/openapi-version';
import { refTokens } from '../contract/index-operations';
import { getAt } from '../spec/ref-closure';
import { decodePointer, isRef, type SchemaSlot } from './schema-view';

/**
 * Follows a `$ref` chain (parameters, request bodies, responses, path items) to the node it
 * names, with that node's pointer. Undefined when the chain ends nowhere or loops.
 */
export function resolveNode(document: OpenApiDocument, slot: SchemaSlot): SchemaSlot | undefined {
  let current = slot;
  const seen = new Set<string>();
  while (isRef(current.node)) {
    const ref = current.node.$ref;
    if (!ref.startsWith('#') || seen.has(ref)) return undefined;
    seen.add(ref);
    current = { node: getAt(document, refTokens(ref)), pointer: decodePointer(ref) };
  }
  return current.node === undefined ? undefined : current;
}

/** A resolved node as a plain object, or undefined when it is not one. */
export function resolveObject(document: OpenApiDocument, slot: SchemaSlot): { node: Record<string, unknown>; pointer: string } | undefined {
  const resolved = resolveNode(document, slot);
  if (!resolved || resolved.node === null || typeof resolved.node !== 'object' || Array.isArray(resolved.node)) return undefined;
  return { node: resolved.node as Record<string, unknown>, pointer: resolved.pointer };
}

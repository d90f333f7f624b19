import { relative } from 'node:path';
import { type AliasEdge, type RefClosure, refError, toPosix } from './ref-closure';

/**
 * Refuses a cycle of objects that are nothing but each other: `A: {$ref: B}`, `B: {$ref: A}`,
 * `A: {$ref: A}`, or the same through allOf/anyOf/oneOf members. Such a schema has no finite
 * type: TypeScript rejects the generated alias (TS2502), samplers and validators loop. A cycle
 * that passes through a property, an array's items or any other structure is an ordinary
 * recursive type and is not affected.
 *
 * Depth-first search over the closure's alias edges, iterative (a long chain must not overflow
 * the stack), from the nodes in sorted order so the cycle reported is the same on every run.
 */
export function checkRefCycles(closure: RefClosure, workspaceRoot: string): void {
  const edges = closure.aliasEdges;
  const state = new Map<string, 'open' | 'done'>();
  for (const start of [...edges.keys()].sort()) {
    if (state.has(start)) continue;
    // The path from `start` to the node being explored, with the edge taken out of each.
    const path: Array<{ node: string; next: number; via?: AliasEdge }> = [{ node: start, next: 0 }];
    state.set(start, 'open');
    while (path.length > 0) {
      const top = path[path.length - 1] as (typeof path)[number];
      const out = edges.get(top.node) ?? [];
      if (top.next >= out.length) {
        state.set(top.node, 'done');
        path.pop();
        continue;
      }
      const edge = out[top.next++] as AliasEdge;
      const seen = state.get(edge.to);
      if (seen === 'done') continue;
      if (seen === 'open') throw cycleError(path, edge, workspaceRoot);
      state.set(edge.to, 'open');
      path.push({ node: edge.to, next: 0, via: edge });
    }
  }
}

function cycleError(path: ReadonlyArray<{ node: string; via?: AliasEdge }>, closing: AliasEdge, workspaceRoot: string) {
  const first = path.findIndex((entry) => entry.node === closing.to);
  const cycle = path.slice(first);
  // The `$ref`s that make the cycle, in order; a combinator member is a step inside one schema.
  const refs = [...cycle.slice(1).map((entry) => entry.via as AliasEdge), closing].filter((edge) => edge.site);
  const shown = (key: string): string => {
    const hash = key.indexOf('#');
    return `${toPosix(relative(workspaceRoot, key.slice(0, hash)))}#${key.slice(hash + 1)}`;
  };
  const chain = [...cycle.map((entry) => shown(entry.node)), shown(closing.to)].join(' → ');
  const site = (refs[0] as AliasEdge).site;
  return refError(
    'REF_CYCLE',
    `$ref cycle with nothing in between: ${chain}. A schema that is only itself (through $ref, allOf, anyOf or oneOf) has no type.`,
    site,
    'Break the cycle: point one of these $refs at a real schema, or make the recursion go through a property or array items (e.g. `children: {type: array, items: {$ref: ...}}`), which is fine.',
  );
}

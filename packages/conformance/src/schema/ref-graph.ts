/**
 * Which `$ref` targets are recursive (reach themselves again). Only expansions of those count
 * towards `maxDepth`: a long chain of distinct, non-recursive refs (GitHub's repository → owner →
 * …) must not be cut short, while a tree or linked list must stop growing.
 */
import type { SchemaRegistry } from '../model/types';
import { resolveRef, type SchemaNode } from './resolve-ref';
import { forEachSubschema, isSchemaObject, type SchemaObject } from './walk';

export class RefGraph {
  private readonly recursive = new WeakMap<SchemaObject, boolean>();
  private readonly edges = new WeakMap<SchemaObject, readonly SchemaNode[]>();
  private readonly mentions = new WeakMap<SchemaObject, boolean>();

  constructor(private readonly registry: SchemaRegistry) {}

  /** True if the schema `target` names can reach itself through `$ref`s. */
  isRecursive(target: SchemaNode): boolean {
    if (!isSchemaObject(target.schema)) return false;
    if (!this.recursive.has(target.schema)) this.computeComponents(target);
    return this.recursive.get(target.schema) ?? false;
  }

  /** True if the tree under `node` (not following refs) has a `$ref` to a recursive schema. */
  mentionsRecursion(node: SchemaNode): boolean {
    if (!isSchemaObject(node.schema)) return false;
    const cached = this.mentions.get(node.schema);
    if (cached !== undefined) return cached;
    const found = this.refsWithin(node).some((target) => this.isRecursive(target));
    this.mentions.set(node.schema, found);
    return found;
  }

  /** Every `$ref` in the tree under `node` (itself included), resolved; unresolvable ones skipped. */
  private refsWithin(node: SchemaNode): readonly SchemaNode[] {
    if (!isSchemaObject(node.schema)) return [];
    const cached = this.edges.get(node.schema);
    if (cached) return cached;
    const out: SchemaNode[] = [];
    const seen = new Set<SchemaObject>();
    const visit = (schema: unknown): void => {
      if (!isSchemaObject(schema) || seen.has(schema)) return;
      seen.add(schema);
      if (typeof schema.$ref === 'string') {
        try {
          out.push(resolveRef(schema.$ref, node.base, this.registry));
        } catch {
          // Reported where the schema is generated from; here it simply has no edge.
        }
      }
      forEachSubschema(schema, visit);
    };
    visit(node.schema);
    this.edges.set(node.schema, out);
    return out;
  }

  /** Tarjan's strongly connected components over ref targets reachable from `start`. */
  private computeComponents(start: SchemaNode): void {
    let counter = 0;
    const index = new Map<SchemaObject, number>();
    const low = new Map<SchemaObject, number>();
    const stack: SchemaObject[] = [];
    const onStack = new Set<SchemaObject>();
    const connect = (node: SchemaNode): void => {
      const v = node.schema as SchemaObject;
      index.set(v, counter);
      low.set(v, counter);
      counter++;
      stack.push(v);
      onStack.add(v);
      let selfLoop = false;
      for (const target of this.refsWithin(node)) {
        const w = target.schema;
        if (!isSchemaObject(w)) continue;
        if (w === v) selfLoop = true;
        if (this.recursive.has(w)) continue; // a finished component from an earlier run
        if (!index.has(w)) {
          connect(target);
          low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
      if (low.get(v) === index.get(v)) {
        const members: SchemaObject[] = [];
        let member: SchemaObject | undefined;
        do {
          member = stack.pop();
          if (!member) break;
          onStack.delete(member);
          members.push(member);
        } while (member !== v);
        const recursive = members.length > 1 || selfLoop;
        for (const m of members) this.recursive.set(m, recursive);
      }
    };
    connect(start);
  }
}

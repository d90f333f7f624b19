import { canonicalJson } from '../contract/canonical-json';
import { RefGraph } from '../contract/index-operations';
import type { OpenApiDocument } from '../spec/openapi-version';
import type { SchemaChange } from './change';
import { isRef, SchemaViews } from './schema-view';

/** One side of the comparison: its document, schema views and reference graph. */
export interface DiffSide {
  readonly document: OpenApiDocument;
  readonly views: SchemaViews;
  readonly refs: RefGraph;
}

/**
 * What a whole diff shares across operations: each document's views, results of schema pairs
 * already compared (GitHub's spec reaches the same components from hundreds of operations), and
 * which components are unchanged.
 */
export class CompareContext {
  readonly base: DiffSide;
  readonly head: DiffSide;
  /** Changes of a compared pair of named schemas, keyed `direction|baseKey|headKey`. */
  readonly pairCache = new Map<string, readonly SchemaChange[]>();
  private readonly closureEqual = new Map<string, boolean>();
  private readonly baseText = new WeakMap<object, string>();
  private readonly headText = new WeakMap<object, string>();

  constructor(base: OpenApiDocument, head: OpenApiDocument) {
    this.base = { document: base, views: new SchemaViews(base), refs: new RefGraph(base) };
    this.head = { document: head, views: new SchemaViews(head), refs: new RefGraph(head) };
  }

  /**
   * Whether two nodes are the same contract as written: equal canonical text, and every
   * component they reach equal on both sides. A cheap way past unchanged parts; different text
   * is still compared structurally (it may be a refactoring).
   */
  sameContent(base: unknown, head: unknown): boolean {
    if (isRef(base) || isRef(head)) return isRef(base) && isRef(head) && base.$ref === head.$ref && this.sameComponent(base.$ref);
    if (base === null || head === null || typeof base !== 'object' || typeof head !== 'object') return base === head;
    if (this.text(base, this.baseText) !== this.text(head, this.headText)) return false;
    const reached = this.base.refs.reachedFrom([base]);
    return reached.every((ref) => this.sameComponent(ref)) && reached.length === this.head.refs.reachedFrom([head]).length;
  }

  /** Whether a component and everything it reaches is byte-for-byte the same (canonically) on both sides. */
  sameComponent(ref: string): boolean {
    let equal = this.closureEqual.get(ref);
    if (equal === undefined) {
      const root = [{ $ref: ref }];
      const inBase = this.base.refs.reachedFrom(root);
      const inHead = this.head.refs.reachedFrom(root);
      equal = inBase.length === inHead.length && inBase.every((r, i) => r === inHead[i] && this.base.refs.nodeHash(r) === this.head.refs.nodeHash(r));
      this.closureEqual.set(ref, equal);
    }
    return equal;
  }

  private text(node: object, memo: WeakMap<object, string>): string {
    let text = memo.get(node);
    if (text === undefined) {
      text = canonicalJson(node);
      memo.set(node, text);
    }
    return text;
  }
}

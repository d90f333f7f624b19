import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node as YamlNode } from 'yaml';
import { SpecwrightError } from '../errors';
import { escapePointerToken } from './pointer';

/**
 * How much YAML aliases may enlarge a document: its values once every alias is expanded, at most
 * EXPANSION_FACTOR times the values written plus EXPANSION_SLACK. Every later stage (bundling,
 * linting, schema conversion, emitting) walks the expanded tree, so this bounds their work by the
 * size of the file. Hand-written specs that reuse responses or parameters through anchors stay
 * far below it; a "billion laughs" file (nine aliases of nine aliases …, 500 bytes) expands to
 * 10^9 values.
 */
export const EXPANSION_FACTOR = 10;
export const EXPANSION_SLACK = 100_000;

/**
 * Anchors and aliases a document may hold together. The yaml library resolves each alias by
 * scanning every anchor and alias before it, so its work grows with their square: 2,500 anchors
 * with 2,500 aliases take 0.8 s to convert, 20,000 of each (700 KB) 46 s. Hand-written specs use
 * a few dozen.
 */
export const MAX_ANCHORS_AND_ALIASES = 5_000;

/**
 * Refuses a YAML document whose aliases expand it beyond the limit above, or that aliases one of
 * its own ancestors (a cycle no JSON value can hold). Counted on the parsed syntax tree before it
 * becomes a JavaScript value, in time linear in the file: each anchored node's expanded size is
 * computed once. Hand-written because the yaml library's own `maxAliasCount` counts alias uses
 * per anchor, not the size they expand to, and does not say where it stopped.
 */
export function checkAliasExpansion(doc: Document, lineCounter: LineCounter, displayPath: string): void {
  const count = countValues(doc, lineCounter, displayPath);
  if (count.firstOverLimit) {
    const pos = count.firstOverLimit.range ? lineCounter.linePos(count.firstOverLimit.range[0]) : undefined;
    throw new SpecwrightError(
      'YAML_ALIAS_LIMIT',
      `YAML alias limit reached: more than ${MAX_ANCHORS_AND_ALIASES} anchors and aliases (&name, *name); resolving them takes time that grows with their square`,
      {
        location: { file: displayPath, line: pos?.line, column: pos?.col },
        fix: 'Reference repeated parts with $ref instead of YAML anchors and aliases.',
      },
    );
  }
  if (count.aliases === 0) return;
  const limit = EXPANSION_FACTOR * count.written + EXPANSION_SLACK;
  if (count.expanded <= limit) return;
  // Second pass, only on failure: record every node's size to find where the expansion happens.
  const sizes = new Map<YamlNode, number>();
  countValues(doc, lineCounter, displayPath, sizes);
  const culprit = findExpansion(doc.contents as YamlNode | null, sizes);
  const pos = culprit.node?.range ? lineCounter.linePos(culprit.node.range[0]) : undefined;
  throw new SpecwrightError(
    'YAML_ALIAS_LIMIT',
    `YAML alias expansion limit reached: aliases expand this document to ${formatCount(count.expanded)} values from ${count.written} written (limit ${limit}), mostly at ${culprit.pointer || '/'}. Expanding it would take minutes and gigabytes (a "billion laughs" document).`,
    {
      location: { file: displayPath, line: pos?.line, column: pos?.col, pointer: culprit.pointer },
      fix: `Write the repeated parts out, or reference them with $ref instead of nested YAML aliases (*name): aliases may make a document at most ${EXPANSION_FACTOR} times larger than written.`,
    },
  );
}

interface Counts {
  /** Nodes in the file, aliases included. */
  readonly written: number;
  readonly aliases: number;
  /** Values once every alias is replaced by a copy of its anchor (may be Infinity). */
  readonly expanded: number;
  /** The anchor or alias that passed MAX_ANCHORS_AND_ALIASES, if one did. */
  readonly firstOverLimit?: YamlNode;
}

interface Frame {
  readonly node: YamlNode;
  readonly children: ReadonlyArray<unknown>;
  next: number;
  size: number;
}

/** One iterative pass in document order (deep documents must not overflow the stack). */
function countValues(doc: Document, lineCounter: LineCounter, displayPath: string, sizes?: Map<YamlNode, number>): Counts {
  const anchors = new Map<string, YamlNode>(); // latest node with each anchor, in document order
  const anchoredSizes = new Map<YamlNode, number>();
  const open = new Set<YamlNode>();
  let written = 0;
  let aliases = 0;
  let marks = 0; // anchors and aliases
  let firstOverLimit: YamlNode | undefined;
  const mark = (node: YamlNode): void => {
    if (++marks > MAX_ANCHORS_AND_ALIASES) firstOverLimit ??= node;
  };
  const stack: Frame[] = [];
  let result = 0;

  // Size of a leaf, or undefined after pushing a collection that is sized when it closes.
  const enter = (value: unknown): number | undefined => {
    if (value === null || value === undefined) return 1; // an empty value is a null scalar
    const node = value as YamlNode;
    written++;
    if (isAlias(node)) {
      aliases++;
      mark(node);
      const source = anchors.get(node.source);
      if (source && open.has(source)) {
        const pos = node.range ? lineCounter.linePos(node.range[0]) : undefined;
        throw new SpecwrightError('YAML_ALIAS_LIMIT', `YAML alias *${node.source} refers to a node that contains it (a cycle)`, {
          location: { file: displayPath, line: pos?.line, column: pos?.col },
          fix: 'Replace the alias with a $ref: OpenAPI expresses recursive structures through references, not YAML aliases.',
        });
      }
      const size = source ? (anchoredSizes.get(source) ?? 1) : 1;
      sizes?.set(node, size);
      return size;
    }
    if (node.anchor) {
      anchors.set(node.anchor, node);
      mark(node);
    }
    if (isMap(node) || isSeq(node)) {
      const children = isMap(node) ? node.items.flatMap((pair) => (isPair(pair) ? [pair.key, pair.value] : [pair])) : node.items;
      open.add(node);
      stack.push({ node, children, next: 0, size: 1 });
      return undefined;
    }
    if (node.anchor) anchoredSizes.set(node, 1); // a scalar
    sizes?.set(node, 1);
    return 1;
  };
  const close = (frame: Frame): number => {
    open.delete(frame.node);
    if (frame.node.anchor) anchoredSizes.set(frame.node, frame.size);
    sizes?.set(frame.node, frame.size);
    return frame.size;
  };

  const first = enter(doc.contents);
  if (first !== undefined) return { written, aliases, expanded: first, firstOverLimit };
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    if (frame.next < frame.children.length) {
      const size = enter(frame.children[frame.next++]);
      if (size !== undefined) frame.size += size;
      continue;
    }
    stack.pop();
    const size = close(frame);
    const parent = stack[stack.length - 1];
    if (parent) parent.size += size;
    else result = size;
  }
  return { written, aliases, expanded: result, firstOverLimit };
}

/**
 * Walks down from the root into the largest child while it holds more than half of its parent:
 * the node where that stops is where the expansion multiplies (in a billion-laughs document, the
 * list of aliases to the previous level).
 */
function findExpansion(root: YamlNode | null, sizes: ReadonlyMap<YamlNode, number>): { node: YamlNode | null; pointer: string } {
  let node = root;
  let pointer = '';
  for (;;) {
    const size = node ? (sizes.get(node) ?? 1) : 1;
    let best: { key: string; child: YamlNode; size: number } | undefined;
    for (const entry of childEntries(node)) {
      const childSize = sizes.get(entry.child) ?? 1;
      if (!best || childSize > best.size) best = { ...entry, size: childSize };
    }
    if (!best || best.size * 2 < size) return { node, pointer };
    pointer += `/${escapePointerToken(best.key)}`;
    // An alias holding most of the expansion is the place to report (its anchor is elsewhere).
    if (isAlias(best.child)) return { node: best.child, pointer };
    node = best.child;
  }
}

function childEntries(node: YamlNode | null): Array<{ key: string; child: YamlNode }> {
  if (isMap(node)) {
    return node.items.flatMap((pair) =>
      pair.value && typeof pair.value === 'object' ? [{ key: isScalar(pair.key) ? String(pair.key.value) : String(pair.key), child: pair.value as YamlNode }] : [],
    );
  }
  if (isSeq(node)) return node.items.flatMap((item, i) => (item && typeof item === 'object' ? [{ key: String(i), child: item as YamlNode }] : []));
  return [];
}

function formatCount(n: number): string {
  return Number.isFinite(n) ? (n >= 1e6 ? n.toExponential(1) : String(n)) : 'more than 10^308';
}

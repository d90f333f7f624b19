import type { CompareContext } from './compare-context';
import { under, type ChangeValues, type SchemaChange } from './change';
import { DIFF_RULES, type DiffRuleId } from './rules';
import type { Bound, PropertySlot, SchemaSlot, SchemaView } from './schema-view';

/**
 * Which way a schema is read. A client writes requests: a request schema that accepts less
 * breaks it. A client reads responses: a response schema that may hold more (a new type, a new
 * enum value) may break it, one that holds less is safe.
 */
export type Direction = 'request' | 'response';

/** Nesting beyond this is not compared (a guard; recursion through `$ref` stops earlier). */
const MAX_DEPTH = 64;
/** oneOf/anyOf expanded beyond this many variants is compared as a whole instead. */
const MAX_VARIANTS = 64;

/** The changes between two schemas, read in one direction. */
export function compareSchemas(ctx: CompareContext, base: SchemaSlot, head: SchemaSlot, direction: Direction): SchemaChange[] {
  return [...new SchemaComparison(ctx, direction).slots(base, head, 0)];
}

interface Frame {
  readonly key: string;
  /** The lowest stack index a recursion cut inside this frame went back to. */
  cutAt: number;
}

class SchemaComparison {
  private readonly stack: Frame[] = [];

  constructor(
    private readonly ctx: CompareContext,
    private readonly direction: Direction,
  ) {}

  slots(base: SchemaSlot, head: SchemaSlot, depth: number): readonly SchemaChange[] {
    if (this.ctx.sameContent(base.node, head.node)) return [];
    return this.views(this.ctx.base.views.view(base), this.ctx.head.views.view(head), depth);
  }

  private properties(base: PropertySlot, head: PropertySlot, depth: number): readonly SchemaChange[] {
    if (base.slots.length === 1 && head.slots.length === 1) return this.slots(base.slots[0] as SchemaSlot, head.slots[0] as SchemaSlot, depth);
    return this.views(this.ctx.base.views.property(base), this.ctx.head.views.property(head), depth);
  }

  /**
   * Recursion (a schema that contains itself through `$ref`) ends when a pair of schemas already
   * being compared comes round again: the pair is assumed equal there, since whatever differs is
   * reported where the pair was first met. Results of named pairs are cached, except those whose
   * comparison was cut by a recursion reaching above them (their result depends on the path).
   */
  private views(base: SchemaView, head: SchemaView, depth: number): readonly SchemaChange[] {
    const key = `${this.direction}|${base.key}|${head.key}`;
    const onStack = this.stack.findIndex((frame) => frame.key === key);
    if (onStack >= 0) {
      for (let i = onStack + 1; i < this.stack.length; i++) {
        const frame = this.stack[i] as Frame;
        frame.cutAt = Math.min(frame.cutAt, onStack);
      }
      return [];
    }
    const cacheable = base.named && head.named;
    if (cacheable) {
      const cached = this.ctx.pairCache.get(key);
      if (cached) return cached;
    }
    if (depth > MAX_DEPTH) {
      for (const frame of this.stack) frame.cutAt = -1;
      return [];
    }
    const index = this.stack.length;
    this.stack.push({ key, cutAt: Number.POSITIVE_INFINITY });
    const changes = this.body(base, head, depth);
    const frame = this.stack.pop() as Frame;
    if (cacheable && frame.cutAt >= index) this.ctx.pairCache.set(key, changes);
    return changes;
  }

  private body(base: SchemaView, head: SchemaView, depth: number): SchemaChange[] {
    if (base.branches.length === 0 && head.branches.length === 0) return this.plain(base, head, depth);
    const baseVariants = variantsOf(this.ctx.base.views, base);
    const headVariants = variantsOf(this.ctx.head.views, head);
    if (baseVariants.length === 1 && headVariants.length === 1) return this.plain(baseVariants[0] as SchemaView, headVariants[0] as SchemaView, depth);
    return this.variants(baseVariants, headVariants, head, depth);
  }

  /** Two schemas without oneOf/anyOf. */
  private plain(base: SchemaView, head: SchemaView, depth: number): SchemaChange[] {
    const out: SchemaChange[] = [];
    const overlap = this.types(base, head, out);
    if (!overlap) return out; // a different kind of value altogether: what is inside no longer matters
    this.enums(base, head, out);
    this.format(base, head, out);
    this.constraints(base, head, out);
    this.objects(base, head, depth, out);
    if (base.items && head.items) out.push(...under('[]', this.slots(base.items, head.items, depth + 1)));
    return out;
  }

  private change(rule: DiffRuleId, head: SchemaView, values: ChangeValues, pointer = head.pointer): SchemaChange {
    return { rule, path: [], values, side: 'head', pointer };
  }

  /** A change of one keyword of the head schema: located on the keyword's line when it is written there. */
  private keywordChange(rule: DiffRuleId, head: SchemaView, values: ChangeValues, keyword: string): SchemaChange {
    return { rule, path: [], values, side: 'head', pointer: head.pointer, linePointer: `${head.pointer}/${keyword}` };
  }

  /** Records type changes; false when the two schemas have no type in common. */
  private types(base: SchemaView, head: SchemaView, out: SchemaChange[]): boolean {
    const lost = typesNotCovered(base.types, head.types);
    const gained = typesNotCovered(head.types, base.types);
    if (lost.length === 0 && gained.length === 0) return true;
    const values = { from: describeTypes(base.types), to: describeTypes(head.types) };
    const overlap = typesOverlap(base.types, head.types);
    if (this.direction === 'request') {
      out.push(this.keywordChange(lost.length > 0 ? 'request-type-narrowed' : 'request-type-widened', head, values, 'type'));
    } else if (lost.length > 0 && gained.length > 0) {
      out.push(this.keywordChange('response-type-changed', head, values, 'type'));
    } else {
      out.push(this.keywordChange(gained.length > 0 ? 'response-type-widened' : 'response-type-narrowed', head, values, 'type'));
    }
    return overlap;
  }

  /** Enum values; `null` is left to the types (a nullable enum lists it implicitly in 3.0). */
  private enums(base: SchemaView, head: SchemaView, out: SchemaChange[]): void {
    const before = withoutNull(base.enumValues);
    const after = withoutNull(head.enumValues);
    if (before === undefined && after === undefined) return;
    if (this.direction === 'request') {
      if (before === undefined && after !== undefined) out.push(this.keywordChange('request-enum-added', head, { value: listValues(after) }, 'enum'));
      else if (before !== undefined && after !== undefined) {
        const removed = difference(before, after);
        const added = difference(after, before);
        if (removed.length > 0) out.push(this.keywordChange('request-enum-value-removed', head, { value: listValues(removed) }, 'enum'));
        if (added.length > 0) out.push(this.keywordChange('request-enum-value-added', head, { value: listValues(added) }, 'enum'));
      }
      return;
    }
    if (before !== undefined && after === undefined) out.push(this.keywordChange('response-enum-value-added', head, { value: 'any value (the enum was removed)' }, 'enum'));
    else if (before !== undefined && after !== undefined) {
      const added = difference(after, before);
      const removed = difference(before, after);
      if (added.length > 0) out.push(this.keywordChange('response-enum-value-added', head, { value: listValues(added) }, 'enum'));
      if (removed.length > 0) out.push(this.keywordChange('response-enum-value-removed', head, { value: listValues(removed) }, 'enum'));
    }
  }

  private format(base: SchemaView, head: SchemaView, out: SchemaChange[]): void {
    if (base.format === head.format) return;
    const values = { from: base.format ?? 'none', to: head.format ?? 'none' };
    // A format added to a request, or taken from a response, changes what is allowed or promised.
    if (this.direction === 'request' && head.format !== undefined) out.push(this.keywordChange('request-format-changed', head, values, 'format'));
    if (this.direction === 'response' && base.format !== undefined) out.push(this.keywordChange('response-format-changed', head, values, 'format'));
  }

  private constraints(base: SchemaView, head: SchemaView, out: SchemaChange[]): void {
    const upper: Array<[string, number | undefined, number | undefined, DiffRuleId]> = [
      ['maxLength', base.maxLength, head.maxLength, 'request-max-length-decreased'],
      ['maxItems', base.maxItems, head.maxItems, 'request-max-items-decreased'],
    ];
    const lower: Array<[string, number | undefined, number | undefined, DiffRuleId]> = [
      ['minLength', base.minLength, head.minLength, 'request-min-length-increased'],
      ['minItems', base.minItems, head.minItems, 'request-min-items-increased'],
    ];
    for (const [name, before, after, rule] of upper) {
      if (before === after) continue;
      const tightened = after !== undefined && (before === undefined || after < before);
      this.bound(name, rule, tightened, String(before ?? 'none'), String(after ?? 'none'), head, out);
    }
    for (const [name, before, after, rule] of lower) {
      // minLength 0 is no constraint at all.
      if ((before ?? 0) === (after ?? 0)) continue;
      const tightened = (after ?? 0) > (before ?? 0);
      this.bound(name, rule, tightened, String(before ?? 'none'), String(after ?? 'none'), head, out);
    }
    for (const [name, before, after, rule, side] of [
      ['maximum', base.maximum, head.maximum, 'request-maximum-decreased', 'max'],
      ['minimum', base.minimum, head.minimum, 'request-minimum-increased', 'min'],
    ] as const) {
      if (sameBound(before, after)) continue;
      const tightened = after !== undefined && (before === undefined || tighterIs(after, before, side));
      this.bound(name, rule, tightened, describeBound(before), describeBound(after), head, out);
    }
    const beforePattern = base.patterns.join(' and ');
    const afterPattern = head.patterns.join(' and ');
    if (beforePattern !== afterPattern) {
      const values = { from: beforePattern || 'none', to: afterPattern || 'none' };
      if (this.direction === 'response') out.push(this.keywordChange('response-constraint-changed', head, { ...values, value: 'pattern' }, 'pattern'));
      else if (beforePattern === '') out.push(this.keywordChange('request-pattern-added', head, values, 'pattern'));
      else if (afterPattern === '') out.push(this.keywordChange('request-constraint-relaxed', head, { ...values, value: 'pattern' }, 'pattern'));
      else out.push(this.keywordChange('request-pattern-changed', head, values, 'pattern'));
    }
  }

  private bound(name: string, tightenedRule: DiffRuleId, tightened: boolean, from: string, to: string, head: SchemaView, out: SchemaChange[]): void {
    if (this.direction === 'response') out.push(this.keywordChange('response-constraint-changed', head, { from, to, value: name }, name));
    else out.push(this.keywordChange(tightened ? tightenedRule : 'request-constraint-relaxed', head, { from, to, value: name }, name));
  }

  private objects(base: SchemaView, head: SchemaView, depth: number, out: SchemaChange[]): void {
    const request = this.direction === 'request';
    const before = this.visible(base, this.ctx.base.views);
    const after = this.visible(head, this.ctx.head.views);
    const names = [...new Set([...before.keys(), ...after.keys(), ...base.required, ...head.required])].sort();
    for (const name of names) {
      const b = before.get(name);
      const h = after.get(name);
      // A `required` entry naming a property hidden in this direction (readOnly in a request)
      // does not apply to it (OpenAPI 3.0 §4.7.25).
      const bRequired = base.required.has(name) && (b !== undefined || !base.properties.has(name));
      const hRequired = head.required.has(name) && (h !== undefined || !head.properties.has(name));
      const pointer = h?.slots[0]?.pointer ?? head.pointer;
      if (b === undefined && h === undefined) {
        // Only named in `required` (no property schema): still a property the value must have.
        if (!bRequired && hRequired) out.push(at(name, this.change(request ? 'request-property-required-added' : 'response-property-became-required', head, {})));
        if (bRequired && !hRequired) out.push(at(name, this.change(request ? 'request-property-became-optional' : 'response-property-became-optional', head, {})));
        continue;
      }
      if (b === undefined) {
        if (request) out.push(at(name, this.change(hRequired ? 'request-property-required-added' : 'request-property-added', head, {}, pointer)));
        else out.push(at(name, this.change('response-property-added', head, {}, pointer)));
        continue;
      }
      if (h === undefined) {
        if (request) out.push(at(name, this.change('request-property-removed', head, {})));
        else out.push(at(name, this.change(bRequired ? 'response-property-removed' : 'response-optional-property-removed', head, {})));
        continue;
      }
      if (!bRequired && hRequired) out.push(at(name, this.change(request ? 'request-property-became-required' : 'response-property-became-required', head, {}, pointer)));
      if (bRequired && !hRequired) out.push(at(name, this.change(request ? 'request-property-became-optional' : 'response-property-became-optional', head, {}, pointer)));
      out.push(...under(name, this.properties(b, h, depth + 1)));
    }
    const closedNow = head.additionalProperties === false && base.additionalProperties !== false;
    if (request && closedNow && (base.types === undefined || base.types.has('object'))) {
      out.push(this.keywordChange('request-additional-properties-closed', head, {}, 'additionalProperties'));
    }
    if (base.additionalProperties && head.additionalProperties) {
      out.push(...under('*', this.slots(base.additionalProperties, head.additionalProperties, depth + 1)));
    }
  }

  /** Properties that exist in this direction: readOnly ones are not part of requests, writeOnly ones not of responses. */
  private visible(view: SchemaView, views: CompareContext['base']['views']): Map<string, PropertySlot> {
    const out = new Map<string, PropertySlot>();
    for (const [name, property] of view.properties) {
      const resolved = views.property(property);
      if (this.direction === 'request' ? resolved.readOnly : resolved.writeOnly) continue;
      out.set(name, property);
    }
    return out;
  }

  /**
   * oneOf/anyOf, compared leniently: each variant a client may send (request: the base's) or
   * receive (response: the head's) must be matched, with nothing breaking, by a variant of the
   * other side, or each of its types or enum values by one (`enum: [a, b]` → `oneOf: [a, b, c]`).
   * How variants are named, ordered or split between the outer schema and the branches does not
   * matter. A variant left unmatched is paired with an unmatched one of the other side holding
   * the same kind of value (same component name first, else fewest breaking changes) and reported
   * as modified; the rest are reported as removed or added.
   */
  private variants(baseVariants: readonly SchemaView[], headVariants: readonly SchemaView[], head: SchemaView, depth: number): SchemaChange[] {
    const request = this.direction === 'request';
    const must = request ? baseVariants : headVariants;
    const other = request ? headVariants : baseVariants;
    const compare = (mine: SchemaView, theirs: SchemaView): readonly SchemaChange[] =>
      request ? this.views(mine, theirs, depth + 1) : this.views(theirs, mine, depth + 1);
    const matchOf = (variant: SchemaView): { index: number; changes: readonly SchemaChange[] } | undefined => {
      let match: { index: number; changes: readonly SchemaChange[] } | undefined;
      for (let i = 0; i < other.length; i++) {
        const changes = compare(variant, other[i] as SchemaView);
        if (changes.some(isBreaking)) continue;
        if (!match || (changes.length === 0 && match.changes.length > 0)) match = { index: i, changes };
        if (changes.length === 0) break;
      }
      return match;
    };
    const out: SchemaChange[] = [];
    const used = new Set<number>();
    const unmatched: SchemaView[] = [];
    for (const variant of must) {
      const direct = matchOf(variant);
      const matches = direct ? [direct] : splitVariant(variant).map(matchOf);
      if (matches.length === 0 || matches.some((m) => m === undefined)) {
        unmatched.push(variant);
        continue;
      }
      for (const match of matches as Array<{ index: number; changes: readonly SchemaChange[] }>) {
        used.add(match.index);
        out.push(...match.changes);
      }
    }
    const unused = other.filter((_, i) => !used.has(i));
    const breakingCount = (a: SchemaView, b: SchemaView): number => compare(a, b).filter(isBreaking).length;
    for (const variant of unmatched) {
      const candidates = unused.filter((candidate) => typesOverlap(variant.types, candidate.types));
      const pick =
        candidates.find((candidate) => variant.named && candidate.named && describeVariant(candidate) === describeVariant(variant)) ??
        candidates.reduce<SchemaView | undefined>((best, candidate) => (best === undefined || breakingCount(variant, candidate) < breakingCount(variant, best) ? candidate : best), undefined);
      if (pick) {
        unused.splice(unused.indexOf(pick), 1);
        out.push(...compare(variant, pick));
        continue;
      }
      out.push(this.change(request ? 'request-variant-removed' : 'response-variant-added', head, { value: describeVariant(variant) }, request ? head.pointer : variant.pointer));
    }
    for (const variant of unused) {
      out.push(this.change(request ? 'request-variant-added' : 'response-variant-removed', head, { value: describeVariant(variant) }, request ? variant.pointer : head.pointer));
    }
    return out;
  }
}

/**
 * A variant as several narrower ones, each to be matched on its own: one per type when it has
 * several (`[string, integer]` against `oneOf: [string, integer]`), else one per enum value.
 * Empty when it cannot be split.
 */
function splitVariant(view: SchemaView): SchemaView[] {
  if (view.types && view.types.size > 1) return [...view.types].sort().map((t) => ({ ...view, key: `${view.key}|${t}`, types: new Set([t]) }));
  if (view.enumValues && view.enumValues.size > 1 && view.enumValues.size <= MAX_VARIANTS) {
    return [...view.enumValues].sort().map((v) => ({ ...view, key: `${view.key}|=${v}`, enumValues: new Set([v]) }));
  }
  return [];
}

/** The alternatives a schema allows: one per oneOf/anyOf branch (with the outer keywords merged in), nested ones expanded. */
function variantsOf(views: CompareContext['base']['views'], view: SchemaView, depth = 0): SchemaView[] {
  if (view.branches.length === 0 || depth > 4) return [view];
  const out: SchemaView[] = [];
  for (const branch of view.branches) {
    out.push(...variantsOf(views, views.withBranch(view, branch), depth + 1));
    if (out.length > MAX_VARIANTS) return [view];
  }
  return out;
}

function isBreaking(change: SchemaChange): boolean {
  return DIFF_RULES[change.rule].severity !== 'info';
}

function at(name: string, change: SchemaChange): SchemaChange {
  return { ...change, path: [name] };
}

/** Whether a set of types allows values of type `t` (undefined allows everything; number allows integers). */
function covers(types: ReadonlySet<string> | undefined, t: string): boolean {
  return types === undefined || types.has(t) || (t === 'integer' && types.has('number'));
}

function typesOverlap(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): boolean {
  return a === undefined || b === undefined || [...a].some((t) => covers(b, t)) || [...b].some((t) => covers(a, t));
}

/** Types of `from` that `to` does not allow (`any` when `from` allows anything and `to` does not). */
function typesNotCovered(from: ReadonlySet<string> | undefined, to: ReadonlySet<string> | undefined): string[] {
  if (from === undefined) return to === undefined ? [] : ['any'];
  return [...from].filter((t) => !covers(to, t));
}

export function describeTypes(types: ReadonlySet<string> | undefined): string {
  if (types === undefined) return 'any';
  if (types.size === 0) return 'nothing';
  return [...types].sort((a, b) => (a === 'null' ? 1 : b === 'null' ? -1 : a < b ? -1 : a > b ? 1 : 0)).join(' | ');
}

function withoutNull(values: ReadonlySet<string> | undefined): ReadonlySet<string> | undefined {
  if (values === undefined || !values.has('null')) return values;
  const out = new Set(values);
  out.delete('null');
  return out;
}

function difference(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  return [...a].filter((v) => !b.has(v)).sort();
}

/** Enum values for a message: JSON text, long ones cut, at most ten listed. */
function listValues(values: Iterable<string>): string {
  const all = [...values].sort();
  const shown = all.slice(0, 10).map((v) => (v.length > 40 ? `${v.slice(0, 37)}...` : v));
  return all.length > 10 ? `${shown.join(', ')} and ${all.length - 10} more` : shown.join(', ');
}

function sameBound(a: Bound | undefined, b: Bound | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.value === b.value && a.exclusive === b.exclusive);
}

/** Whether bound `a` allows strictly less than bound `b` on that side. */
function tighterIs(a: Bound, b: Bound, side: 'max' | 'min'): boolean {
  if (a.value !== b.value) return side === 'max' ? a.value < b.value : a.value > b.value;
  return a.exclusive && !b.exclusive;
}

function describeBound(bound: Bound | undefined): string {
  if (bound === undefined) return 'none';
  return bound.exclusive ? `${bound.value} (exclusive)` : String(bound.value);
}

/** A variant's name in a message: its component's name, else its type and first properties. */
function describeVariant(view: SchemaView): string {
  if (view.named) {
    const last = view.key.split('&').pop() ?? view.key;
    return last.slice(last.lastIndexOf('/') + 1);
  }
  const names = [...view.properties.keys()].slice(0, 3);
  const more = view.properties.size > 3 ? ', ...' : '';
  return names.length > 0 ? `${describeTypes(view.types)} {${names.join(', ')}${more}}` : describeTypes(view.types);
}

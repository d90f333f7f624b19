/**
 * oneOf / anyOf / discriminator: a Shape with groups is expanded into "pure" shapes, one per
 * combination of branches, each the allOf of everything else with that branch. allOf and `not`
 * are handled while flattening (shape.ts): allOf merges, `not` makes the shape checked.
 *
 * `oneOf` demands that exactly one branch matches; a value built from branch i may match branch
 * j too, so expanded oneOf shapes are checked against the original schema (which holds the
 * oneOf) and a branch that always overlaps another ends up unsatisfiable and is dropped.
 *
 * OpenAPI's `discriminator` is not a JSON Schema keyword (ajv ignores it), but an API expects the
 * discriminator property to name the branch, so we set it whenever the branch allows the value.
 */
import type { GenContext } from './context';
import { cloneShape, mergeNode, propertyNodes, refName, type Discriminator, type Group, type Shape } from './shape';
import { isSchemaObject, type SchemaObject } from './walk';

export interface ExpandedShape {
  readonly shape: Shape;
  /** Which branches were taken, e.g. `oneOf[1] (Dog)`; empty without combinators. */
  readonly label: string;
}

/** Enough to cover the branches of several nested combinators without a combinatorial blow-up. */
const MAX_EXPANSIONS = 24;

export function expandShape(shape: Shape, ctx: GenContext): ExpandedShape[] {
  const out: ExpandedShape[] = [];
  const visit = (current: Shape, label: string): void => {
    if (out.length >= MAX_EXPANSIONS || current.impossible) return;
    const [group, ...rest] = current.groups;
    if (!group) {
      applyImplicitDiscriminators(current, ctx);
      out.push({ shape: current, label });
      return;
    }
    for (const index of branchOrder(current, group, ctx)) {
      const branch = group.branches[index];
      if (!branch) continue;
      const next = cloneShape(current);
      next.groups = [...rest];
      if (group.kind === 'oneOf' && group.branches.length > 1) next.needsCheck = true;
      mergeNode(next, branch, ctx);
      if (group.discriminator) applyGroupDiscriminator(next, group.discriminator, index, group, ctx);
      const name = isSchemaObject(branch.schema) && typeof branch.schema.$ref === 'string' ? ` (${refName(branch.schema.$ref)})` : '';
      visit(next, `${label}${label ? ' / ' : ''}${group.kind}[${index}]${name}`);
    }
  };
  visit(shape, '');
  return out;
}

/**
 * Past maxDepth, branches that lead back into recursion are tried only when no other branch
 * exists: that is how a tree ends in leaves and a linked list in `null`.
 */
function branchOrder(shape: Shape, group: Group, ctx: GenContext): number[] {
  const all = group.branches.map((_, index) => index);
  if (shape.depth <= ctx.maxDepth) return all;
  const flat = all.filter((index) => {
    const branch = group.branches[index];
    return branch !== undefined && !ctx.refGraph.mentionsRecursion(branch);
  });
  return flat.length > 0 ? flat : all;
}

function applyGroupDiscriminator(shape: Shape, discriminator: Discriminator, index: number, group: Group, ctx: GenContext): void {
  const branch = group.branches[index];
  if (!branch || !isSchemaObject(branch.schema) || typeof branch.schema.$ref !== 'string') return;
  if (forceProperty(shape, discriminator.propertyName, discriminatorValues(discriminator, branch.schema.$ref), ctx)) {
    shape.forced.add(discriminator.propertyName);
  }
}

/**
 * allOf inheritance (`Cat: allOf: [Pet, …]` with the discriminator on Pet): the value names the
 * outermost schema we were asked for.
 */
function applyImplicitDiscriminators(shape: Shape, ctx: GenContext): void {
  const outermost = shape.refs[0];
  if (!outermost) return;
  for (const discriminator of shape.discriminators) {
    if (shape.forced.has(discriminator.propertyName)) continue;
    if (forceProperty(shape, discriminator.propertyName, discriminatorValues(discriminator, outermost), ctx)) {
      shape.forced.add(discriminator.propertyName);
    }
  }
}

/** Mapping keys that point at `ref`, else the implicit value: the schema's name. */
export function discriminatorValues(discriminator: Discriminator, ref: string): string[] {
  const name = refName(ref);
  const fragment = (value: string): string => (value.includes('#') ? value.slice(value.indexOf('#')) : '');
  const keys = Object.entries(discriminator.mapping)
    .filter(([, target]) => target === ref || (fragment(target) !== '' && fragment(target) === fragment(ref)) || target === name)
    .map(([key]) => key);
  return keys.length > 0 ? keys : [name];
}

/**
 * Requires property `name` to be one of `values` (those the shape accepts). False, leaving the
 * shape alone, when the shape forbids the property or accepts none of the values.
 */
function forceProperty(shape: Shape, name: string, values: readonly string[], ctx: GenContext): boolean {
  const nodes = propertyNodes(shape, name);
  if (nodes === null || shape.propertyNames.some((node) => !ctx.validator.validateNode(node, name))) return false;
  const accepted = values.filter((value) => nodes.every((node) => ctx.validator.validateNode(node, value)));
  if (accepted.length === 0) return false;
  const schema = syntheticSchema(ctx, name, accepted);
  mergeNode(shape, { schema, base: { uri: undefined, root: schema } }, ctx);
  return true;
}

function syntheticSchema(ctx: GenContext, name: string, values: readonly string[]): SchemaObject {
  const key = JSON.stringify([name, values]);
  let schema = ctx.synthetic.get(key);
  if (!schema) {
    schema = { properties: { [name]: { enum: [...values] } }, required: [name] };
    ctx.synthetic.set(key, schema);
  }
  return schema;
}

import type { DiffRuleId } from './rules';

/** Which document a change points into: the head, or the base when the thing exists only there. */
export type Side = 'head' | 'base';

export interface ChangeValues {
  readonly from?: string;
  readonly to?: string;
  readonly value?: string;
}

/**
 * A change found inside a schema, relative to where the comparison started: `path` holds
 * property names, `[]` for array items and `*` for map values. The caller (a parameter, a
 * request body, a response) turns it into a message by naming itself.
 */
export interface SchemaChange {
  readonly rule: DiffRuleId;
  readonly path: readonly string[];
  readonly values: ChangeValues;
  readonly side: Side;
  /** JSON pointer in that side's bundled document. */
  readonly pointer: string;
  /** A keyword inside it (`…/maxLength`) whose line is shown when it exists in the file. */
  readonly linePointer?: string;
}

/** A change of one operation, with its message written. */
export interface OperationChange {
  readonly rule: DiffRuleId;
  readonly message: string;
  readonly side: Side;
  readonly pointer: string;
  readonly linePointer?: string;
}

/** The same changes with `segment` in front of their paths. */
export function under(segment: string, changes: readonly SchemaChange[]): SchemaChange[] {
  return changes.map((change) => ({ ...change, path: [segment, ...change.path] }));
}

/** `owner.login`, `tags[].name`, `labels.*` */
export function joinPath(path: readonly string[]): string {
  let text = '';
  for (const segment of path) {
    if (segment === '[]') text += '[]';
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

/** What a message calls the place: the container, then the path inside it in backticks. */
export function whereText(container: string, path: readonly string[]): string {
  return path.length === 0 ? container : `${container} \`${joinPath(path)}\``;
}

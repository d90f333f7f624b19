import { relative } from 'node:path';
import type { NormalizedProblem } from '@redocly/openapi-core';
import { redocly } from '../util/lazy';
import type { SourceLocation } from '../errors';
import { toPosix } from './ref-closure';

/** Where a Redocly problem points: workspace-relative file, 1-based line and column. */
export function problemLocation(problem: NormalizedProblem, workspaceRoot: string): SourceLocation | undefined {
  const location = problem.location[0];
  if (!location) return undefined;
  const file = /^https?:/.test(location.source.absoluteRef)
    ? location.source.absoluteRef
    : toPosix(relative(workspaceRoot, location.source.absoluteRef));
  try {
    const { start } = redocly().getLineColLocation(location);
    return { file, line: start.line, column: start.col, pointer: location.pointer };
  } catch {
    return { file, pointer: location.pointer };
  }
}

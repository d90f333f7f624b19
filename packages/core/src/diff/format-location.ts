import type { DiffLocation } from './diff-result';

/** `openapi.yaml:42`, or `openapi.yaml#/paths/...` when the line is not known. */
export function formatDiffLocation(location: DiffLocation): string {
  return location.line === undefined ? `${location.file}#${location.pointer}` : `${location.file}:${location.line}`;
}

/** Findings grouped by operation, in the result's order. */
export function byOperation<T extends { readonly operation: string }>(findings: readonly T[]): Array<[string, T[]]> {
  const groups = new Map<string, T[]>();
  for (const finding of findings) {
    const group = groups.get(finding.operation);
    if (group) group.push(finding);
    else groups.set(finding.operation, [finding]);
  }
  return [...groups];
}

/** `2 errors (1 accepted), 1 warning, 3 info` */
export function describeCounts(findings: ReadonlyArray<{ readonly severity: string; readonly accepted: boolean }>): string {
  const part = (severity: string, one: string, many: string): string => {
    const all = findings.filter((f) => f.severity === severity);
    const accepted = all.filter((f) => f.accepted).length;
    return `${all.length} ${all.length === 1 ? one : many}${accepted > 0 ? ` (${accepted} accepted)` : ''}`;
  };
  return `${part('error', 'error', 'errors')}, ${part('warning', 'warning', 'warnings')}, ${part('info', 'info', 'info')}`;
}

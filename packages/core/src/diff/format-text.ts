import type { DiffFinding, DiffResult } from './diff-result';
import { byOperation, describeCounts, formatDiffLocation } from './format-location';

/**
 * The terminal report: breaking and possibly breaking findings per operation, then the
 * changelog (safe changes) per operation, then the counts. One finding per line:
 * `  <severity> <rule> <file:line> <message>`.
 */
export function formatText(result: DiffResult): string {
  const breaking = result.findings.filter((f) => f.severity !== 'info');
  const changelog = result.findings.filter((f) => f.severity === 'info');
  const lines: string[] = [`specwright diff ${result.base} → ${result.head}`, ''];
  if (breaking.length === 0) lines.push('No breaking changes.', '');
  else {
    lines.push('Breaking changes:', '');
    lines.push(...section(breaking));
  }
  if (changelog.length > 0) {
    lines.push('Changelog (non-breaking):', '');
    lines.push(...section(changelog));
  }
  for (const entry of result.unusedAcceptances) {
    lines.push(`note: ${entry.source} accepts ${entry.rule} on ${entry.operation}, but no finding matched it (shipped already, or a misspelt operation?)`);
  }
  if (result.unusedAcceptances.length > 0) lines.push('');
  lines.push(describeCounts(result.findings));
  return `${lines.join('\n')}\n`;
}

function section(findings: readonly DiffFinding[]): string[] {
  const lines: string[] = [];
  for (const [operation, group] of byOperation(findings)) {
    const id = group[0]?.operationId;
    lines.push(id ? `${operation} (${id})` : operation);
    for (const f of group) {
      const accepted = f.accepted ? ` [accepted: ${f.acceptedReason}]` : '';
      lines.push(`  ${f.severity.padEnd(7)} ${f.rule}  ${formatDiffLocation(f.location)}  ${f.message}${accepted}`);
    }
    lines.push('');
  }
  return lines;
}

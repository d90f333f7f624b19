import type { DiffFinding, DiffResult } from './diff-result';
import { describeCounts, formatDiffLocation } from './format-location';

/** A pull-request comment: a table of breaking findings, then the changelog table. */
export function formatMarkdown(result: DiffResult): string {
  const breaking = result.findings.filter((f) => f.severity !== 'info');
  const changelog = result.findings.filter((f) => f.severity === 'info');
  const lines = [`## API changes: \`${result.base}\` → \`${result.head}\``, '', describeCounts(result.findings), ''];
  lines.push('### Breaking changes', '');
  if (breaking.length === 0) lines.push('None.', '');
  else {
    lines.push('| Operation | Severity | Rule | Change | Location |', '| --- | --- | --- | --- | --- |');
    for (const f of breaking) {
      const severity = f.accepted ? `${f.severity} (accepted: ${cell(f.acceptedReason ?? '')})` : f.severity;
      lines.push(`| \`${cell(f.operation)}\` | ${severity} | \`${f.rule}\` | ${cell(f.message)} | \`${cell(formatDiffLocation(f.location))}\` |`);
    }
    lines.push('');
  }
  if (changelog.length > 0) {
    lines.push('### Changelog', '', '| Operation | Rule | Change | Location |', '| --- | --- | --- | --- |');
    for (const f of changelog) lines.push(row(f));
    lines.push('');
  }
  if (result.unusedAcceptances.length > 0) {
    lines.push('### Unused acceptances', '');
    for (const entry of result.unusedAcceptances) lines.push(`- \`${cell(entry.source)}\`: ${entry.rule} on \`${cell(entry.operation)}\` matched no finding`);
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

function row(f: DiffFinding): string {
  return `| \`${cell(f.operation)}\` | \`${f.rule}\` | ${cell(f.message)} | \`${cell(formatDiffLocation(f.location))}\` |`;
}

/** Table cells may not hold pipes or line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

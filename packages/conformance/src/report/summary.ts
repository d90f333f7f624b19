import type { ConformanceReport } from '../engine/report-types';
import { formatFailure } from './format-failure';

/** The console report: one line per operation, every failure in full, then totals. */
export function formatReport(report: ConformanceReport, replay?: string): string {
  const lines: string[] = [];
  for (const operation of report.operations) {
    const failed = operation.checks.filter((c) => c.status === 'failed');
    const mark = failed.length > 0 ? '✗' : '✓';
    const detail = failed.length > 0 ? `  failed: ${failed.map((c) => c.check).join(', ')}` : '';
    lines.push(`${mark} ${operation.method.toUpperCase()} ${operation.path} (${operation.operationId}): ${operation.requests} requests, ${operation.checks.length} checks${detail}`);
  }
  const warnings = [...(report.warnings ?? []), ...report.operations.flatMap((o) => o.warnings.map((w) => `${o.operationId}: ${w}`))];
  if (warnings.length > 0) lines.push('', `Spec warnings (${warnings.length}):`, ...warnings.map((w) => `  ${w}`));
  const failures = report.operations.flatMap((o) => o.checks.flatMap((c) => c.failures));
  if (failures.length > 0) {
    lines.push('', `Failures (${failures.length}):`);
    failures.forEach((failure, index) => lines.push('', `${index + 1}) ${formatFailure(failure, replay)}`));
  }
  const t = report.totals;
  const discarded = report.operations.reduce((sum, o) => sum + o.discarded, 0);
  lines.push(
    '',
    `${t.operations} operations, ${t.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s (seed ${report.seed}, ${report.cases} cases per phase)`,
    `checks: ${t.checksPassed} passed, ${t.checksFailed} failed, ${t.checksSkipped} skipped${discarded > 0 ? ` · ${discarded} generated cases discarded` : ''}`,
  );
  return lines.join('\n');
}

import type { ConformanceReport } from '../engine/report-types';
import { formatFailure } from './format-failure';

export interface JunitOptions {
  /** The `<testsuites name>`; defaults to the API title. */
  readonly name?: string;
  /** How to replay a failure, appended to each failure's text. */
  readonly replay?: string;
}

/**
 * JUnit XML in the shape CI servers (GitHub, GitLab, Jenkins, Azure) read: one `<testsuite>` per
 * operation, one `<testcase>` per check. Written by hand: it is a dozen elements, and the Jest
 * reporter and the CLI must produce the same file without a Jest dependency in the CLI.
 */
export function toJunitXml(report: ConformanceReport, options: JunitOptions = {}): string {
  const name = options.name ?? report.title;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const seconds = (ms: number): string => (ms / 1000).toFixed(3);
  const tests = report.operations.reduce((sum, o) => sum + o.checks.length, 0);
  out.push(
    `<testsuites name="${xml(name)}" tests="${tests}" failures="${report.totals.checksFailed}" skipped="${report.totals.checksSkipped}" errors="0" time="${seconds(report.durationMs)}">`,
  );
  for (const operation of report.operations) {
    const failed = operation.checks.filter((c) => c.status === 'failed').length;
    const skipped = operation.checks.filter((c) => c.status === 'skipped').length;
    const suite = `${operation.operationId} (${operation.method.toUpperCase()} ${operation.path})`;
    out.push(`  <testsuite name="${xml(suite)}" tests="${operation.checks.length}" failures="${failed}" skipped="${skipped}" errors="0">`);
    for (const check of operation.checks) {
      const open = `    <testcase classname="${xml(`${name}.${operation.operationId}`)}" name="${xml(check.check)}"`;
      if (check.status === 'passed') {
        out.push(`${open}/>`);
      } else if (check.status === 'skipped') {
        out.push(`${open}>`, `      <skipped message="${xml(check.note ?? 'skipped')}"/>`, '    </testcase>');
      } else {
        out.push(`${open}>`);
        for (const failure of check.failures) {
          out.push(`      <failure message="${xml(failure.message)}" type="${xml(check.check)}">${xml(formatFailure(failure, options.replay))}</failure>`);
        }
        out.push('    </testcase>');
      }
    }
    if (operation.warnings.length > 0) out.push(`    <system-out>${xml(operation.warnings.map((w) => `warning: ${w}`).join('\n'))}</system-out>`);
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

/** XML-escapes text, dropping characters XML 1.0 cannot carry at all. */
function xml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

import { failingFindings, type DiffFinding, type DiffResult, type FailOn } from './diff-result';
import { byOperation, formatDiffLocation } from './format-location';

/**
 * JUnit XML for CI test reports: one test case per operation with findings, failing when it has
 * a finding that fails the run (not accepted, at or above `failOn`); the other findings go to
 * its system-out. No findings at all gives one passing case, so the report is never empty.
 */
export function formatJunit(result: DiffResult, failOn: FailOn = 'error'): string {
  const failing = new Set(failingFindings(result, failOn));
  const groups = byOperation(result.findings);
  const cases: string[] = [];
  let failures = 0;
  for (const [operation, findings] of groups) {
    const failed = findings.filter((f) => failing.has(f));
    const rest = findings.filter((f) => !failing.has(f));
    const body: string[] = [];
    if (failed.length > 0) {
      failures++;
      const message = failed.length === 1 ? (failed[0] as DiffFinding).message : `${failed.length} breaking changes`;
      body.push(`      <failure type="${xml((failed[0] as DiffFinding).rule)}" message="${xml(message)}">${xml(failed.map(line).join('\n'))}</failure>`);
    }
    if (rest.length > 0) body.push(`      <system-out>${xml(rest.map(line).join('\n'))}</system-out>`);
    cases.push(`    <testcase classname="specwright.diff" name="${xml(operation)}">\n${body.join('\n')}\n    </testcase>`);
  }
  if (cases.length === 0) cases.push('    <testcase classname="specwright.diff" name="no changes"/>');
  const tests = cases.length;
  const name = xml(`specwright diff ${result.base} → ${result.head}`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="specwright diff" tests="${tests}" failures="${failures}" errors="0">`,
    `  <testsuite name="${name}" tests="${tests}" failures="${failures}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function line(f: DiffFinding): string {
  const accepted = f.accepted ? ` [accepted: ${f.acceptedReason}]` : '';
  return `${f.severity} ${f.rule} ${formatDiffLocation(f.location)} ${f.message}${accepted}`;
}

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // Characters XML 1.0 cannot hold at all (spec text may contain them).
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

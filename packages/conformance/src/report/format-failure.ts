import type { Failure } from '../engine/report-types';

/**
 * A failure as people read it: what broke, the minimal request as a curl line to paste, what
 * came back, and how to replay the run.
 */
export function formatFailure(failure: Failure, replay?: string): string {
  const lines = [`${failure.check} failed for ${failure.operationId} (${failure.phase} phase): ${failure.message}`];
  if (failure.steps && failure.steps.length > 0) {
    lines.push('', 'Steps before it:');
    failure.steps.forEach((step, index) => lines.push(`  ${index + 1}. ${step}`));
  }
  lines.push('', failure.shrinks > 0 ? `Minimal request (shrunk ${failure.shrinks} times):` : 'Request:', `  ${failure.curl}`);
  if (failure.response) {
    lines.push('', `Response: ${failure.response.status}`);
    for (const [name, value] of Object.entries(failure.response.headers).sort(([a], [b]) => a.localeCompare(b))) {
      if (name === 'content-type' || name === 'content-length' || name === 'allow' || name === 'location' || name === 'www-authenticate') {
        lines.push(`  ${name}: ${value}`);
      }
    }
    if (failure.response.body !== '') lines.push(`  ${indent(failure.response.body)}`);
  } else {
    lines.push('', 'No response.');
  }
  lines.push('', `Seed: ${failure.seed}${replay ? `  (replay: ${replay})` : ''}`);
  return lines.join('\n');
}

function indent(text: string): string {
  return text.replace(/\n/g, '\n  ');
}

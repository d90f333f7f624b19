import { stableStringify } from '../contract/canonical-json';
import type { DiffResult, FailOn } from './diff-result';
import { formatJunit } from './format-junit';
import { formatMarkdown } from './format-markdown';
import { formatText } from './format-text';

export const DIFF_FORMATS = ['text', 'json', 'markdown', 'junit'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** Version of the JSON format; changes when a field changes meaning or goes away (new fields do not). */
export const DIFF_JSON_VERSION = 1;

/**
 * A diff result as text, JSON, Markdown or JUnit XML. Same result, same bytes: findings are
 * sorted and nothing depends on the time or the machine. `failOn` only affects JUnit (which
 * findings are failures).
 */
export function formatFindings(result: DiffResult, format: DiffFormat, options: { failOn?: FailOn } = {}): string {
  switch (format) {
    case 'text':
      return formatText(result);
    case 'markdown':
      return formatMarkdown(result);
    case 'junit':
      return formatJunit(result, options.failOn);
    case 'json':
      return `${stableStringify(jsonOf(result))}\n`;
  }
}

/** The documented JSON shape (README, "Breaking changes"): only these fields, whatever else the result carries. */
function jsonOf(result: DiffResult): unknown {
  return {
    version: DIFF_JSON_VERSION,
    base: result.base,
    head: result.head,
    summary: result.summary,
    findings: result.findings,
    unusedAcceptances: result.unusedAcceptances,
  };
}

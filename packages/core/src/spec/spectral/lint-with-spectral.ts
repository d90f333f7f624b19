import { relative } from 'node:path';
import type { ISpectralDiagnostic, Ruleset } from '@stoplight/spectral-core';
import type { LintProblem } from '../lint';
import { toPosix, type RefClosure } from '../ref-closure';
import { spectralCore, spectralParsers } from './spectral-modules';
import { spectralResolver } from './spectral-resolver';

/**
 * Spectral's rule ids get this prefix in lint output: both engines have rules of the same name
 * (`operation-operationId`, `operation-tag-defined`, …), and the prefix says which config file
 * turns a rule off (`.spectral.yaml` rather than `redocly.yaml`).
 */
export const SPECTRAL_RULE_PREFIX = 'spectral/';

/**
 * Lints the spec with a Spectral ruleset. Spectral resolves the `$ref`s itself (through a
 * resolver over core's closure), lints the resolved document, and maps every result back to the
 * file and range that hold it, so problems are reported where Redocly's are: in the file to edit.
 */
export async function lintWithSpectral(
  ruleset: Ruleset,
  closure: RefClosure,
  options: { readonly workspaceRoot: string; readonly allowRemoteRefs?: boolean },
): Promise<LintProblem[]> {
  const { Document, Spectral } = spectralCore();
  const parsers = spectralParsers();
  const root = closure.documents.get(closure.root)!;
  // Parsed by extension, as Spectral parses the files the spec references.
  const document = /\.json$/i.test(closure.root)
    ? new Document(root.text, parsers.Json, closure.root)
    : new Document(root.text, parsers.Yaml, closure.root);
  const spectral = new Spectral({ resolver: spectralResolver(closure, options.workspaceRoot, options.allowRemoteRefs ?? false) });
  spectral.setRuleset(ruleset);
  const results = await spectral.run(document);
  return results.map((result) => toLintProblem(result, root.displayPath, options.workspaceRoot));
}

function toLintProblem(result: ISpectralDiagnostic, rootDisplayPath: string, workspaceRoot: string): LintProblem {
  const source = result.source;
  const file = source === undefined || source === null ? rootDisplayPath : /^https?:/i.test(source) ? source : toPosix(relative(workspaceRoot, source));
  return {
    file,
    line: result.range.start.line + 1,
    column: result.range.start.character + 1,
    rule: `${SPECTRAL_RULE_PREFIX}${String(result.code)}`,
    severity: severityOf(result.severity),
    // One problem per line: some messages (schema errors) carry line breaks.
    message: result.message.replace(/\s*\n\s*/g, ' '),
  };
}

/** Spectral's DiagnosticSeverity: 0 error, 1 warning, 2 information, 3 hint. */
function severityOf(severity: number): LintProblem['severity'] {
  return severity === 0 ? 'error' : severity === 1 ? 'warn' : 'info';
}

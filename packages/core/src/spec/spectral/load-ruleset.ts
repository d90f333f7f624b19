import { existsSync, promises } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import type { Ruleset } from '@stoplight/spectral-core';
import { SpecwrightError } from '../../errors';
import { spectralCore, spectralRulesetTools, type RulesetFetch } from './spectral-modules';

/**
 * Loads a Spectral ruleset the way Spectral's CLI does (its YAML/JSON form is migrated to a
 * module, which Rollup bundles with the custom functions it names), with two differences:
 *
 * - Nothing is fetched. `extends: spectral:oas` (and `@stoplight/spectral-*` imports of custom
 *   functions) resolve to the Spectral packages installed with core, npm package names to the
 *   workspace's node_modules, and an `https://` ruleset or import is refused with a clear
 *   error: a lint must give the same answer offline, and a remote file is no cache input.
 * - Errors are SpecwrightErrors naming the ruleset file.
 *
 * `rulesetPath` is workspace-relative (it is what error messages show).
 */
export async function loadSpectralRuleset(rulesetPath: string, workspaceRoot: string): Promise<Ruleset> {
  const file = resolve(workspaceRoot, rulesetPath);
  if (!existsSync(file)) {
    throw new SpecwrightError('LINT_CONFIG', 'Spectral ruleset not found', {
      location: { file: rulesetPath },
      fix: 'Point the spectral option at an existing ruleset (.spectral.yaml), or remove the option to look for one beside the spec and at the workspace root.',
    });
  }
  const refused: string[] = [];
  const fetch: RulesetFetch = (url) => {
    refused.push(url);
    return Promise.reject(new Error(`Remote ruleset refused: ${url}`));
  };
  let ruleset: Ruleset;
  try {
    ruleset = new (spectralCore().Ruleset)(evaluate(await bundle(file, fetch), file), { severity: 'recommended', source: file });
  } catch (cause) {
    if (refused.length > 0) throw remoteRulesetError(rulesetPath, refused, cause);
    throw new SpecwrightError('LINT_CONFIG', `Invalid Spectral ruleset: ${messageOf(cause)}`, {
      location: { file: rulesetPath },
      fix: 'See https://docs.stoplight.io/docs/spectral/ for the ruleset format. A custom function must be listed under functions: and be a file <name>.js in functionsDir (default: functions/ beside the ruleset); extended rulesets resolve relative to the ruleset file.',
      cause,
    });
  }
  // The migrator swallows a failed fetch when it only sniffs a URL's content type.
  if (refused.length > 0) throw remoteRulesetError(rulesetPath, refused);
  return ruleset;
}

/** The ruleset as one CommonJS module: a YAML/JSON ruleset migrated first, as Spectral's CLI does. */
async function bundle(file: string, fetch: RulesetFetch): Promise<string> {
  const tools = spectralRulesetTools();
  const fs = { promises };
  const io = { fs, fetch };
  const plugins = [tools.builtins(), tools.url(io), tools.commonjs()];
  if (!/\.(json|ya?ml)$/i.test(file)) return tools.bundleRuleset(file, { target: 'node', format: 'commonjs', plugins });
  const migrated = await tools.migrateRuleset(file, { format: 'esm', fs, fetch });
  // The migrated module takes a name beside the ruleset, so relative imports resolve from there.
  const entry = join(dirname(file), `${basename(file)}.js`);
  return tools.bundleRuleset(entry, { target: 'node', format: 'commonjs', plugins: [tools.stdin(migrated, entry), ...plugins] });
}

/**
 * Runs the bundled ruleset module, as Spectral's loader does. It is the workspace's own code
 * (its custom functions), trusted as the workspace's build scripts are. Packages it requires
 * resolve from the ruleset's folder, then from core's (the Spectral packages).
 */
function evaluate(code: string, file: string): unknown {
  const requireFrom = createRequire(file);
  const paths = [dirname(file), __dirname];
  const module: { exports?: unknown } = {};
  new Function('module', 'require', code)(module, (id: string) => requireFrom(requireFrom.resolve(id, { paths })));
  if (typeof module.exports !== 'object' || module.exports === null) throw new Error('the ruleset exports no ruleset');
  return module.exports;
}

function remoteRulesetError(rulesetPath: string, urls: readonly string[], cause?: unknown): SpecwrightError {
  const list = [...new Set(urls)].sort().join(', ');
  return new SpecwrightError('LINT_CONFIG', `Spectral ruleset ${rulesetPath} extends or imports a remote file (${list}): rulesets are loaded offline`, {
    location: { file: rulesetPath },
    fix: 'Download the file into the workspace and extend it by relative path (extends: ./rules/name.yaml), or install it as an npm package and extend the package name; spectral:oas needs no download.',
    cause,
  });
}

/** The error's message; Spectral reports every invalid rule at once, each with its path in the ruleset. */
function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const inner = (error as Error & { errors?: unknown }).errors;
  if (!Array.isArray(inner) || inner.length === 0) return error.message;
  return inner
    .map((e: unknown) => {
      const path = (e as { path?: unknown }).path;
      const at = Array.isArray(path) && path.length > 0 ? `/${path.join('/')}: ` : '';
      return `${at}${e instanceof Error ? e.message : String(e)}`;
    })
    .join('; ');
}

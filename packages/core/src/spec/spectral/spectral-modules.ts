/**
 * Spectral's packages, loaded on first use: together they take most of a second to load, and
 * a lint without a Spectral ruleset must not pay for them (nor must generate or the Nx graph).
 * Every `require` of a `@stoplight/*` package in core goes through this file.
 *
 * The ruleset bundler and migrator are typed here by hand, with only what load-ruleset.ts
 * uses: their own declarations pull the DOM lib into the program (`/// <reference lib="dom" />`),
 * which would give all of core browser globals.
 */

export type SpectralCore = typeof import('@stoplight/spectral-core');
export type SpectralParsers = typeof import('@stoplight/spectral-parsers');
export type SpectralRefResolver = typeof import('@stoplight/spectral-ref-resolver');

/** What the migrator and the bundler's url plugin call to read a URL. */
export type RulesetFetch = (url: string) => Promise<{ ok: boolean; statusText: string; text(): Promise<string>; headers: { get(name: string): string | null } }>;

/** The subset of `fs` the migrator reads rulesets with. */
export interface RulesetFs {
  readonly promises: { readFile(path: string, encoding: 'utf8'): Promise<string> };
}

/** A Rollup plugin, opaque to us: we only pass the bundler's own plugins back to it. */
export type RollupPlugin = object & { readonly name: string };

export interface SpectralRulesetTools {
  /** YAML/JSON ruleset (with `extends`, `functions`, `functionsDir`) → an ES module's source. */
  migrateRuleset(filepath: string, options: { format: 'esm'; fs: RulesetFs; fetch: RulesetFetch }): Promise<string>;
  /** Rollup over a ruleset module: its functions are bundled in, packages left as `require`s. */
  bundleRuleset(input: string, options: { target: 'node'; format: 'commonjs'; plugins: RollupPlugin[] }): Promise<string>;
  /** Serves the `@stoplight/spectral-*` imports of a ruleset from the packages loaded here. */
  builtins(): RollupPlugin;
  /** Rollup's CommonJS plugin: custom functions may be written with `module.exports`. */
  commonjs(): RollupPlugin;
  /** Serves one in-memory module (the migrated ruleset) under a file name. */
  stdin(source: string, name: string): RollupPlugin;
  /** Resolves and loads `https://` imports through `fetch` (ours refuses them). */
  url(io: { fs: RulesetFs; fetch: RulesetFetch }): RollupPlugin;
}

export function spectralCore(): SpectralCore {
  return require('@stoplight/spectral-core') as SpectralCore;
}

export function spectralParsers(): SpectralParsers {
  return require('@stoplight/spectral-parsers') as SpectralParsers;
}

export function spectralRefResolver(): SpectralRefResolver {
  return require('@stoplight/spectral-ref-resolver') as SpectralRefResolver;
}

export function spectralRulesetTools(): SpectralRulesetTools {
  const { migrateRuleset } = require('@stoplight/spectral-ruleset-migrator') as Pick<SpectralRulesetTools, 'migrateRuleset'>;
  const { bundleRuleset } = require('@stoplight/spectral-ruleset-bundler') as Pick<SpectralRulesetTools, 'bundleRuleset'>;
  const { builtins } = require('@stoplight/spectral-ruleset-bundler/plugins/builtins') as Pick<SpectralRulesetTools, 'builtins'>;
  const { commonjs } = require('@stoplight/spectral-ruleset-bundler/plugins/commonjs') as Pick<SpectralRulesetTools, 'commonjs'>;
  const { stdin } = require('@stoplight/spectral-ruleset-bundler/plugins/stdin') as Pick<SpectralRulesetTools, 'stdin'>;
  const { url } = require('@stoplight/spectral-ruleset-bundler/plugins/url') as Pick<SpectralRulesetTools, 'url'>;
  return { migrateRuleset, bundleRuleset, builtins, commonjs, stdin, url };
}

import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { formatError, SpecwrightError } from '@specwright/core/graph';
import type { SpecwrightProjectConfig } from './options';
import { validateConformanceSettings } from './conformance-settings';
import { validateGenerationSettings } from './generation-settings';

export const PROJECT_CONFIG_FILE = 'specwright.json';
export const DEFAULT_SPEC_FILE = 'openapi.yaml';

export interface SpecProject {
  /** Workspace-relative project root. */
  readonly root: string;
  /** Workspace-relative root spec file. */
  readonly specFile: string;
  /** The file that made this a spec project (openapi.* or specwright.json). */
  readonly configFile: string;
  readonly config: SpecwrightProjectConfig;
}

/**
 * Decides whether a matched file makes a spec project, and which spec it uses. A project is
 * a folder with project.json or package.json (Nx's own rule for inferred targets) that holds an
 * `openapi.{yaml,yml,json}` or a `specwright.json` naming a spec elsewhere. When both are
 * present, specwright.json decides and the spec file adds nothing.
 */
export function readSpecProject(workspaceRoot: string, matchedFile: string): SpecProject | undefined {
  const root = posix.dirname(matchedFile);
  const abs = (p: string): string => join(workspaceRoot, p);
  if (!existsSync(abs(posix.join(root, 'project.json'))) && !existsSync(abs(posix.join(root, 'package.json')))) return undefined;
  const isConfig = posix.basename(matchedFile) === PROJECT_CONFIG_FILE;
  const configPath = posix.join(root, PROJECT_CONFIG_FILE);
  if (!isConfig && existsSync(abs(configPath))) return undefined;
  let config: SpecwrightProjectConfig = {};
  if (isConfig) {
    config = parseProjectConfig(readFileSync(abs(matchedFile), 'utf8'), matchedFile);
  }
  const specFile = isConfig
    ? posix.normalize(posix.join(root, config.spec ?? DEFAULT_SPEC_FILE))
    : matchedFile;
  return { root: root === '.' ? '.' : root, specFile, configFile: matchedFile, config };
}

/**
 * A broken specwright.json fails graph construction for that file, like a broken project.json
 * does: guessing defaults would infer the wrong targets (a client library would get `serve`).
 */
function parseProjectConfig(text: string, file: string): SpecwrightProjectConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new Error(formatError(new SpecwrightError('PARSE_ERROR', `Invalid JSON: ${(cause as Error).message}`, { location: { file }, fix: 'Fix the JSON syntax of specwright.json.' })));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(formatError(new SpecwrightError('INVALID_OPTION', 'specwright.json must hold a JSON object', { location: { file }, fix: 'Write e.g. { "spec": "../../specs/orders.yaml" }.' })));
  }
  const config = value as SpecwrightProjectConfig;
  if (config.spec !== undefined && typeof config.spec !== 'string') {
    throw new Error(formatError(new SpecwrightError('INVALID_OPTION', '"spec" must be a path relative to the project', { location: { file, pointer: '/spec' }, fix: 'Write e.g. "spec": "openapi.yaml".' })));
  }
  if (config.conformance !== undefined) validateConformanceSettings(config.conformance, file, '/conformance');
  validateGenerationSettings(value as Record<string, unknown>, file, (key) => `/${key}`);
  return config;
}

export function isInsideRoot(root: string, file: string): boolean {
  return root === '.' || file === root || file.startsWith(root + '/');
}


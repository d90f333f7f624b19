import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { SpecwrightProjectConfig } from './options';

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
    try {
      config = JSON.parse(readFileSync(abs(matchedFile), 'utf8')) as SpecwrightProjectConfig;
    } catch {
      config = {};
    }
  }
  const specFile = isConfig
    ? posix.normalize(posix.join(root, config.spec ?? DEFAULT_SPEC_FILE))
    : matchedFile;
  return { root: root === '.' ? '.' : root, specFile, configFile: matchedFile, config };
}

export function isInsideRoot(root: string, file: string): boolean {
  return root === '.' || file === root || file.startsWith(root + '/');
}


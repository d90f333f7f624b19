import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ToolInputs } from './targets';

/** What generates: every target's cache key includes them. */
const TOOL_PACKAGES = ['@specwright/core', '@specwright/nx'];
/**
 * What runs the conformance suite besides: the runtime the generated app is built on, the engine,
 * and Jest. Users install them (init adds them), so they may be missing; a missing one is left
 * out, because Nx refuses to hash an external dependency it cannot find, and the executor's own
 * message (which names the install command) is the better error.
 */
const CONFORMANCE_PACKAGES = ['@specwright/runtime', '@specwright/conformance', 'jest'];

/**
 * What makes a new Specwright version invalidate cached results. In a user's workspace the
 * packages are installed, so they are `externalDependencies` (hashed by version from the lock
 * file, with their own dependencies). In a workspace that develops Specwright itself they are
 * workspace projects, which Nx refuses as external dependencies; there their source files are
 * the input instead.
 */
export function toolInputs(workspaceRoot: string): ToolInputs {
  return inputsFor(TOOL_PACKAGES, [], workspaceRoot);
}

/** The tool inputs of the conformance target: the generate tools, the runtime, the engine and Jest. */
export function conformanceToolInputs(workspaceRoot: string): ToolInputs {
  return inputsFor(TOOL_PACKAGES, CONFORMANCE_PACKAGES, workspaceRoot);
}

function inputsFor(required: readonly string[], optional: readonly string[], workspaceRoot: string): ToolInputs {
  const names = [...required, ...optional];
  const local = names.filter((name) => isWorkspaceSource(name, workspaceRoot));
  const external = names.filter((name) => !local.includes(name) && (required.includes(name) || isInstalled(name, workspaceRoot)));
  return [
    ...(local.length > 0 ? [{ input: 'default', projects: local }] : []),
    ...(external.length > 0 ? [{ externalDependencies: external }] : []),
  ];
}

function manifestDirectory(name: string, workspaceRoot: string): string | undefined {
  try {
    return realpathSync(dirname(require.resolve(`${name}/package.json`, { paths: [workspaceRoot] })));
  } catch {
    return undefined;
  }
}

function isInstalled(name: string, workspaceRoot: string): boolean {
  return manifestDirectory(name, workspaceRoot) !== undefined;
}

function isWorkspaceSource(name: string, workspaceRoot: string): boolean {
  const real = manifestDirectory(name, workspaceRoot);
  return real !== undefined && !real.split(/[\\/]/).includes('node_modules') && real.startsWith(realpathSync(workspaceRoot));
}

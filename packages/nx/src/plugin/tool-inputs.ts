import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ToolInputs } from './targets';

const TOOL_PACKAGES = ['@specwright/core', '@specwright/nx'];

/**
 * What makes a new Specwright version invalidate cached results. In a user's workspace the
 * packages are installed, so they are `externalDependencies` (hashed by version from the lock
 * file). In a workspace that develops Specwright itself they are workspace projects, which Nx
 * refuses as external dependencies; there their source files are the input instead.
 */
export function toolInputs(workspaceRoot: string): ToolInputs {
  const local = TOOL_PACKAGES.filter((name) => isWorkspaceSource(name, workspaceRoot));
  if (local.length === 0) return [{ externalDependencies: TOOL_PACKAGES }];
  const external = TOOL_PACKAGES.filter((name) => !local.includes(name));
  return [
    { input: 'default', projects: local },
    ...(external.length > 0 ? [{ externalDependencies: external }] : []),
  ];
}

function isWorkspaceSource(name: string, workspaceRoot: string): boolean {
  try {
    const manifest = require.resolve(`${name}/package.json`, { paths: [workspaceRoot] });
    const real = realpathSync(dirname(manifest));
    return !real.split(/[\\/]/).includes('node_modules') && real.startsWith(realpathSync(workspaceRoot));
  } catch {
    return false;
  }
}

/**
 * Import this first in every test that loads Nx, so that no test writes into this repository's .nx/
 * or ~/.nx (where Nx probes a shared data dir when first loaded), and before anything else in a
 * test that calls createNodes/createDependencies.
 *
 * What calling the plugin outside the nx CLI needs:
 * - The closure cache is a devkit PluginCache at `workspaceDataDirectory`, a module-level constant
 *   that Nx computes once, when first loaded, for the workspace around the process's cwd (here:
 *   this repository), not for the workspaceRoot passed to createNodes. NX_WORKSPACE_DATA_DIRECTORY
 *   (and NX_CACHE_DIRECTORY) must point into a temp dir before Nx loads, or the tests would write
 *   into this repository's .nx/ folder (and Nx may set up a shared data dir under ~/.nx).
 * - hashWithWorkspaceContext, which the cache uses to check a closure, asks the Nx daemon when
 *   one is enabled; NX_DAEMON=false keeps it in-process: a native WorkspaceContext created on
 *   first use for that workspaceRoot (nothing else needs setting up).
 * - That native context keeps a file-hash cache (nx_files.nxt) in
 *   workspaceDataDirectoryForWorkspace(root), which reads NX_WORKSPACE_DATA_DIRECTORY at call
 *   time. The cache is keyed by workspace-relative path, so temp workspaces sharing one data dir
 *   see each other's stale hashes. Once the constant above is frozen, the variable is removed, so
 *   each temp workspace gets its own `<root>/.nx/workspace-data` as it would in real use.
 * - The in-process index is built once per root and not refreshed by itself: a test that edits
 *   files must tell it (updateFilesInContext, as the daemon's watcher does, or
 *   resetWorkspaceContext, as a new nx process would start afresh).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NX_DATA_ROOT = mkdtempSync(join(tmpdir(), 'specwright-nx-data-'));
/** Where the plugin's closure cache lives in these tests. */
export const PLUGIN_DATA_DIRECTORY = join(NX_DATA_ROOT, 'workspace-data');

process.env['NX_WORKSPACE_DATA_DIRECTORY'] = PLUGIN_DATA_DIRECTORY;
process.env['NX_CACHE_DIRECTORY'] = join(NX_DATA_ROOT, 'cache');
process.env['NX_DAEMON'] = 'false';
const frozen = (require('nx/src/utils/cache-directory') as { workspaceDataDirectory: string }).workspaceDataDirectory;
if (frozen !== PLUGIN_DATA_DIRECTORY) throw new Error(`Nx was loaded before nx-env: its workspace data directory is ${frozen}`);
delete process.env['NX_WORKSPACE_DATA_DIRECTORY'];

afterAll(() => rmSync(NX_DATA_ROOT, { recursive: true, force: true }));

/**
 * Specwright as a user meets it: a fresh Nx 23.2.1 workspace in the OS temp dir,
 * `nx add @specwright/nx` from a local registry serving the packed packages, then every step
 * of the README with the real nx CLI. The steps share the workspace and run in order; each
 * file under steps/ is one of them.
 */
import { stopAllContinuousTasks } from './support/server';
import { createWorkspace, disposeWorkspace, type Workspace } from './support/workspace';
import { installSteps } from './steps/01-install';
import { generatorSteps } from './steps/02-generators';
import { projectConfigSteps } from './steps/03-project-config';
import { specLintSteps } from './steps/04-spec-lint';
import { generateSteps } from './steps/05-generate';
import { cachingSteps } from './steps/06-caching';
import { handOwnedSteps } from './steps/07-hand-owned';
import { serveSteps } from './steps/08-serve';
import { errorSteps } from './steps/09-errors';
import { sharedCacheSteps } from './steps/10-shared-cache';
import { clientLibrarySteps } from './steps/11-client-library';
import { conformanceSteps } from './steps/12-conformance';
import { lockCacheSteps } from './steps/13-lock-cache';
import { affectedSharedSchemaSteps } from './steps/14-affected-shared-schema';

// Each nx invocation starts processes and builds a project graph; a cold install downloads nx.
jest.setTimeout(180_000);

let workspace: Workspace | undefined;
const ws = (): Workspace => {
  if (!workspace) throw new Error('The e2e workspace was not created (see the beforeAll error).');
  return workspace;
};

beforeAll(async () => {
  workspace = await createWorkspace();
}, 900_000);

afterAll(async () => {
  await stopAllContinuousTasks();
  await disposeWorkspace(workspace);
}, 60_000);

describe('@specwright/nx in a fresh Nx workspace', () => {
  installSteps(ws);
  generatorSteps(ws);
  projectConfigSteps(ws);
  specLintSteps(ws);
  generateSteps(ws);
  cachingSteps(ws);
  handOwnedSteps(ws);
  serveSteps(ws);
  errorSteps(ws);
  sharedCacheSteps(ws);
  clientLibrarySteps(ws);
  conformanceSteps(ws);
  lockCacheSteps(ws);
  affectedSharedSchemaSteps(ws);
});

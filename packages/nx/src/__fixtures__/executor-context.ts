import type { ExecutorContext } from '@nx/devkit';

/** What Nx passes an executor, for a project in a workspace at `root`. */
export function executorContext(root: string, projectName: string, targetName: string, isVerbose = false): ExecutorContext {
  return {
    root,
    cwd: root,
    projectName,
    targetName,
    isVerbose,
    projectsConfigurations: { version: 2, projects: {} },
    nxJsonConfiguration: {},
    projectGraph: { nodes: {}, dependencies: {} },
  };
}

/** Everything a console method was called with, one string per call. */
export function calls(spy: jest.SpyInstance): string[] {
  return spy.mock.calls.map((args: unknown[]) => args.map(String).join(' '));
}

/** A V8 stack frame line, which users should not see without --verbose. */
export const STACK_FRAME = /^\s+at .+[(:]\d+/m;

import { posix } from 'node:path';
import type { TargetConfiguration } from '@nx/devkit';
import { CONFORMANCE_JUNIT, type ConformanceSettings, type NormalizedOptions } from './options';
import { mergeConformanceSettings } from './conformance-settings';
import { isInsideRoot, type SpecProject } from './project-config';
import type { SpecClosure } from './closure-cache';
import { escapeGlob } from '../utils/glob';
import { withoutUndefined } from '../utils/without-undefined';
import { projectLockDir } from './generation-settings';
import { spectralInputs } from './spectral-inputs';

type Input = NonNullable<TargetConfiguration['inputs']>[number];

/** How the Specwright packages themselves enter the cache key of every target. */
export type ToolInputs = Input[];

/**
 * The inferred targets of one spec project. Everything here is workspace-relative and free of
 * environment values and timestamps, so the same workspace yields the same task hashes on every
 * machine (the condition for remote cache hits).
 */
export function buildTargets(
  project: SpecProject,
  closure: SpecClosure,
  options: NormalizedOptions,
  toolInputs: ToolInputs,
  conformanceToolInputs: ToolInputs = toolInputs,
): Record<string, TargetConfiguration> {
  const settings = { ...options, ...withoutUndefined(project.config) };
  const conformance = mergeConformanceSettings(options.conformance, project.config.conformance);
  const root = project.root;
  const inProject = (path: string): string => (root === '.' ? path : posix.join(root, path));
  const asInput = (file: string): string =>
    isInsideRoot(root, file) ? `{projectRoot}/${escapeGlob(root === '.' ? file : file.slice(root.length + 1))}` : `{workspaceRoot}/${escapeGlob(file)}`;

  const specInputs = [...closure.files].sort().map(asInput);
  if (project.configFile !== project.specFile) specInputs.push(asInput(project.configFile));
  const outDir = inProject(settings.outDir);
  const emitsServer = settings.emit.includes('server');
  const handlersDir = inProject(settings.handlersDir);
  const handlersInput = `{projectRoot}/${settings.handlersDir}/**/*`;
  // The project's services module beside the handlers folder (src/context.ts): when it exists,
  // the handler types and the app factory are typed and built from it.
  const contextDir = posix.dirname(settings.handlersDir);
  const contextInput = `{projectRoot}/${contextDir === '.' ? '' : `${escapeGlob(contextDir)}/`}context.ts`;
  // The generation lock (workspace-relative), only where handlers are bound.
  const lockDir = emitsServer ? inProject(projectLockDir(settings.lockDir, root === '.' ? project.specFile : posix.relative(root, project.specFile))) : undefined;
  const inputOrOutputOf = (dir: string): { input: string; output: string } =>
    isInsideRoot(root, dir) && dir !== root
      ? { input: `{projectRoot}/${escapeGlob(root === '.' ? dir : dir.slice(root.length + 1))}/**/*`, output: `{projectRoot}/${root === '.' ? dir : dir.slice(root.length + 1)}` }
      : { input: `{workspaceRoot}/${escapeGlob(dir)}/**/*`, output: `{workspaceRoot}/${dir}` };
  const lock = lockDir === undefined ? undefined : inputOrOutputOf(lockDir);
  const closureNote = closure.error
    ? ` (the spec could not be read while building the graph: ${closure.error.split('\n')[0]})`
    : closure.untracked && closure.untracked.length > 0
      ? ` (warning: Nx does not track ${closure.untracked.join(', ')} — gitignored? — so edits to it do not invalidate the cache)`
      : '';
  const fileCount = `${closure.files.length} spec file${closure.files.length === 1 ? '' : 's'}`;

  const lintInputs: Input[] = [...specInputs];
  if (settings.lintConfig) lintInputs.push(`{workspaceRoot}/${escapeGlob(settings.lintConfig)}`);
  lintInputs.push(...spectralInputs(root));
  const targets: Record<string, TargetConfiguration> = {
    [options.lintTargetName]: {
      executor: '@specwright/nx:lint',
      cache: true,
      inputs: [...lintInputs, ...toolInputs],
      outputs: [],
      options: {
        spec: project.specFile,
        ruleset: settings.ruleset,
        ...(settings.lintConfig ? { lintConfig: settings.lintConfig } : {}),
        allowRemoteRefs: settings.allowRemoteRefs,
      },
      metadata: {
        description: `Lint ${project.specFile} and every file it $refs (${fileCount}) with Redocly (${settings.lintConfig ?? `${settings.ruleset} ruleset`}), and with Spectral when the project or the workspace root has a .spectral.yaml${closureNote}`,
        technologies: ['openapi'],
        help: { command: 'npx specwright --help', example: { options: { ruleset: 'recommended' } } },
      },
    },
    [options.generateTargetName]: {
      executor: '@specwright/nx:generate',
      cache: true,
      // Hand-owned handlers and the lock only matter when a server binds handlers. The lock is an
      // input (its pins decide the handlers) and an output: a run that pins new entries changes
      // it, and a cache hit, here or on a teammate's machine, must restore those entries with the
      // code they explain, so the model work is paid for once and no workspace holds generated
      // code its lock does not explain.
      inputs: [...specInputs, ...(emitsServer ? [handlersInput, contextInput] : []), ...(lock ? [lock.input] : []), ...toolInputs],
      outputs: [`{projectRoot}/${settings.outDir}`, ...(lock ? [lock.output] : [])],
      dependsOn: settings.lintBeforeGenerate ? [options.lintTargetName] : [],
      options: {
        spec: project.specFile,
        outDir,
        handlersDir,
        emit: settings.emit,
        allowRemoteRefs: settings.allowRemoteRefs,
        // The provider settings reach the cache key as options (never as env inputs); the API key
        // is no option: core reads it from the environment when it calls the model.
        ...(lockDir === undefined
          ? {}
          : {
              provider: settings.provider,
              ...(settings.model === undefined ? {} : { model: settings.model }),
              concurrency: settings.concurrency,
              maxAttempts: settings.maxAttempts,
              allowImports: settings.allowImports,
              lockDir,
            }),
      },
      metadata: {
        description: `Generate ${settings.emit.join(', ')} into ${outDir} from ${project.specFile} (${fileCount})${
          lockDir === undefined ? '' : `; hand-owned handlers in ${handlersDir} win, the others come from ${describeProvider(settings)}, pinned in ${lockDir} (an input and an output: a cache hit restores new pins with the code)`
        }${closureNote}. build, typecheck and test run it first (nx.json targetDefaults written by nx add @specwright/nx)`,
        technologies: ['openapi'],
        help: { command: 'npx specwright --help', example: { options: lockDir === undefined ? { emit: ['types', 'client'] } : { frozen: true } } },
      },
    },
  };
  if (emitsServer) {
    targets[options.serveTargetName] = {
      executor: '@specwright/nx:serve',
      continuous: true,
      dependsOn: [options.generateTargetName],
      options: { outDir, port: settings.port, host: '127.0.0.1' },
      metadata: {
        description: `Serve the generated API (${outDir}/app.ts) with @hono/node-server on 127.0.0.1, port ${settings.port} (--port), validating requests against the spec`,
        technologies: ['openapi'],
      },
    };
    if (conformance !== false) {
      targets[options.conformanceTargetName] = {
        executor: '@specwright/nx:conformance',
        cache: true,
        // The app under test is more than the spec and the handlers: handlers import the
        // project's other code and its libraries, so all of the project's files (`default`) and
        // its dependencies' (`^default`, graph edges from imports) are inputs, like any test
        // target's. The generated suite, app and bundled spec are generate's outputs; hashing
        // them also covers what the plugin version changed. Spec files outside the project are
        // named one by one.
        inputs: ['default', '^default', ...specInputs, { dependentTasksOutputFiles: '**/*' }, ...conformanceToolInputs],
        // Outputs are workspace-relative; `{workspaceRoot}/{options.junit}` would be refused as a glob from the root.
        outputs: ['{options.junit}'],
        dependsOn: [options.generateTargetName],
        options: { outDir, junit: CONFORMANCE_JUNIT, ...conformance },
        metadata: {
          description: `Contract-test the generated app in-process against ${project.specFile} (${outDir}/conformance.suite.ts under Jest: every operation × check, Schemathesis-style${describeSettings(conformance)}); JUnit XML to the junit option (reports/conformance/<project>.xml)`,
          technologies: ['openapi'],
          help: { command: 'npx specwright-conformance --help', example: { options: { seed: 7, cases: 100 } } },
        },
      };
    }
  }
  return targets;
}

function describeProvider(settings: { provider: string; model?: string }): string {
  return settings.provider === 'offline' ? 'the offline provider (deterministic, no model)' : `${settings.provider} (model ${settings.model ?? 'unset'})`;
}

function describeSettings(settings: ConformanceSettings): string {
  const parts: string[] = [];
  if (settings.seed !== undefined) parts.push(`seed ${settings.seed}`);
  if (settings.cases !== undefined) parts.push(`${settings.cases} cases per phase`);
  if (settings.phases) parts.push(`phases ${settings.phases.join(', ')}`);
  const off = Object.entries(settings.checks ?? {}).filter(([, on]) => !on).map(([check]) => check);
  if (off.length > 0) parts.push(`off: ${off.join(', ')}`);
  if (settings.include) parts.push(`only ${settings.include.join(', ')}`);
  const skipped = Object.entries(settings.operations ?? {}).filter(([, o]) => o.skip).map(([id]) => id);
  if (skipped.length > 0) parts.push(`skipped: ${skipped.join(', ')}`);
  return parts.length > 0 ? `; ${parts.join('; ')}` : '';
}


import type { ExecutorContext } from '@nx/devkit';
import {
  createProgressPrinter,
  describeHandlers,
  formatError,
  formatGenerateSummary,
  generateToDisk,
  resolveProvider,
  type EmitKind,
  type ProgressStream,
  type ProviderId,
} from '@specwright/core';
import { lazyOperationConformanceCheck } from './conformance-check';

export interface GenerateExecutorOptions {
  spec: string;
  outDir: string;
  handlersDir?: string;
  emit?: EmitKind[];
  allowRemoteRefs?: boolean;
  /** Who implements operations without a hand-owned handler (default offline). */
  provider?: ProviderId;
  /** Pinned model id (required for anthropic). */
  model?: string;
  concurrency?: number;
  maxAttempts?: number;
  allowImports?: string[];
  /** The generation lock folder, workspace-relative (default: specwright.lock beside the spec). */
  lockDir?: string;
  /** CI: never call a provider; fail listing every operation whose pin is missing or stale. */
  frozen?: boolean;
  /** Send the operations that need the model as one Message Batch (half price; resumable). */
  batch?: boolean;
}

/**
 * `nx run <project>:generate`: core's generate with the provider the options name, progress
 * while it works, a summary, and errors without stacks (with them under --verbose). The API key
 * is no option: core reads it from the environment when it calls the model.
 */
export default async function generateExecutor(
  options: GenerateExecutorOptions,
  context: ExecutorContext,
  output: ProgressStream = process.stdout,
): Promise<{ success: boolean }> {
  const started = Date.now();
  let progress: ReturnType<typeof createProgressPrinter> | undefined;
  try {
    const provider = resolveProvider({ provider: options.provider, model: options.model, allowImports: options.allowImports });
    // The same progress lines as the CLI's: a live line on a terminal, plain lines in CI.
    progress = createProgressPrinter(output, {
      quiet: provider.id === 'offline',
      estimateCost: provider.estimateCost ? (usage) => provider.estimateCost?.(usage, { batch: options.batch ?? false }) : undefined,
    });
    const result = await generateToDisk({
      spec: options.spec,
      workspaceRoot: context.root,
      outDir: options.outDir,
      // The output may not be the project's root or contain it (outDir "." in specwright.json).
      projectRoot: context.projectName ? context.projectsConfigurations?.projects?.[context.projectName]?.root : undefined,
      handlersDir: options.handlersDir,
      emit: options.emit,
      allowRemoteRefs: options.allowRemoteRefs,
      provider,
      lockDir: options.lockDir,
      frozen: options.frozen,
      concurrency: options.concurrency,
      maxAttempts: options.maxAttempts,
      batch: options.batch,
      allowImports: options.allowImports,
      conformanceCheck: lazyOperationConformanceCheck(),
      onProgress: progress.onProgress,
    });
    progress.finish();
    const s = result.summary;
    for (const warning of result.warnings) console.warn(`warning: ${warning}`);
    for (const line of formatGenerateSummary(result)) console.log(line);
    console.log(`Specwright: ${s.operations} operation(s) from ${result.source.files.length} spec file(s): ${describeHandlers(s)}.`);
    console.log(`Wrote ${s.files} files to ${options.outDir} in ${Date.now() - started} ms.`);
    return { success: true };
  } catch (error) {
    // Each operation's outcome was printed as it happened; the error lists the failures and why.
    progress?.finish();
    console.error(formatError(error, { verbose: context.isVerbose }));
    return { success: false };
  }
}

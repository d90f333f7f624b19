import type { ExecutorContext } from '@nx/devkit';
import { describeHandlers, formatError, generateToDisk, type EmitKind } from '@specwright/core';

export interface GenerateExecutorOptions {
  spec: string;
  outDir: string;
  handlersDir?: string;
  emit?: EmitKind[];
  allowRemoteRefs?: boolean;
}

/** `nx run <project>:generate`: core's generate, with a summary and errors without stacks. */
export default async function generateExecutor(options: GenerateExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const started = Date.now();
  try {
    const result = await generateToDisk({
      spec: options.spec,
      workspaceRoot: context.root,
      outDir: options.outDir,
      // The output may not be the project's root or contain it (outDir "." in specwright.json).
      projectRoot: context.projectName ? context.projectsConfigurations?.projects?.[context.projectName]?.root : undefined,
      handlersDir: options.handlersDir,
      emit: options.emit,
      allowRemoteRefs: options.allowRemoteRefs,
    });
    const s = result.summary;
    for (const warning of result.warnings) console.warn(`warning: ${warning}`);
    console.log(
      `Specwright: ${s.operations} operation(s) from ${result.source.files.length} spec file(s): ` +
        `${describeHandlers(s)}.`,
    );
    console.log(`Wrote ${s.files} files to ${options.outDir} in ${Date.now() - started} ms.`);
    return { success: true };
  } catch (error) {
    console.error(formatError(error, { verbose: context.isVerbose }));
    return { success: false };
  }
}

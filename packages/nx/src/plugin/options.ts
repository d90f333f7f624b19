/** Options of the plugin entry in nx.json (`{ "plugin": "@specwright/nx", "options": { … } }`). */
export interface SpecwrightPluginOptions {
  /** Target names, for workspaces that already use these names. */
  lintTargetName?: string;
  generateTargetName?: string;
  serveTargetName?: string;
  /** Output directory, relative to the project root. Default `src/generated`. */
  outDir?: string;
  /** Hand-owned handlers, relative to the project root. Default `src/handlers`. */
  handlersDir?: string;
  /** Redocly ruleset for spec-lint. Default `minimal`. */
  ruleset?: string;
  /** Workspace-relative path of a redocly.yaml used instead of the ruleset. */
  lintConfig?: string;
  allowRemoteRefs?: boolean;
  /** What generate emits. Default all: types, client, server. */
  emit?: Array<'types' | 'client' | 'server'>;
  /** Run spec-lint before generate (default true): a spec with lint errors is not generated from. */
  lintBeforeGenerate?: boolean;
  /** Port of the serve target. Default 3000. */
  port?: number;
}

/**
 * Per-project settings in `specwright.json` beside a project's package.json/project.json. They
 * override the plugin options, and `spec` may point outside the project (a spec adopted in
 * place, or a client library generated from another project's spec).
 */
export interface SpecwrightProjectConfig extends Omit<SpecwrightPluginOptions, 'lintTargetName' | 'generateTargetName' | 'serveTargetName'> {
  /** Path of the root spec, relative to the project root. Default `openapi.yaml`. */
  spec?: string;
}

export type NormalizedOptions = Required<Omit<SpecwrightPluginOptions, 'lintConfig'>> & { lintConfig?: string };

export function normalizeOptions(options: SpecwrightPluginOptions | undefined): NormalizedOptions {
  return {
    lintTargetName: options?.lintTargetName ?? 'spec-lint',
    generateTargetName: options?.generateTargetName ?? 'generate',
    serveTargetName: options?.serveTargetName ?? 'serve',
    outDir: options?.outDir ?? 'src/generated',
    handlersDir: options?.handlersDir ?? 'src/handlers',
    ruleset: options?.ruleset ?? 'minimal',
    lintConfig: options?.lintConfig,
    allowRemoteRefs: options?.allowRemoteRefs ?? false,
    emit: options?.emit ?? ['types', 'client', 'server'],
    lintBeforeGenerate: options?.lintBeforeGenerate ?? true,
    port: options?.port ?? 3000,
  };
}

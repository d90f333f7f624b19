import { GENERATED_BANNER, type GeneratedFile } from './generated-file';

export interface EmitSet {
  readonly types: boolean;
  readonly client: boolean;
  readonly server: boolean;
}

/** `index.ts`: the generated package's public surface, matching the emitted set. */
export function emitIndex(emit: EmitSet): GeneratedFile {
  const lines = [GENERATED_BANNER];
  if (emit.types) lines.push("export type { paths, components, operations } from './types.js';");
  if (emit.client) lines.push("export { createApiClient, defaultBaseUrl, type ApiClient } from './client.js';");
  if (emit.server) {
    lines.push("export { createApp, defaultHandlers, type CreateAppOptions } from './app.js';");
    lines.push("export { apiSpec } from './spec.js';");
    lines.push("export type * from './handler-types.js';");
  }
  lines.push('');
  return { path: 'index.ts', contents: lines.join('\n') };
}

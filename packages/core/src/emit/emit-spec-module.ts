import type { ApiSpec } from '@specwright/runtime';
import { GENERATED_BANNER, type GeneratedFile } from './generated-file';

/**
 * `spec.ts`: the request-side API description the runtime validates against. Emitted as a JSON
 * object literal (keys in a fixed order) so the file is deterministic and needs no loader.
 */
export function emitSpecModule(apiSpec: ApiSpec): GeneratedFile {
  return {
    path: 'spec.ts',
    contents: [
      GENERATED_BANNER,
      "import type { ApiSpec } from '@specwright/runtime';",
      '',
      `export const apiSpec: ApiSpec = ${JSON.stringify(apiSpec, null, 2)};`,
      '',
    ].join('\n'),
  };
}

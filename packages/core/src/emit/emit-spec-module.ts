import type { ApiSpec } from '@specwright/runtime';
import { GENERATED_BANNER, type GeneratedFile } from './generated-file';
import { objectLiteral } from './render-code';

/**
 * `spec.ts`: the request-side API description the runtime validates against. Emitted as a JSON
 * object literal (keys in a fixed order) so the file is deterministic and needs no loader;
 * objectLiteral keeps a schema property or component named `__proto__` a key, not a prototype.
 */
export function emitSpecModule(apiSpec: ApiSpec): GeneratedFile {
  return {
    path: 'spec.ts',
    contents: [
      GENERATED_BANNER,
      "import type { ApiSpec } from '@specwright/runtime';",
      '',
      `export const apiSpec: ApiSpec = ${objectLiteral(apiSpec)};`,
      '',
    ].join('\n'),
  };
}

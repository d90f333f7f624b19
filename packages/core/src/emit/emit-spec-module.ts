import type { ApiSpec } from '@specwright/runtime';
import { GENERATED_BANNER, type GeneratedFile } from './generated-file';
import { objectLiteral, stringLiteral } from './render-code';

/**
 * Above this size `spec.ts` holds the description as JSON text instead of an object literal.
 * TypeScript infers a type for a literal before checking it against ApiSpec, and on a very large
 * one that type is "too complex to represent" (TS2590: Microsoft Graph's 24 MB literal); V8 also
 * parses JSON text faster than the same object as code. GitHub's spec gives about 1.2 MB, so
 * ordinary specs keep the readable, reviewable literal.
 */
export const SPEC_LITERAL_MAX_CHARS = 4 * 1024 * 1024;

/**
 * `spec.ts`: the request-side API description the runtime validates against. Emitted as a JSON
 * object literal (keys in a fixed order) so the file is deterministic and needs no loader;
 * objectLiteral keeps a schema property or component named `__proto__` a key, not a prototype.
 */
export function emitSpecModule(apiSpec: ApiSpec): GeneratedFile {
  const literal = objectLiteral(apiSpec);
  const value = literal.length <= SPEC_LITERAL_MAX_CHARS ? literal : `JSON.parse(${stringLiteral(JSON.stringify(apiSpec))}) as ApiSpec`;
  return {
    path: 'spec.ts',
    contents: [GENERATED_BANNER, "import type { ApiSpec } from '@specwright/runtime';", '', `export const apiSpec: ApiSpec = ${value};`, ''].join('\n'),
  };
}

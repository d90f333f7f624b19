import { SpecwrightError } from '../errors';
import { swagger2openapi } from '../util/lazy';
import type { OpenApiDocument } from './openapi-version';
import { escapePointerToken } from './pointer';

/**
 * Swagger 2.0: `swagger: '2.0'` (YAML without quotes reads `2.0` as the number 2). Other `swagger`
 * values (1.x) are left to checkOpenApiVersion, which refuses them.
 */
export function isSwagger2(value: unknown): value is Record<string, unknown> & { swagger: '2.0' | 2 } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const version = (value as { swagger?: unknown }).swagger;
  return version === '2.0' || version === 2;
}

/** The warning every front end prints for a converted spec (generate, lint, conformance). */
export function swagger2Warning(file: string, notes: readonly string[]): string {
  const noted = notes.length === 0 ? '' : ` The converter noted: ${notes.join('; ')}.`;
  return (
    `${file} is Swagger 2.0: it was converted to OpenAPI 3.0 (with swagger2openapi) for this run.${noted} ` +
    `Consider migrating: convert it once (\`npx swagger2openapi ${file} -o openapi.yaml\`), review and commit the result, and point the spec option at it.`
  );
}

/** Key prefix of swagger2openapi's own bookkeeping and warnings (x-s2o-warning, x-s2o-name, …). */
const CONVERTER_KEY = /^x-s2o-/;

/**
 * Converts a Swagger 2.0 document in one file (external `$ref`s already bundled) to OpenAPI
 * 3.0 with swagger2openapi, patching small mistakes instead of failing. Returns the document and
 * the converter's notes (each `x-s2o-warning` it left, with its pointer). The converter's own
 * keys are removed, and none of its options that add run-dependent data (x-origin with its
 * version and source path) is set, so the same input always gives the same bytes.
 */
export async function convertSwagger2(document: Record<string, unknown>, file: string): Promise<{ document: OpenApiDocument; notes: string[] }> {
  let converted: unknown;
  try {
    converted = await swagger2openapi().convertObj(structuredClone(document), {
      patch: true,
      warnOnly: true,
      direct: true,
      resolve: false,
      origin: false,
    });
  } catch (cause) {
    throw new SpecwrightError('SWAGGER_2', `Swagger 2.0 could not be converted to OpenAPI 3.0: ${(cause as Error).message}`, {
      location: { file },
      fix: 'Fix the spec where the message says (a Swagger 2.0 validator such as editor.swagger.io shows the place), or convert it to OpenAPI 3 by hand and point the spec option at the result.',
      cause,
    });
  }
  const notes: string[] = [];
  stripConverterKeys(converted, notes);
  return { document: converted as OpenApiDocument, notes };
}

/** Removes every `x-s2o-*` key (iteratively: documents can be deep), keeping its warnings. */
function stripConverterKeys(root: unknown, notes: string[]): void {
  const stack: Array<{ node: unknown; pointer: string }> = [{ node: root, pointer: '' }];
  while (stack.length > 0) {
    const { node, pointer } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (CONVERTER_KEY.test(key) && !Array.isArray(node)) {
        if (key === 'x-s2o-warning') notes.push(`${pointer || '/'}: ${String(record[key])}`);
        delete record[key];
        continue;
      }
      stack.push({ node: record[key], pointer: `${pointer}/${escapePointerToken(key)}` });
    }
  }
  notes.sort();
}

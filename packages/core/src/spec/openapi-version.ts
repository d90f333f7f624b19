import { SpecwrightError } from '../errors';
import { locatePointer } from './read-document';

export type OpenApiVersion = '3.0' | '3.1';

/** The parts of an OpenAPI 3.x document this package reads; the rest passes through untouched. */
export interface OpenApiDocument {
  openapi: string;
  info: { title?: string; version?: string; [key: string]: unknown };
  paths?: { [path: string]: { [key: string]: unknown } };
  components?: { [kind: string]: { [name: string]: unknown } | undefined };
  security?: Array<{ [scheme: string]: string[] }>;
  servers?: unknown[];
  [key: string]: unknown;
}

/** The versions Specwright reads, as shown in messages. */
const SUPPORTED = '3.0.x, 3.1.x';

/**
 * Accepts OpenAPI 3.0.x and 3.1.x. Swagger 2.0 is converted before this check by loadSpec and
 * lintSpec (see swagger2.ts); here, as any other `swagger` version, it gets a message that says how
 * to convert it. Any other `openapi` value (4.0, 3.2.0, an unquoted number) is named as the
 * unsupported version it is.
 * 3.2 is left out: Redocly reads it as 3.1 only provisionally, and its additions (QUERY, streams)
 * have no meaning in the generated code yet. `text` (the file's text) adds line and column.
 */
export function checkOpenApiVersion(value: unknown, file: string, text?: string): OpenApiVersion {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SpecwrightError('NOT_OPENAPI', 'Not an OpenAPI document: the file does not contain an object', {
      location: { file, line: 1, column: 1 },
      fix: 'Point the spec option at an OpenAPI 3.0 or 3.1 document (a YAML or JSON object with an `openapi` field).',
    });
  }
  const doc = value as Record<string, unknown>;
  if (typeof doc.swagger === 'string' || typeof doc.swagger === 'number') {
    throw new SpecwrightError('SWAGGER_2', `Swagger ${String(doc.swagger)} is not supported here; Specwright reads OpenAPI 3.0 and 3.1, and converts Swagger 2.0 when it loads a spec file`, {
      location: { file, pointer: '/swagger' },
      fix: `Load the spec file with loadSpec (which converts Swagger 2.0), or convert it once and commit the result, e.g. \`npx swagger2openapi ${file} -o openapi.yaml\` (Swagger 1.x: convert it to 2.0 first).`,
    });
  }
  const version = doc.openapi;
  if (version === undefined || version === null) {
    throw new SpecwrightError('NOT_OPENAPI', 'Not an OpenAPI document: the `openapi` field is missing', {
      location: { file, line: 1, column: 1 },
      fix: 'Add `openapi: 3.1.0` (or 3.0.3) at the top of the root spec file.',
    });
  }
  if (typeof version === 'string' && /^3\.0\.\d+/.test(version)) return '3.0';
  if (typeof version === 'string' && /^3\.1\.\d+/.test(version)) return '3.1';

  const pos = text === undefined ? undefined : locatePointer(text, '/openapi');
  const location = { file, line: pos?.line, column: pos?.column, pointer: '/openapi' };
  // YAML reads `openapi: 4.0` as the number 4; show it as written.
  const shown = typeof version === 'number' ? (Number.isInteger(version) ? version.toFixed(1) : String(version)) : typeof version === 'string' ? version : JSON.stringify(version);
  if (/^3\.[01]$/.test(shown)) {
    throw new SpecwrightError('UNSUPPORTED_OPENAPI_VERSION', `Incomplete OpenAPI version ${shown} at /openapi; supported: ${SUPPORTED}`, {
      location,
      fix: `Write the full version as a string: \`openapi: ${shown}.0\` (or the patch version the spec was written against, e.g. 3.0.3).`,
    });
  }
  throw new SpecwrightError('UNSUPPORTED_OPENAPI_VERSION', `Unsupported OpenAPI version ${shown} at /openapi; supported: ${SUPPORTED}`, {
    location,
    fix: 'Use an OpenAPI 3.0.x or 3.1.x document: set `openapi` to the version the spec is really written against (e.g. 3.1.0), converting it first if it uses features of a later version.',
  });
}

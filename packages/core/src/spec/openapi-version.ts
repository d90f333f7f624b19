import { SpecwrightError } from '../errors';

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

/**
 * Accepts OpenAPI 3.0.x and 3.1.x. Swagger 2.0 gets a message that says how to convert it: the
 * converters for 2.0 (swagger2openapi) are unmaintained, so we do not embed one.
 */
export function checkOpenApiVersion(value: unknown, file: string): OpenApiVersion {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SpecwrightError('NOT_OPENAPI', 'Not an OpenAPI document: the file does not contain an object', {
      location: { file, line: 1, column: 1 },
      fix: 'Point the spec option at an OpenAPI 3.0 or 3.1 document (a YAML or JSON object with an `openapi` field).',
    });
  }
  const doc = value as Record<string, unknown>;
  if (typeof doc.swagger === 'string' || typeof doc.swagger === 'number') {
    throw new SpecwrightError('SWAGGER_2', `Swagger ${String(doc.swagger)} is not supported; Specwright reads OpenAPI 3.0 and 3.1`, {
      location: { file, pointer: '/swagger' },
      fix: `Convert it once and commit the result, e.g. \`npx swagger2openapi ${file} -o openapi.yaml\` (or paste it into editor.swagger.io and use Edit → Convert to OpenAPI 3).`,
    });
  }
  const version = doc.openapi;
  if (typeof version !== 'string') {
    throw new SpecwrightError('NOT_OPENAPI', 'Not an OpenAPI document: the `openapi` field is missing', {
      location: { file, line: 1, column: 1 },
      fix: 'Add `openapi: 3.1.0` (or 3.0.3) at the top of the root spec file.',
    });
  }
  if (/^3\.0\.\d+/.test(version)) return '3.0';
  if (/^3\.1\.\d+/.test(version)) return '3.1';
  throw new SpecwrightError('UNSUPPORTED_OPENAPI_VERSION', `OpenAPI ${version} is not supported (3.0.x and 3.1.x are)`, {
    location: { file, pointer: '/openapi' },
    fix: 'Use an OpenAPI 3.0.x or 3.1.x document.',
  });
}

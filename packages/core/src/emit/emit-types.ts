import { createConfig } from '@redocly/openapi-core';
import {
  astToString,
  COMMENT_HEADER,
  resolveRef,
  scanDiscriminators,
  transformSchema,
  type GlobalContext,
  type OpenAPI3,
} from 'openapi-typescript';
import type { OpenApiDocument } from '../spec/openapi-version';
import type { GeneratedFile } from './generated-file';

/**
 * `types.ts`: byte-for-byte what the openapi-typescript CLI writes for the bundled spec (its
 * default options and header; a test runs the real CLI and compares). We call its transform
 * directly instead of `openapiTS()`, whose first step lints and re-bundles the document with
 * Redocly: our document is already bundled and checked, and that pass costs more than a second
 * on GitHub's spec. The context below mirrors `openapiTS()`'s defaults in openapi-typescript
 * 7.13.0 (pinned exactly in package.json for that reason).
 */
export async function emitTypes(document: OpenApiDocument): Promise<GeneratedFile> {
  // openapi-typescript patches the document it is given (discriminator enums, `required`), and
  // the caller's document is the one GenerateResult exposes: give it a copy (a JSON round trip,
  // which is also what the CLI reads; about 100 ms on GitHub's 13 MB spec).
  const schema = JSON.parse(JSON.stringify(document)) as OpenAPI3;
  const redoc = await createConfig(
    { rules: { 'operation-operationId-unique': { severity: 'error' } } },
    { extends: ['minimal'] } as Parameters<typeof createConfig>[1],
  );
  const options = { silent: true };
  const ctx: GlobalContext = {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: scanDiscriminators(schema, options),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    redoc,
    silent: true,
    inject: undefined,
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve($ref) {
      return resolveRef(schema, $ref, { silent: true });
    },
  };
  const ast = transformSchema(schema, ctx);
  return { path: 'types.ts', contents: `${COMMENT_HEADER}${astToString(ast)}` };
}

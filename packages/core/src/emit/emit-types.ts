import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { GlobalContext, OpenAPI3 } from 'openapi-typescript';
import type { OpenApiDocument } from '../spec/openapi-version';
import { openapiTypescript, redocly } from '../util/lazy';
import type { GeneratedFile } from './generated-file';
import { assertTypeableRefs } from './typeable-refs';
import { SpecwrightError, type SpecwrightErrorCode, type SourceLocation } from '../errors';

/**
 * `types.ts`: byte-for-byte what the openapi-typescript CLI writes for the bundled spec (its
 * default options and header; a test runs the real CLI and compares). We call its transform
 * directly instead of `openapiTS()`, whose first step lints and re-bundles the document with
 * Redocly: our document is already bundled and checked, and that pass costs more than a second
 * on GitHub's spec. The context below mirrors `openapiTS()`'s defaults in openapi-typescript
 * 7.13.0 (pinned exactly in package.json for that reason).
 *
 * openapi-typescript patches the document it is given (discriminator enums, `required`), so it
 * always works on its own copy: the JSON text, parsed here or in the worker.
 */
export async function emitTypesFromJson(json: string): Promise<GeneratedFile> {
  const { astToString, COMMENT_HEADER, resolveRef, scanDiscriminators, transformSchema } = openapiTypescript();
  const schema = JSON.parse(json) as OpenAPI3;
  // Before openapi-typescript prints a ref's first token verbatim (see typeable-refs.ts).
  assertTypeableRefs(schema);
  const redoc = await redocly().createConfig(
    { rules: { 'operation-operationId-unique': { severity: 'error' } } },
    { extends: ['minimal'] } as Parameters<ReturnType<typeof redocly>['createConfig']>[1],
  );
  const ctx: GlobalContext = {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: scanDiscriminators(schema, { silent: true }),
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
  return { path: 'types.ts', contents: `${COMMENT_HEADER}${astToString(transformSchema(schema, ctx))}` };
}

export function emitTypes(document: OpenApiDocument): Promise<GeneratedFile> {
  return emitTypesFromJson(JSON.stringify(document));
}

const WORKER = join(__dirname, 'types-worker.js');

/** What the types worker posts back: the file, a SpecwrightError as data, or a failure's message. */
export interface TypesWorkerMessage {
  readonly file?: GeneratedFile;
  readonly specwrightError?: { code: SpecwrightErrorCode; message: string; location?: SourceLocation; fix?: string };
  readonly error?: string;
}

export interface TypesEmitter {
  /** Emits types.ts for the document (each emitter is used once). */
  emit(document: OpenApiDocument): Promise<GeneratedFile>;
  /** Stops the worker if emit was never called (the run failed before the types). */
  dispose(): void;
}

/**
 * A worker thread for the types, started before the spec is even loaded: it loads
 * openapi-typescript (and TypeScript, which that loads) while the main thread reads the spec,
 * then transforms the document on the second core while the main thread emits everything else.
 * On GitHub's spec the types are the largest single step. Falls back to the calling thread when
 * the compiled worker is absent (tests that run the TypeScript sources directly).
 */
export function startTypesEmitter(): TypesEmitter {
  if (!existsSync(WORKER)) {
    return {
      emit: async (document) => {
        try {
          return await emitTypesFromJson(JSON.stringify(document));
        } catch (error) {
          throw error instanceof SpecwrightError ? error : typesFailure(error instanceof Error ? error.message : String(error));
        }
      },
      dispose: () => undefined,
    };
  }
  const worker = new Worker(WORKER);
  worker.unref();
  const result = new Promise<GeneratedFile>((resolve, reject) => {
    worker.once('message', (message: TypesWorkerMessage) => {
      if (message.file) resolve(message.file);
      else if (message.specwrightError) {
        // A user's error crossed the thread as data; rebuilt so it is reported as one.
        const { code, message: text, location, fix } = message.specwrightError;
        reject(new SpecwrightError(code, text, { location, fix }));
      } else reject(typesFailure(message.error ?? 'unknown error'));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the types worker exited with code ${code}`)));
  });
  result.catch(() => undefined); // observed by emit(); a disposed worker's rejection is expected
  return {
    emit(document) {
      worker.postMessage(JSON.stringify(document));
      return result;
    },
    dispose() {
      void worker.terminate();
    },
  };
}

/**
 * openapi-typescript's own refusal of a schema it cannot read (`Expected SchemaObject, received
 * string at #/components/schemas/X/oneOf/0`) is a fault of the spec: reported as one, with the
 * pointer, rather than as an unexpected error.
 */
export function typesFailure(message: string): Error {
  const refused = /^Expected (\w+), received (\w+) at (#\/\S*)$/.exec(message.trim());
  if (!refused) return new Error(`openapi-typescript failed: ${message}`);
  const [, expected, received, pointer] = refused as unknown as [string, string, string, string];
  return new SpecwrightError('INVALID_SCHEMA', `${pointer.slice(1)} is a ${received} where OpenAPI expects a ${expected === 'SchemaObject' ? 'Schema Object' : expected} (openapi-typescript cannot type it)`, {
    location: { file: 'bundled spec', pointer: pointer.slice(1) },
    fix: 'Make it a Schema Object (for example `{ type: string }` or a `$ref`), as the OpenAPI specification requires.',
  });
}

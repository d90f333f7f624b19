/**
 * Loads heavy dependencies (openapi-typescript with TypeScript, Redocly: about half a second
 * together) on first use instead of when this package is imported. A generate run on a one-file
 * spec never needs Redocly, the Nx plugin's graph code needs neither, and types are emitted in a
 * worker thread that loads them there.
 */
export function redocly(): typeof import('@redocly/openapi-core') {
  return require('@redocly/openapi-core') as typeof import('@redocly/openapi-core');
}

export function openapiTypescript(): typeof import('openapi-typescript') {
  return require('openapi-typescript') as typeof import('openapi-typescript');
}

export function typescript(): typeof import('typescript') {
  return require('typescript') as typeof import('typescript');
}

/** The part of swagger2openapi (which ships no types) that spec/swagger2.ts uses. */
export interface Swagger2OpenApi {
  convertObj(
    swagger: object,
    options: { patch: boolean; warnOnly: boolean; direct: true; resolve: boolean; origin: boolean },
  ): Promise<unknown>;
}

export function swagger2openapi(): Swagger2OpenApi {
  return require('swagger2openapi') as Swagger2OpenApi;
}

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

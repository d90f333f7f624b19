/**
 * JSON Schema → fast-check: valid values (fuzzing), boundary values (coverage) and invalid values
 * (negative testing), for draft-07 (OpenAPI 3.0, converted) and 2020-12 (OpenAPI 3.1) schemas
 * whose `$ref`s resolve through a SchemaRegistry.
 */
export type { CoverageValue, NegativeValue, SchemaArbitraryOptions } from './options';
export { validArbitrary } from './valid-arbitrary';
export { negativeArbitrary, negativeCoverageValues } from './negative';
export { coverageValues } from './coverage';
export { createSchemaValidator, type SchemaValidator } from './validator';
export { SchemaArbitraryError, type SchemaArbitraryErrorCode } from './errors';

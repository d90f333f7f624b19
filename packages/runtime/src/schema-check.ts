/**
 * A yes/no check of a value against one self-contained JSON Schema, for code that must only send
 * what the spec allows: the offline handlers check a stored record against the response schema
 * before sending it, and send their sampled response otherwise.
 *
 * The schema must be self-contained (its references point into itself, `#/$defs/...` or
 * `#/definitions/...`), carry no `$id`, and be in the dialect given. It is compiled on the first
 * call, not at import, so a big generated app does not pay for every check at start-up. A
 * schema that cannot be compiled (a reference that leads nowhere, a keyword ajv rejects) makes
 * the check answer false for every value: the caller then falls back to what it knows is valid.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import type AjvCore from 'ajv/dist/core';
import addFormats from 'ajv-formats';
import type { ApiSpec, JsonSchema } from './operation-spec';
import { escapeData, escapeSchema } from './proto-names';
import { patternRegExpEngine } from './pattern-engine';

export type SchemaCheck = (value: unknown) => boolean;

/** One instance per dialect for every check: the compiled schemas are small and few (one per handler). */
const instances = new Map<ApiSpec['dialect'], AjvCore>();

function ajvFor(dialect: ApiSpec['dialect']): AjvCore {
  let instance = instances.get(dialect);
  if (!instance) {
    // As validators.ts's, without coercion or defaults: a check never changes the value.
    const options = {
      strict: false,
      logger: false as const,
      allErrors: false,
      multipleOfPrecision: 9,
      ownProperties: true,
      code: { regExp: patternRegExpEngine },
    };
    instance = dialect === '2020-12' ? new Ajv2020(options) : new Ajv(options);
    addFormats(instance);
    instances.set(dialect, instance);
  }
  return instance;
}

export function createSchemaCheck(schema: JsonSchema, dialect: ApiSpec['dialect']): SchemaCheck {
  let compiled: { validate: ValidateFunction; escape: boolean } | null | undefined;
  return (value) => {
    if (compiled === undefined) {
      try {
        const escaped = escapeSchema(schema);
        compiled = { validate: ajvFor(dialect).compile(escaped as object | boolean), escape: escaped !== schema };
      } catch {
        compiled = null;
      }
    }
    if (compiled === null) return false;
    // `__proto__` properties are renamed for ajv, which skips that name (see proto-names.ts).
    return compiled.validate(compiled.escape ? escapeData(value) : value) === true;
  };
}

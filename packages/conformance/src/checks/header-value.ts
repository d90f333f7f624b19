import type { JsonSchema } from '../model/types';
import type { SchemaChecker } from '../engine/schema-checker';

/**
 * A header's text as the value its schema describes (headers use `simple` style): numbers and
 * booleans parsed when the schema wants them, arrays split on commas. Written by hand because
 * it is the response-side mirror of the runtime's request parsing, a dozen lines.
 */
export function headerValue(raw: string, schema: JsonSchema, schemas: SchemaChecker): unknown {
  const types = schemas.typesOf(schema);
  const text = raw.trim();
  if (types.has('array')) return text === '' ? [] : text.split(',').map((item) => scalar(item.trim(), types));
  return scalar(text, types);
}

function scalar(text: string, types: ReadonlySet<string>): unknown {
  if ((types.has('integer') || types.has('number')) && text !== '' && Number.isFinite(Number(text))) return Number(text);
  if (types.has('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  if (types.has('null') && text === '') return null;
  return text;
}

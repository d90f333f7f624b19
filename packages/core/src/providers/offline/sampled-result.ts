import { isHeaderValue } from '@specwright/runtime';
import type { ResponseChoice } from './choose-response';
import { sampleFromSchema, type SampleContext } from './sample-from-schema';

/**
 * The result literal an offline handler sends for a chosen response: its status, media type,
 * required headers and a body built from the spec's examples and schemas (see sampleFromSchema).
 */
export function sampledResult(choice: ResponseChoice, context: SampleContext): Record<string, unknown> {
  const result: Record<string, unknown> = { status: choice.status };
  if (choice.contentType) result.contentType = choice.contentType;
  // Null prototype: a header or key named `__proto__` is data here, as in objectLiteral's output.
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const header of choice.requiredHeaders) {
    const value = sampleFromSchema(header.schema, context, header.example);
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    // A sampled value HTTP cannot carry (an example with a line break or emoji): its JSON text,
    // which escapes both, is still a value of the header's string type.
    headers[header.name] = isHeaderValue(text) ? text : JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  if (Object.keys(headers).length > 0) result.headers = headers;
  if (choice.contentType) {
    const body = sampleFromSchema(choice.schema, context, choice.example);
    result.body = choice.contentType.includes('json') || typeof body === 'string' ? body : JSON.stringify(body);
  }
  return result;
}

import type { ResponseCheck } from './context';
import { isJsonMediaType } from '@specwright/runtime';
import { documentedMediaType, documentedResponse } from './match-response';

/** JSON bodies must parse and validate against the schema documented for their status and media type. */
export const responseSchemaConformance: ResponseCheck = ({ operation, request, response, schemas }) => {
  const documented = documentedResponse(operation, response.status);
  if (!documented || request.method === 'HEAD') return undefined;
  const contentType = response.headers['content-type'];
  if (!contentType || !isJsonMediaType(contentType)) return undefined;
  const mediaType = documentedMediaType(documented, contentType);
  if (mediaType === undefined) return undefined;
  const schema = documented.content[mediaType]?.schema;
  if (schema === undefined) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(response.bodyText);
  } catch {
    return `body is not valid JSON (${response.bodyText === '' ? 'empty' : JSON.stringify(response.bodyText.slice(0, 80))}) but ${contentType} is documented with a schema`;
  }
  const errors = schemas.errors(schema, body);
  return errors.length > 0 ? `body does not match the ${response.status} ${mediaType} schema: ${errors.join('; ')}` : undefined;
};

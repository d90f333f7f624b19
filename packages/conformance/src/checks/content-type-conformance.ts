import type { ResponseCheck } from './context';
import { documentedMediaType, documentedResponse } from './match-response';

/**
 * A response with a body must say what it is, and it must be one of the media types documented
 * for its status. Statuses documented without content are not judged (as in Schemathesis).
 */
export const contentTypeConformance: ResponseCheck = ({ operation, response }) => {
  const documented = documentedResponse(operation, response.status);
  if (!documented) return undefined;
  const declared = Object.keys(documented.content);
  if (declared.length === 0) return undefined;
  const contentType = response.headers['content-type'];
  if (contentType === undefined || contentType.trim() === '') {
    return response.bodyText === '' ? undefined : `response has a body but no Content-Type (documented for ${documented.status}: ${declared.join(', ')})`;
  }
  if (documentedMediaType(documented, contentType)) return undefined;
  return `undocumented Content-Type ${JSON.stringify(contentType)} for status ${response.status} (documented for ${documented.status}: ${declared.join(', ')})`;
};

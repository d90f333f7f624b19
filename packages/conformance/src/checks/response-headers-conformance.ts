import type { ResponseCheck } from './context';
import { documentedResponse } from './match-response';
import { headerValue } from './header-value';

/** Documented required headers must be present; every documented header present must match its schema. */
export const responseHeadersConformance: ResponseCheck = ({ operation, response, schemas }) => {
  const documented = documentedResponse(operation, response.status);
  if (!documented) return undefined;
  const problems: string[] = [];
  for (const header of documented.headers) {
    const raw = response.headers[header.name.toLowerCase()];
    if (raw === undefined) {
      if (header.required) problems.push(`missing required header ${header.name}`);
      continue;
    }
    if (header.schema === undefined) continue;
    const value = headerValue(raw, header.schema, schemas);
    const errors = schemas.errors(header.schema, value);
    if (errors.length > 0) problems.push(`header ${header.name}: ${JSON.stringify(raw)} ${errors.join('; ')}`);
  }
  return problems.length > 0 ? problems.join('; ') : undefined;
};

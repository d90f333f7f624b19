import type { ResponseCheck } from './context';
import { documentedResponse } from './match-response';

export const statusCodeConformance: ResponseCheck = ({ operation, response }) => {
  if (documentedResponse(operation, response.status)) return undefined;
  const documented = operation.responses.map((r) => r.status).join(', ') || 'none';
  return `undocumented status ${response.status} (documented: ${documented})`;
};

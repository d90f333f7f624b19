import type { ResponseCheck } from './context';

/**
 * A request that satisfies the spec must not be rejected as invalid. 2xx and 3xx are fine, and,
 * as in Schemathesis's defaults, 401, 403 and 404 (credentials and random ids are not the
 * data's fault); 409 Conflict too, since random data may collide with existing state.
 */
const ACCEPTABLE = new Set([401, 403, 404, 409]);

export const positiveDataAcceptance: ResponseCheck = ({ kind, response }) => {
  if (kind !== 'positive') return undefined;
  if (response.status < 400 || response.status >= 500 || ACCEPTABLE.has(response.status)) return undefined;
  const detail = response.bodyText ? `: ${response.bodyText.slice(0, 200)}` : '';
  return `valid request rejected with ${response.status}${detail}`;
};

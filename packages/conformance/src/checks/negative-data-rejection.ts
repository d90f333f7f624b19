import type { ResponseCheck } from './context';

/**
 * An invalid request must not be processed. Any 4xx counts as a rejection (400, 401, 403, 404,
 * 405, 406, 409, 413, 415, 422…); a 5xx is `not_a_server_error`'s to report, so it is not
 * reported twice here. This is Schemathesis's default too.
 */
export const negativeDataRejection: ResponseCheck = ({ kind, response, mutation }) => {
  if (kind !== 'negative') return undefined;
  if (response.status >= 400) return undefined;
  return `invalid request accepted with ${response.status}${mutation ? ` (${mutation})` : ''}`;
};

import type { ResponseCheck } from './context';

export const notAServerError: ResponseCheck = ({ response }) =>
  response.status >= 500 ? `server error: ${response.status}` : undefined;

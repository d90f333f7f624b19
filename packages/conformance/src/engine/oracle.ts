import { createSpecApp, type ApiSpec, type HandlerMap } from '@specwright/runtime';
import type { HttpRequest } from '../model/types';
import { requestInit } from '../target/target';

/** A status no real handler returns: the validation-only app answers it when a request got through. */
const ACCEPTED = 299;

/**
 * Our own judgement of a request: the generated server's runtime with handlers that do nothing.
 * The engine asks it only when the system under test did something suspicious (rejected a case
 * built to be valid, or accepted one built to be invalid), so a bug in case generation becomes
 * a discarded case instead of a bogus failure, at the cost of one in-process request per
 * suspicion rather than per case.
 */
export interface Oracle {
  accepts(request: HttpRequest): Promise<boolean>;
}

export function createOracle(apiSpec: ApiSpec): Oracle {
  const handlers: Record<string, HandlerMap[string]> = {};
  for (const operation of apiSpec.operations) handlers[operation.operationId] = () => ({ status: ACCEPTED });
  const app = createSpecApp(apiSpec, handlers);
  return {
    async accepts(request) {
      const response = await app.fetch(new Request(`http://oracle.invalid${request.url}`, requestInit(request)));
      await response.arrayBuffer();
      return response.status === ACCEPTED;
    },
  };
}

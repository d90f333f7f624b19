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
  // fromEntries defines keys, so an operation named `__proto__` keeps its handler.
  const handlers: HandlerMap = Object.fromEntries(apiSpec.operations.map((operation) => [operation.operationId, () => ({ status: ACCEPTED })]));
  // No body limit: the oracle judges whether a request is valid per the spec, and a valid body
  // over the server's limit is the server's 413 to answer (a finding), not a case to discard.
  const app = createSpecApp(apiSpec, handlers, { bodyLimit: Infinity });
  return {
    async accepts(request) {
      const response = await app.fetch(new Request(`http://oracle.invalid${request.url}`, requestInit(request)));
      await response.arrayBuffer();
      return response.status === ACCEPTED;
    },
  };
}

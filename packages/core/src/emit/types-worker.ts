import { parentPort } from 'node:worker_threads';
import { emitTypesFromJson, type TypesWorkerMessage } from './emit-types';
import { isSpecwrightError } from '../errors';
import { openapiTypescript, redocly } from '../util/lazy';

/**
 * Worker-thread side of startTypesEmitter: loads the heavy modules at once (in parallel with the
 * main thread's spec loading), then turns the one JSON document it is sent into types.ts.
 */
openapiTypescript();
redocly();
parentPort?.once('message', (json: string) => {
  emitTypesFromJson(json).then(
    (file) => parentPort?.postMessage({ file } satisfies TypesWorkerMessage),
    (error: unknown) => {
      const message: TypesWorkerMessage = isSpecwrightError(error)
        ? { specwrightError: { code: error.code, message: error.message, location: error.location, fix: error.fix } }
        : { error: error instanceof Error ? error.message : String(error) };
      parentPort?.postMessage(message);
    },
  );
});

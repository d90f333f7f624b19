import { parentPort } from 'node:worker_threads';
import { emitTypesFromJson } from './emit-types';
import { openapiTypescript, redocly } from '../util/lazy';

/**
 * Worker-thread side of startTypesEmitter: loads the heavy modules at once (in parallel with the
 * main thread's spec loading), then turns the one JSON document it is sent into types.ts.
 */
openapiTypescript();
redocly();
parentPort?.once('message', (json: string) => {
  emitTypesFromJson(json).then(
    (file) => parentPort?.postMessage({ file }),
    (error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
});

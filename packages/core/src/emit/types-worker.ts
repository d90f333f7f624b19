import { parentPort, workerData } from 'node:worker_threads';
import { emitTypesFromJson } from './emit-types';

/** Worker-thread entry of emitTypesInBackground: JSON text in, types.ts out. */
emitTypesFromJson(workerData as string).then(
  (file) => parentPort?.postMessage({ file }),
  (error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) }),
);

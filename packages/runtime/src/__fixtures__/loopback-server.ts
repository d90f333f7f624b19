import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';

/**
 * Serves a fetch handler over real node:http on an ephemeral 127.0.0.1 port for the tests of one
 * describe block, and stops it (open keep-alive connections included) after them. Returns a
 * getter, because the base URL is known only once the server listens.
 */
export function useLoopbackServer(fetchHandler: (request: Request) => Response | Promise<Response>): () => string {
  let server: Server | undefined;
  let base = '';
  beforeAll(async () => {
    const listening = createServer(getRequestListener(fetchHandler));
    server = listening;
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    if (!server) return;
    server.closeAllConnections();
    const closing = server;
    await new Promise<void>((resolve, reject) => closing.close((error) => (error ? reject(error) : resolve())));
  });
  return () => base;
}

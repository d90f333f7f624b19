import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RemoteCache {
  /** Base URL for `NX_SELF_HOSTED_REMOTE_CACHE_SERVER`, e.g. `http://127.0.0.1:43121`. */
  readonly url: string;
  /** Task hashes Nx uploaded (PUT), in order. */
  readonly stored: readonly string[];
  /** Task hashes Nx downloaded (GET answered 200), in order. */
  readonly served: readonly string[];
  close(): Promise<void>;
}

/**
 * A team's remote cache, in memory on 127.0.0.1 and an ephemeral port: the two routes of Nx's
 * self-hosted remote cache API (`GET`/`PUT /v1/cache/{hash}`, an opaque tarball; 404 on a miss,
 * 409 on overwriting), which Nx 23 uses when `NX_SELF_HOSTED_REMOTE_CACHE_SERVER` is set.
 */
export async function startRemoteCache(): Promise<RemoteCache> {
  const artifacts = new Map<string, Buffer>();
  const stored: string[] = [];
  const served: string[] = [];

  const server: Server = createServer((request, response) => {
    const hash = /^\/v1\/cache\/([^/?]+)$/.exec(request.url ?? '')?.[1];
    if (!hash) {
      response.writeHead(404).end();
    } else if (request.method === 'GET') {
      const artifact = artifacts.get(hash);
      if (!artifact) {
        response.writeHead(404).end();
        return;
      }
      served.push(hash);
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': artifact.length }).end(artifact);
    } else if (request.method === 'PUT') {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (artifacts.has(hash)) {
          response.writeHead(409).end();
          return;
        }
        artifacts.set(hash, Buffer.concat(chunks));
        stored.push(hash);
        response.writeHead(200).end();
      });
    } else {
      response.writeHead(405).end();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stored,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

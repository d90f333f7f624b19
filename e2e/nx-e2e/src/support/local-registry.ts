import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import type { PackedPackage } from './packages';

export interface LocalRegistry {
  /** Base URL, e.g. `http://127.0.0.1:43121/`. */
  readonly url: string;
  /** What npm asked for, for diagnosing a failed install. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/**
 * A read-only npm registry for the packed Specwright packages, on 127.0.0.1 and an ephemeral
 * port. The workspace's `.npmrc` maps the `@specwright` scope here, exactly as a company maps a
 * scope to its private registry; every other package comes from the public registry as usual.
 * npm needs two routes: the packument (`GET /@scope%2fname`) and the tarball it links to.
 */
export async function startLocalRegistry(packages: readonly PackedPackage[]): Promise<LocalRegistry> {
  const byName = new Map(
    packages.map((pkg) => {
      const bytes = readFileSync(pkg.tarball);
      return [pkg.name, { pkg, bytes, file: basename(pkg.tarball) }] as const;
    }),
  );
  const requests: string[] = [];
  let base = '';

  const server: Server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const path = decodeURIComponent((request.url ?? '/').split('?')[0]).replace(/^\/+/, '');
    const packument = byName.get(path);
    if (packument) {
      const { pkg, bytes, file } = packument;
      const version = {
        ...pkg.manifest,
        _id: `${pkg.name}@${pkg.version}`,
        dist: {
          tarball: `${base}${pkg.name}/-/${file}`,
          shasum: createHash('sha1').update(bytes).digest('hex'),
          integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
        },
      };
      const body = { _id: pkg.name, name: pkg.name, 'dist-tags': { latest: pkg.version }, versions: { [pkg.version]: version } };
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' });
      response.end(JSON.stringify(body));
      return;
    }
    const tarball = /^(.+)\/-\/([^/]+\.tgz)$/.exec(path);
    const owner = tarball ? byName.get(tarball[1]) : undefined;
    if (owner && tarball && tarball[2] === owner.file) {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': owner.bytes.length });
      response.end(owner.bytes);
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: 'not found' }));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url: base,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

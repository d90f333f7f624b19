import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { SpecwrightError } from '@specwright/core';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface FetchApp {
  fetch: (request: Request) => Response | Promise<Response>;
}

/** Starts an app on @hono/node-server and resolves once it listens (or fails to). */
export function startServer(app: FetchApp, options: { port: number; host: string }): Promise<RunningServer> {
  return new Promise((resolvePromise, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info: AddressInfo) => {
      const host = info.address.includes(':') ? `[${info.address}]` : info.address;
      resolvePromise({
        url: `http://${host}:${info.port}`,
        port: info.port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new SpecwrightError('INVALID_OPTION', `Cannot listen on ${options.host}:${options.port} (${error.code ?? error.message})`, {
          location: { file: 'options', pointer: '/port' },
          fix: error.code === 'EADDRINUSE' ? 'Choose another port with --port, or stop the process using it.' : 'Check the host and port options.',
        }),
      );
    });
  });
}

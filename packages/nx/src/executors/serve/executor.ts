import { resolve } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { formatError, registerTypeScript } from '@specwright/core';
import { startServer, type RunningServer } from '../../utils/start-server';

export interface ServeExecutorOptions {
  outDir: string;
  port?: number;
  host?: string;
}

/**
 * `nx run <project>:serve`, a continuous target: loads the generated app factory (TypeScript,
 * transpiled on load), serves it with @hono/node-server, reports the URL, and runs until Nx
 * stops it.
 */
export default async function* serveExecutor(
  options: ServeExecutorOptions,
  context: ExecutorContext,
): AsyncGenerator<{ success: boolean; baseUrl?: string }> {
  let server: RunningServer;
  try {
    registerTypeScript();
    const appFile = resolve(context.root, options.outDir, 'app.ts');
    const { createApp } = require(appFile) as { createApp: () => { fetch: (request: Request) => Response | Promise<Response> } };
    server = await startServer(createApp(), { port: options.port ?? 3000, host: options.host ?? '127.0.0.1' });
  } catch (error) {
    console.error(formatError(error, { verbose: context.isVerbose }));
    yield { success: false };
    return;
  }
  console.log(`Specwright: ${context.projectName} is listening on ${server.url}`);
  yield { success: true, baseUrl: server.url };
  await new Promise<void>((done) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => done());
  });
  await server.close();
}

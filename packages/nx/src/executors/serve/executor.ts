import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { formatError, registerTypeScript, SpecwrightError } from '@specwright/core';
import { startServer, type FetchApp, type RunningServer } from '../../utils/start-server';

export interface ServeExecutorOptions {
  outDir: string;
  port?: number;
  host?: string;
}

/**
 * `nx run <project>:serve`, a continuous target: loads the generated app factory (TypeScript,
 * transpiled on load), serves it with @hono/node-server, reports the URL, and runs until Nx
 * stops it (SIGINT/SIGTERM) or its consumer stops iterating; either way the server is closed.
 */
export default async function* serveExecutor(
  options: ServeExecutorOptions,
  context: ExecutorContext,
): AsyncGenerator<{ success: boolean; baseUrl?: string }> {
  let server: RunningServer;
  try {
    server = await startServer(loadApp(options.outDir, context), { port: options.port ?? 3000, host: options.host ?? '127.0.0.1' });
  } catch (error) {
    console.error(formatError(error, { verbose: context.isVerbose }));
    yield { success: false };
    return;
  }
  let stop = (): void => undefined;
  const stopped = new Promise<void>((done) => (stop = done));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    console.log(`Specwright: ${context.projectName} is listening on ${server.url}`);
    yield { success: true, baseUrl: server.url };
    await stopped;
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
    await server.close();
  }
}

function loadApp(outDir: string, context: ExecutorContext): FetchApp {
  const appFile = resolve(context.root, outDir, 'app.ts');
  if (!existsSync(appFile)) {
    throw new SpecwrightError('FILE_NOT_FOUND', 'No generated app to serve', {
      location: { file: `${outDir}/app.ts` },
      fix: `Run \`nx run ${context.projectName}:generate\` first (serve depends on it), and check that "server" is in the emit option.`,
    });
  }
  const restore = registerTypeScript();
  try {
    // Drop TypeScript loaded earlier in this process (a previous serve), so this one is current.
    for (const id of Object.keys(require.cache)) {
      if (id.endsWith('.ts') && id.startsWith(context.root) && !id.includes('node_modules')) delete require.cache[id];
    }
    const { createApp } = require(appFile) as { createApp: () => FetchApp };
    return createApp();
  } finally {
    restore();
  }
}

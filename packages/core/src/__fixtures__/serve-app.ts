import { spawn } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_ROOT, REPO_ROOT, type TempWorkspace } from './workspace';

export interface ServedApp {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves a generated app (`<outDir>/app.ts`) in a child process on an ephemeral 127.0.0.1 port,
 * as `serve` would: the TypeScript sources loaded through core's loader, the repo's
 * node_modules linked into the workspace so `@specwright/runtime` and Hono resolve.
 */
export async function serveGeneratedApp(ws: TempWorkspace, outDir: string): Promise<ServedApp> {
  if (!ws.exists('node_modules')) symlinkSync(join(REPO_ROOT, 'node_modules'), ws.path('node_modules'), 'junction');
  const script = [
    'const { registerTypeScript } = require(process.argv[1]);',
    'registerTypeScript();',
    'const { createApp } = require(process.argv[2]);',
    "const { serve } = require('@hono/node-server');",
    "const server = serve({ fetch: createApp().fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.stdout.write(`port ${info.port}\\n`));",
    "process.on('SIGTERM', () => server.close(() => process.exit(0)));",
  ].join('\n');
  const child = spawn(process.execPath, ['-e', script, join(CORE_ROOT, 'dist', 'index.js'), ws.path(`${outDir}/app.ts`)], { cwd: ws.root, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /port (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`the app exited (${code}) before listening:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

#!/usr/bin/env node
// `npm run demo`: generate the petstore example with the offline provider (no key), serve it on
// an ephemeral port, and call it through the generated typed client. Exits 0 when every call
// behaved as the spec says.
'use strict';
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');
const { serve } = require('@hono/node-server');
const { registerTypeScript } = require('@specwright/core');

const root = join(__dirname, '..', '..');
const project = join(root, 'examples', 'petstore-api');

async function main() {
  console.log('$ nx run petstore-api:generate');
  execFileSync(process.execPath, [require.resolve('nx/bin/nx'), 'run', 'petstore-api:generate'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false' },
  });

  registerTypeScript();
  const { createApp, createApiClient } = require(join(project, 'src', 'generated', 'index.ts'));
  const app = createApp();
  const server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ s, port: info.port }));
  });
  const baseUrl = `http://127.0.0.1:${server.port}`;
  console.log(`\nServing the generated petstore API at ${baseUrl}\n`);
  const client = createApiClient({ baseUrl });
  const failures = [];
  const show = (label, result, expected) => {
    const status = result.response.status;
    const body = result.data ?? result.error;
    console.log(`${label}\n  → ${status} ${JSON.stringify(body)}`);
    if (status !== expected) failures.push(`${label}: expected ${expected}, got ${status}`);
  };

  try {
    show('GET /pets?limit=2                       (offline handler: its own store, empty)', await client.GET('/pets', { params: { query: { limit: 2 } } }), 200);
    show('POST /pets {"name":"Fido","tag":"dog"}  (hand-owned handler)', await client.POST('/pets', { body: { name: 'Fido', tag: 'dog' } }), 201);
    show('GET /pets/2                             (hand-owned handler)', await client.GET('/pets/{petId}', { params: { path: { petId: 2 } } }), 200);
    show('GET /pets/99                            (hand-owned handler, 404)', await client.GET('/pets/{petId}', { params: { path: { petId: 99 } } }), 404);
    show('GET /pets?limit=1000                    (rejected by request validation)', await client.GET('/pets', { params: { query: { limit: 1000 } } }), 400);
    show('POST /pets {"nickname":"x"}             (rejected: name missing, extra field)', await client.POST('/pets', { body: { nickname: 'x' } }), 400);
  } finally {
    await new Promise((resolve) => server.s.close(resolve));
  }
  if (failures.length > 0) {
    console.error(`\nDemo failed:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log('\nDemo OK: every call behaved as the spec says.');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

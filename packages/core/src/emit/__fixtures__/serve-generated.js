/**
 * Loads generated apps the way `specwright serve` does (registerTypeScript, then require), serves
 * each over node:http on 127.0.0.1, and sends one request per operation. Run as a child process
 * by tests, so whatever a hostile spec manages to execute happens in this process, observed from
 * outside: argv[2] is JSON `{ outDirs: string[], headers?: object, target?: 'ES5' | ... }`; the report is one JSON line
 * on stdout: each operation's status and body, and whether the `globalThis.__specwrightPwned`
 * flag that the test payloads set exists.
 */
const { createServer } = require('node:http');
const { join } = require('node:path');
const { getRequestListener } = require('@hono/node-server');
const { registerTypeScript } = require('../../../dist/load/register-typescript.js');

/**
 * A concrete URL path for a template: each `{name}` becomes `1`, every segment percent-encoded
 * (a lone surrogate, which has no UTF-8 form, as U+FFFD).
 */
function concretePath(template) {
  return template
    .split('/')
    .map((segment) => encodeURIComponent(segment.replace(/\{[^}]*\}/g, '1').toWellFormed()))
    .join('/');
}

/**
 * Compiles the generated files for `target` (e.g. ES5) instead of registerTypeScript's ES2022:
 * what a user's build with an older target runs. Resolution stays registerTypeScript's.
 */
function compileFor(target) {
  const ts = require('typescript');
  const { readFileSync } = require('node:fs');
  require.extensions['.ts'] = (module, filename) => {
    const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget[target], esModuleInterop: true };
    module._compile(ts.transpileModule(readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions: options }).outputText, filename);
  };
}

async function main() {
  const { outDirs, headers = {}, target } = JSON.parse(process.argv[2]);
  registerTypeScript();
  if (target) compileFor(target);
  const report = { apps: [] };
  for (const outDir of outDirs) {
    // index.ts re-exports the app, the client and the spec: everything a user's code can import.
    // The type-only modules too: nothing imports them at run time, but a user's tool might.
    const generated = require(join(outDir, 'index.ts'));
    require(join(outDir, 'types.ts'));
    require(join(outDir, 'handler-types.ts'));
    const app = generated.createApp();
    const server = createServer(getRequestListener(app.fetch));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${server.address().port}`;
    const operations = [];
    try {
      generated.createApiClient({ baseUrl: base });
      for (const operation of generated.apiSpec.operations) {
        const response = await fetch(base + concretePath(operation.path), { method: operation.method.toUpperCase(), headers });
        operations.push({ operationId: operation.operationId, status: response.status, body: await response.text() });
      }
    } finally {
      await new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections(); // fetch keeps connections alive
      });
    }
    report.apps.push({ outDir, operations });
  }
  report.pwned = Object.hasOwn(globalThis, '__specwrightPwned');
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});

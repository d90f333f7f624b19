#!/usr/bin/env node
'use strict';
// The `specwright-conformance` command. This launcher is committed (dist/ is not) so that npm
// links the bin when a fresh clone runs `npm ci`, before anything is built; without it
// `npx specwright-conformance` would look the name up in the registry. It only forwards to the
// compiled entry point.
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (existsSync(entry)) {
  require(entry);
} else {
  process.stderr.write(`Specwright is not built: run \`npm run build\` in ${workspaceFolder(join(__dirname, '..'))}\n`);
  process.exitCode = 1;
}

/** The npm workspace holding this package (where `npm run build` builds it), else the package. */
function workspaceFolder(packageDir) {
  for (let dir = dirname(packageDir); dirname(dir) !== dir; dir = dirname(dir)) {
    try {
      if (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).workspaces) return dir;
    } catch {
      // no package.json here, or not JSON: keep looking upwards
    }
  }
  return packageDir;
}

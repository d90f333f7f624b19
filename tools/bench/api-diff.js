#!/usr/bin/env node
'use strict';
// Breaking-change diff (part of `npm run bench`): `specwright diff` between two releases of
// GitHub's REST spec, @octokit/openapi BASE_VERSION → the benchmark's pinned version (setup.js),
// in a fresh process per run: wall time, CPU, peak RSS (medians), and the findings by severity
// and rule. The anchor is oasdiff (Go, not installable here), so there is no side-by-side ratio;
// the figures say what a CI check on a 12 MB spec costs. The base spec is extracted from the
// package tarball into tools/bench/.work/api-diff (gitignored), once. Asserts nothing.
//
//   BENCH_DIFF_RUNS=5 node tools/bench/api-diff.js
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { measureCommand, median } = require('./measure-command');
const { setup, VERSIONS } = require('./setup');

const ROOT = path.join(__dirname, '..', '..');
const BASE_VERSION = '22.0.0';
const RUNS = Number(process.env.BENCH_DIFF_RUNS ?? 5);
const CLI = path.join(ROOT, 'packages/core/dist/cli/main.js');

/** The base release's api.github.com.json, extracted from its tarball (the whole package is 385 MB of GHES variants). */
function baseSpec(work) {
  const dir = path.join(work, 'api-diff');
  const spec = path.join(dir, `api.github.com-${BASE_VERSION}.json`);
  if (fs.existsSync(spec)) return spec;
  fs.mkdirSync(dir, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['pack', `@octokit/openapi@${BASE_VERSION}`, '--pack-destination', dir, '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = path.join(dir, `octokit-openapi-${BASE_VERSION}.tgz`);
  execFileSync('tar', ['-xzf', tarball, '-C', dir, 'package/generated/api.github.com.json']);
  fs.renameSync(path.join(dir, 'package', 'generated', 'api.github.com.json'), spec);
  fs.rmSync(path.join(dir, 'package'), { recursive: true, force: true });
  fs.rmSync(tarball, { force: true });
  return spec;
}

async function main() {
  const { work, spec: head } = setup();
  const base = baseSpec(work);
  const args = [CLI, 'diff', '--base', base, '--head', head, '--root', work];
  const mb = (file) => (fs.statSync(file).size / 1e6).toFixed(1);
  console.log(`specwright diff: @octokit/openapi ${BASE_VERSION} (${mb(base)} MB) → ${VERSIONS['@octokit/openapi']} (${mb(head)} MB), ${RUNS} runs, medians`);

  const runs = [];
  for (let run = 1; run <= RUNS; run++) {
    const r = await measureCommand(process.execPath, args, { cwd: work });
    // Exit 1 means breaking changes were found (expected between these releases); 2 is a failure.
    if (r.code !== 0 && r.code !== 1) {
      console.error(`specwright diff failed (exit ${r.code}):\n${r.output.slice(-3000)}`);
      process.exit(1);
    }
    runs.push(r);
    process.stdout.write(`  run ${run}/${RUNS}: ${(r.wallMs / 1000).toFixed(2)} s, ${(r.peakKB / 1024).toFixed(0)} MB\n`);
  }

  // The findings themselves, once more as JSON (not timed).
  let json;
  try {
    json = execFileSync(process.execPath, [...args, '--format', 'json'], { cwd: work, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
  } catch (error) {
    json = error.stdout; // exit 1: breaking changes found
  }
  const result = JSON.parse(json);
  const { summary, findings } = result;
  const wall = median(runs.map((r) => r.wallMs)) / 1000;
  const cpu = median(runs.map((r) => r.cpuS));
  const rss = median(runs.map((r) => r.peakKB)) / 1024;

  console.log('\n| specwright diff | wall (s) | CPU (s) | peak RSS (MB) | operations base → head (unchanged) | error | warning | info |');
  console.log('| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |');
  console.log(
    `| ${BASE_VERSION} → ${VERSIONS['@octokit/openapi']} | ${wall.toFixed(2)} | ${Number.isNaN(cpu) ? '–' : cpu.toFixed(2)} | ${rss.toFixed(0)} | ` +
      `${summary.operations.base} → ${summary.operations.head} (${summary.operations.unchanged}) | ${summary.error} | ${summary.warning} | ${summary.info} |`,
  );
  const operationsWithBreaking = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.operation)).size;
  console.log(`\n${operationsWithBreaking} operation(s) with breaking changes (error). Findings by rule:`);
  const byRule = new Map();
  for (const f of findings) byRule.set(f.rule, { severity: f.severity, count: (byRule.get(f.rule)?.count ?? 0) + 1 });
  const order = { error: 0, warning: 1, info: 2 };
  for (const [rule, { severity, count }] of [...byRule].sort((a, b) => order[a[1].severity] - order[b[1].severity] || b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))) {
    console.log(`  ${severity.padEnd(7)} ${String(count).padStart(5)}  ${rule}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

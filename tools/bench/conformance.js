'use strict';
// The conformance suite on GitHub's REST spec (1,223 operations) against its generated offline
// app, in-process, a fixed number of cases per operation. Every request the checked run sends is
// recorded, then the same requests are replayed through the same app with no generation and no
// checks ("bare"). Runs alternate (bare, checked, bare, checked, …) and medians are compared, so
// warm-up (the app's lazily compiled request validators, the JIT) favours neither side.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { registerTypeScript } = require('@specwright/core');
const { buildConformanceModel, runConformance, inProcessTarget } = require('@specwright/conformance');

const ROOT = path.join(__dirname, '..', '..');
const CASES = Number(process.env.BENCH_CONFORMANCE_CASES ?? 25);
const RUNS = Number(process.env.BENCH_CONFORMANCE_RUNS ?? 3);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const [spec, work] = process.argv.slice(2);
  const out = path.resolve(work, 'out', 'conformance');
  fs.rmSync(out, { recursive: true, force: true });
  execFileSync(process.execPath, [path.join(ROOT, 'packages/core/dist/cli/main.js'), 'generate', '--spec', spec, '--out', path.join(out, 'generated'), '--workspace-root', work], { stdio: 'ignore' });
  registerTypeScript();
  let t = now();
  const { createApp } = require(path.join(out, 'generated', 'app.ts'));
  const loadApp = now() - t;
  const document = JSON.parse(fs.readFileSync(path.join(out, 'generated', 'openapi.json'), 'utf8'));
  t = now();
  const model = buildConformanceModel(document, document.openapi.startsWith('3.0') ? '3.0' : '3.1');
  const buildModel = now() - t;
  const app = createApp({ onError: () => undefined });
  // BENCH_CONFORMANCE_OPS=N: only the first N operations (for quick iterations; the bench uses all).
  const limit = Number(process.env.BENCH_CONFORMANCE_OPS ?? 0);
  const include = limit > 0 ? model.operations.slice(0, limit).map((o) => o.operationId) : undefined;

  // Records what the checked run sends, as the Requests the app receives, for the bare replay.
  const recorded = [];
  const inner = inProcessTarget(app);
  const recording = { baseUrl: inner.baseUrl, send: (request) => (recorded.push(request), inner.send(request)) };

  const bare = async () => {
    const started = now();
    for (const request of recorded) {
      const init = { method: request.method, headers: request.headers.map(([n, v]) => [n, v]), redirect: 'manual' };
      if (request.body !== undefined) init.body = request.body;
      const response = await app.fetch(new Request(`http://localhost${request.url}`, init));
      await response.text();
    }
    return now() - started;
  };
  const checked = async (target) => {
    const started = now();
    const report = await runConformance(model, target, { cases: CASES, ...(include ? { include } : {}) });
    return { ms: now() - started, report };
  };

  // The first checked run records the requests and warms the app (its request validators compile
  // lazily, on each operation's first request); it is not counted. Then bare and checked alternate.
  const first = await checked(recording);
  const bareTimes = [];
  const checkedTimes = [];
  for (let run = 0; run < RUNS; run++) {
    bareTimes.push(await bare());
    checkedTimes.push((await checked(inner)).ms);
  }
  const report = first.report;
  const requests = recorded.length;
  const checkedMs = median(checkedTimes);
  const bareMs = median(bareTimes);
  const failed = report.operations.filter((o) => o.checks.some((c) => c.status === 'failed'));
  const discarded = report.operations.reduce((sum, o) => sum + o.discarded, 0);
  console.log(`  ${report.totals.operations} operations, ${CASES} random cases per operation and phase (plus examples, boundary values and probes), seed ${report.seed}: ${requests} cases per run, one request each`);
  console.log(`  (loading the generated app: ${(loadApp / 1000).toFixed(1)} s; building the model: ${(buildModel / 1000).toFixed(2)} s; not counted)`);
  console.log(`  checked (generate cases + send + judge): ${(checkedMs / 1000).toFixed(2)} s, ${Math.round(requests / (checkedMs / 1000))} cases/s  [runs: ${checkedTimes.map((ms) => (ms / 1000).toFixed(2)).join(', ')}]`);
  console.log(`  bare (same requests, no checks):         ${(bareMs / 1000).toFixed(2)} s, ${Math.round(requests / (bareMs / 1000))} requests/s  [runs: ${bareTimes.map((ms) => (ms / 1000).toFixed(2)).join(', ')}]`);
  const ratio = checkedMs / bareMs;
  console.log(`  checked/bare = ${ratio.toFixed(2)} (target ≤ 3) ${ratio <= 3 ? 'met' : 'NOT met'}`);
  console.log(`  checks: ${report.totals.checksPassed} passed, ${report.totals.checksFailed} failed (${failed.length} operations), ${report.totals.checksSkipped} skipped; ${discarded} generated cases discarded`);
  const byCheck = new Map();
  for (const operation of failed) for (const c of operation.checks) if (c.status === 'failed') byCheck.set(c.check, (byCheck.get(c.check) ?? 0) + 1);
  if (byCheck.size > 0) console.log(`  failed checks by name: ${[...byCheck].map(([name, n]) => `${name} ×${n}`).join(', ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

#!/usr/bin/env node
'use strict';
// AI generation on GitHub's REST spec against the loopback fake Messages API (tools/fake-anthropic)
// with a fixed latency per reply. The fake answers every operation with the offline provider's
// handler (code that passes verification), so what is measured is Specwright's own cost around the
// model: the deterministic emit, the provider calls at a given concurrency, verification
// (typecheck + policy + conformance), the lock. Prints:
//   1. wall time of a full generation (no lock) at concurrency 1, 4 and 16;
//   2. verification per operation (timed stage by stage inside the concurrency-1 run);
//   3. a one-operation contract change rerun with run 1's lock: calls to the fake (must be 1), wall;
//   4. `--frozen` (spec + complete lock, no key) against today's offline generate (no lock), both as
//      CLI processes, alternated, BENCH_AI_RUNS each, medians and their ratio (target ≤ 1.2).
// Every generation runs in a fresh process; a step that fails or overruns BENCH_AI_TIMEOUT_S is
// reported with its error and the steps that need it are skipped (exit code 1). Asserts nothing else.
//
// Usage: node tools/bench/ai-generate.js [spec work]   (no arguments: GitHub's spec via setup.js)
// Env: BENCH_AI_LATENCY_MS (default 100), BENCH_AI_CONCURRENCY (default 1,4,16),
//      BENCH_AI_RUNS (default 5), BENCH_AI_TIMEOUT_S (per step, default 1200),
//      BENCH_AI_MAX_FAILED (a generation stops once more operations failed; default 10),
//      BENCH_AI_OPS (only the first N operations of the spec; default all: quick iterations only),
//      BENCH_AI_CONFORMANCE=off (verify with typecheck + policy only; printed on every figure).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const { measureCommand, median } = require('./measure-command');

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'packages/core/dist/cli/main.js');
const LATENCY_MS = Number(process.env.BENCH_AI_LATENCY_MS ?? 100);
const CONCURRENCIES = (process.env.BENCH_AI_CONCURRENCY ?? '1,4,16').split(',').map(Number);
const RUNS = Number(process.env.BENCH_AI_RUNS ?? 5);
const TIMEOUT_MS = Number(process.env.BENCH_AI_TIMEOUT_S ?? 1200) * 1000;
const MAX_FAILED = Number(process.env.BENCH_AI_MAX_FAILED ?? 10);
const OPS_LIMIT = Number(process.env.BENCH_AI_OPS ?? 0);
const CONFORMANCE = process.env.BENCH_AI_CONFORMANCE !== 'off';
const MODEL = 'claude-sonnet-5-5';
/** What the fake accepts as the key: a test credential, deliberately not shaped like a real key. */
const TEST_CREDENTIAL = 'bench-test-credential';
/** The concurrency of the one-operation change run (generate's default; one call either way). */
const CHANGE_CONCURRENCY = 4;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const seconds = (ms) => (ms / 1000).toFixed(2);
const failures = [];

async function main() {
  let [spec, work] = process.argv.slice(2);
  if (!spec) ({ spec, work } = require('./setup').setup());
  // No real credential may reach any run: workers get the test credential, --frozen gets none.
  for (const name of ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_BASE_URL']) delete process.env[name];

  const base = path.resolve(work, 'ai');
  fs.rmSync(base, { recursive: true, force: true });
  const specName = path.basename(spec);
  // Each workspace gets its own copy: a spec must lie inside its workspace root.
  const ws = path.join(base, 'ws');
  const wsChanged = path.join(base, 'ws-changed');
  fs.mkdirSync(ws, { recursive: true });
  fs.mkdirSync(wsChanged, { recursive: true });
  writeSpecCopy(spec, path.join(ws, specName), OPS_LIMIT);
  const changed = writeChangedSpec(path.join(ws, specName), path.join(wsChanged, specName));

  const handlersFile = path.join(base, 'offline-handlers.json');
  const fileNamesFile = path.join(base, 'file-names.json');
  const prepared = await runChild('offline handlers for the fake', [path.join(__dirname, 'ai', 'offline-handlers.js'), path.join(ws, specName), ws, handlersFile, fileNamesFile]);
  if (!prepared.ok) return finish();
  const operations = Object.keys(JSON.parse(fs.readFileSync(handlersFile, 'utf8'))).length;
  /** Makes operations hand-owned for the generation whose output folder is `<dir>/out` (see below). */
  const handOwn = (ids, dir) => {
    const handlers = JSON.parse(fs.readFileSync(handlersFile, 'utf8'));
    const fileNames = JSON.parse(fs.readFileSync(fileNamesFile, 'utf8'));
    for (const id of ids) {
      const file = path.join(dir, 'handlers', `${fileNames[id]}.ts`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, handlers[id]);
    }
  };

  console.log(`  spec: ${specName} (${(fs.statSync(spec).size / 1e6).toFixed(1)} MB, ${operations.toLocaleString('en-US')} operations${OPS_LIMIT > 0 ? `: ONLY THE FIRST ${OPS_LIMIT} (BENCH_AI_OPS)` : ''}); model id ${MODEL}; Node ${process.version}, ${os.cpus().length} CPUs`);
  console.log(`  verification: policy + typecheck + ${CONFORMANCE ? 'conformance (@specwright/conformance createOperationConformanceCheck)' : 'NO conformance stage (BENCH_AI_CONFORMANCE=off)'}; a generation stops once more than ${MAX_FAILED} operations failed (BENCH_AI_MAX_FAILED)`);
  console.log(`  fake Messages API on 127.0.0.1, in each run's process: fixed latency ${LATENCY_MS} ms before every reply (BENCH_AI_LATENCY_MS); replies: the offline handler of the named operation as { code, notes }`);
  console.log(`  concurrency ${CONCURRENCIES.join(', ')} (BENCH_AI_CONCURRENCY); every generation in a fresh process; runs are sequential, so machine load differs between them\n`);

  // 1 + 2: full generations, no lock.
  const full = new Map();
  for (const concurrency of CONCURRENCIES) {
    const dir = path.join(ws, `c${concurrency}`);
    const run = await runGeneration({ label: `c=${concurrency}`, workspaceRoot: ws, specName, dir, concurrency, handlersFile });
    if (run) full.set(concurrency, { ...run, lockDir: path.join(dir, 'specwright.lock') });
  }
  // "Run 1": its lock feeds steps 3 and 4, so it must have gone through every operation.
  const firstRun = [full.get(1), ...full.values()].find((run) => run?.finished);
  // Operations whose stand-in answer failed verification in run 1 have no pin; steps 3 and 4 make
  // them hand-owned (the offline handler in the handlers folder), on both sides of step 4, so the
  // lock is complete for the rest and a rerun calls the fake for the changed operation alone.
  const handOwned = firstRun?.failedIds ?? [];
  if (handOwned.length > 0) {
    console.log(`\n  steps 3 and 4: ${handOwned.length} operation(s) that failed in run ${firstRun.label} are hand-owned there (no pin): ${handOwned.join(', ')}`);
  }

  // 3: one operation's contract changed, the rest pinned by run 1.
  let change;
  if (firstRun) {
    const dir = path.join(wsChanged, 'changed');
    fs.cpSync(firstRun.lockDir, path.join(dir, 'specwright.lock'), { recursive: true });
    handOwn(handOwned, dir);
    change = await runGeneration({ label: `1-op change (${changed})`, workspaceRoot: wsChanged, specName, dir, concurrency: CHANGE_CONCURRENCY, handlersFile, changed });
  } else {
    failures.push('3. 1-op change: skipped, no full AI run went through every operation (its lock is the input)');
  }

  // 4: --frozen against today's offline generate, alternated.
  let frozen;
  if (firstRun) {
    const frozenLock = path.join(ws, 'frozen', 'specwright.lock');
    fs.cpSync(firstRun.lockDir, frozenLock, { recursive: true });
    handOwn(handOwned, path.join(ws, 'frozen'));
    handOwn(handOwned, path.join(ws, 'offline'));
    frozen = await compareFrozen({ ws, spec: path.join(ws, specName), frozenLock, handOwned: handOwned.length });
  } else {
    failures.push('4. --frozen vs offline: skipped, no full AI run went through every operation (its lock is the input)');
  }

  printTables({ operations, full, firstRun, change, frozen });
  return finish();
}

/** Copies the spec, keeping only its first `limit` operations when limit > 0 (components stay). */
function writeSpecCopy(from, to, limit) {
  if (!(limit > 0)) return fs.copyFileSync(from, to);
  const document = JSON.parse(fs.readFileSync(from, 'utf8'));
  let kept = 0;
  for (const [route, item] of Object.entries(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      if (!item?.[method]) continue;
      if (kept < limit) kept++;
      else delete item[method];
    }
    if (!HTTP_METHODS.some((method) => item?.[method])) delete document.paths[route];
  }
  fs.writeFileSync(to, JSON.stringify(document));
}

/** Copies the spec with one operation's description edited (part of its contract): returns that operation's id. */
function writeChangedSpec(from, to) {
  const document = JSON.parse(fs.readFileSync(from, 'utf8'));
  for (const [route, item] of Object.entries(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item?.[method];
      if (!operation || typeof operation !== 'object') continue;
      operation.description = `${operation.description ?? ''} (Edited by the benchmark: a one-operation contract change.)`.trimStart();
      fs.writeFileSync(to, JSON.stringify(document));
      return operation.operationId ?? `${method.toUpperCase()} ${route}`;
    }
  }
  throw new Error('the spec has no operation to change');
}

/** Runs one AI generation in a fresh process; returns its result, or undefined (recorded in failures). */
async function runGeneration({ label, workspaceRoot, specName, dir, concurrency, handlersFile, changed }) {
  const resultFile = path.join(dir, 'result.json');
  fs.mkdirSync(dir, { recursive: true });
  const settings = {
    label,
    spec: path.join(workspaceRoot, specName),
    workspaceRoot,
    outDir: path.join(dir, 'out'),
    lockDir: path.join(dir, 'specwright.lock'),
    concurrency,
    latencyMs: LATENCY_MS,
    handlersFile,
    resultFile,
    model: MODEL,
    apiKey: TEST_CREDENTIAL,
    conformance: CONFORMANCE,
    maxFailed: MAX_FAILED,
    timeoutMs: TIMEOUT_MS,
  };
  console.log(`  ${label}: generating …`);
  // The run stops itself at TIMEOUT_MS and reports; the child's deadline is only the backstop.
  const child = await runChild(label, [path.join(__dirname, 'ai', 'run-generation.js'), JSON.stringify(settings)], { ANTHROPIC_API_KEY: TEST_CREDENTIAL }, { quiet: true, timeoutMs: TIMEOUT_MS + 60_000 });
  // A run the benchmark stopped (too many failures) still wrote what it measured.
  if (!fs.existsSync(resultFile)) {
    if (!child.timedOut) failures.push(`${label}: ${child.ok ? 'wrote no result' : 'exited without a result (its error is printed above)'}`);
    return undefined;
  }
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  const s = result.summary;
  console.log(
    `  ${label}: ${result.ok ? 'done' : 'FAILED'} in ${seconds(result.wallMs)} s; ${result.implemented} of ${result.toImplement} operations done; ${result.calls} calls to the fake (${result.repairCalls} repair turns)` +
      (s ? `; ${s.pinned} pinned, ${s.reused} reused, ${s.failed} failed` : '') +
      `; conformance stage ${result.conformance}`,
  );
  const firstLine = (text) => text.split('\n')[0].slice(0, 400);
  for (const [stage, entry] of Object.entries(result.rejected)) {
    console.log(`    ${entry.count} attempt(s) rejected at ${stage}, e.g.:\n      ${entry.examples.map(firstLine).join('\n      ')}`);
  }
  if (result.unknownOperations.length > 0) console.log(`    the fake had no handler for: ${result.unknownOperations.join(', ')}`);
  if (result.instrumentationMissing.length > 0) console.log(`    verification timing incomplete, not found: ${result.instrumentationMissing.join(', ')}`);
  if (!result.ok) {
    if (result.failedCount > 0) console.log(`    ${result.failedCount} operation(s) failed, e.g.:\n      ${result.failed.map(firstLine).join('\n      ')}`);
    failures.push(
      result.finished
        ? `${label}: ${result.failedCount} operation(s) failed verification with the fake's answer (the offline handler), after ${result.calls} calls: ${result.failedIds.join(', ')}`
        : `${label}: ${result.error.split('\n').slice(0, 8).join('\n    ')}`,
    );
    return result;
  }
  if (changed !== undefined && result.calls !== 1) failures.push(`${label}: ${result.calls} calls to the fake, expected exactly 1`);
  return result;
}

/** A child node process with a deadline; its exit or its timeout are recorded in failures. */
function runChild(label, args, env = {}, { quiet = false, timeoutMs = TIMEOUT_MS } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      failures.push(`${label}: could not start: ${error.message}`);
      resolve({ ok: false, timedOut: false });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) failures.push(`${label}: killed after ${timeoutMs / 1000} s (BENCH_AI_TIMEOUT_S): it did not finish`);
      // quiet: the caller reports the child's own result instead.
      else if (code !== 0 && !quiet) failures.push(`${label}: exited with ${signal ?? `code ${code}`} (its error is printed above)`);
      resolve({ ok: !timedOut && code === 0, timedOut });
    });
  });
}

/** `specwright generate --frozen` (anthropic pins, no key) vs offline generate without a lock, as CLI processes, alternated. */
async function compareFrozen({ ws, spec, frozenLock, handOwned }) {
  const offlineDir = path.join(ws, 'offline');
  const frozenOut = path.join(ws, 'frozen', 'out');
  const sides = [
    {
      key: 'offline',
      args: [CLI, 'generate', '--spec', spec, '--out', path.join(offlineDir, 'out'), '--workspace-root', ws, '--lock', path.join(offlineDir, 'specwright.lock')],
      // "No lock present": the offline run pins its handlers, so the next repetition would reuse them.
      clean: [path.join(offlineDir, 'out'), path.join(offlineDir, 'specwright.lock')],
      runs: [],
    },
    {
      key: 'frozen',
      args: [CLI, 'generate', '--spec', spec, '--out', frozenOut, '--workspace-root', ws, '--provider', 'anthropic', '--model', MODEL, '--lock', frozenLock, '--frozen'],
      clean: [frozenOut],
      runs: [],
    },
  ];
  console.log(`\n  --frozen vs offline generate: ${RUNS} runs each (BENCH_AI_RUNS), alternated`);
  const deadline = Date.now() + TIMEOUT_MS;
  for (let run = 1; run <= RUNS; run++) {
    for (const side of sides) {
      for (const dir of side.clean) fs.rmSync(dir, { recursive: true, force: true });
      // As run.js does: no run pays for the previous one's dirty pages.
      execFileSync('sync');
      const r = await measureCommand(process.execPath, side.args, { cwd: ws });
      if (r.code !== 0) {
        failures.push(`4. ${side.key} generate exited with ${r.code}:\n    ${r.output.trim().split('\n').slice(-12).join('\n    ')}`);
        return undefined;
      }
      side.runs.push(r);
      console.log(`    run ${run}/${RUNS} ${side.key}: ${seconds(r.wallMs)} s, ${(r.peakKB / 1024).toFixed(0)} MB`);
      if (Date.now() > deadline) {
        failures.push(`4. --frozen vs offline: stopped after ${TIMEOUT_MS / 1000} s (BENCH_AI_TIMEOUT_S), ${run} of ${RUNS} runs`);
        break;
      }
    }
    if (Date.now() > deadline) break;
  }
  const summary = (side) => ({
    wallMs: median(side.runs.map((r) => r.wallMs)),
    cpuS: median(side.runs.map((r) => r.cpuS)),
    rssMB: median(side.runs.map((r) => r.peakKB)) / 1024,
    runs: side.runs.map((r) => seconds(r.wallMs)),
  });
  return { offline: summary(sides[0]), frozen: summary(sides[1]), handOwned };
}

function printTables({ operations, full, firstRun, change, frozen }) {
  console.log(`\n  Full AI generation, no lock, ${operations.toLocaleString('en-US')} operations, fake latency ${LATENCY_MS} ms per reply:`);
  console.log('  | concurrency | wall (s) | CPU (s) | wall per operation (ms) | peak RSS (MB) | calls | latency alone = calls × latency / concurrency (s) | wall / wall at c=1 |');
  console.log('  | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const reference = full.get(1)?.finished ? full.get(1) : undefined;
  for (const concurrency of CONCURRENCIES) {
    const run = full.get(concurrency);
    if (!run) {
      console.log(`  | ${concurrency} | failed (no result) | | | | | | |`);
      continue;
    }
    const perOperation = (run.wallMs / Math.max(1, run.implemented)).toFixed(0);
    const floor = seconds((run.calls * LATENCY_MS) / concurrency);
    const wall = run.ok
      ? seconds(run.wallMs)
      : run.finished
        ? `${seconds(run.wallMs)} (${run.failedCount} failed)`
        : `STOPPED after ${seconds(run.wallMs)} (${run.implemented} of ${run.toImplement} done, ${run.failedCount} failed)`;
    const ratio = run.finished && reference ? (run.wallMs / reference.wallMs).toFixed(2) : '–';
    console.log(`  | ${concurrency} | ${wall} | ${run.cpuS.toFixed(1)} | ${perOperation} | ${run.peakRssMB.toFixed(0)} | ${run.calls} | ${floor} | ${ratio} |`);
  }

  // From the concurrency-1 run even when it failed: what it verified was timed all the same.
  const timed = full.get(1) ?? firstRun;
  if (timed) printVerify(timed);

  if (change?.ok) {
    const ratio = firstRun ? ` = ${(change.wallMs / firstRun.wallMs).toFixed(3)} × the full run ${firstRun.label}` : '';
    console.log(`\n  1-op change (${change.label.replace(/^1-op change \(|\)$/g, '')}'s description edited; run 1's lock; concurrency ${CHANGE_CONCURRENCY}):`);
    console.log(`    calls to the fake: ${change.calls} (must be 1) ${change.calls === 1 ? 'met' : 'NOT met'}; ${change.summary.reused} reused, ${change.summary.pinned} pinned, ${change.summary.handOwned} hand-owned`);
    console.log(`    wall ${seconds(change.wallMs)} s${ratio}`);
    if (change.verify.length > 0) console.log(`    of which verifying the one candidate: ${seconds(change.verify[0].ms)} s (one-time setup included: the typecheck program, the validators, the conformance model)`);
  }

  if (frozen) {
    const ratio = frozen.frozen.wallMs / frozen.offline.wallMs;
    const owned = frozen.handOwned > 0 ? `; ${frozen.handOwned} operation(s) hand-owned on both sides` : '';
    console.log(`\n  --frozen regeneration vs offline generate (CLI processes, medians of ${frozen.offline.runs.length}${owned}):`);
    console.log('  | run | wall (s) | CPU (s) | peak RSS (MB) | runs (s) |');
    console.log('  | --- | ---: | ---: | ---: | --- |');
    console.log(`  | (f) generate --frozen, anthropic lock complete, no key | ${seconds(frozen.frozen.wallMs)} | ${frozen.frozen.cpuS.toFixed(2)} | ${frozen.frozen.rssMB.toFixed(0)} | ${frozen.frozen.runs.join(', ')} |`);
    console.log(`  | (o) generate, offline, no lock present | ${seconds(frozen.offline.wallMs)} | ${frozen.offline.cpuS.toFixed(2)} | ${frozen.offline.rssMB.toFixed(0)} | ${frozen.offline.runs.join(', ')} |`);
    console.log(`  f/o = ${ratio.toFixed(2)} wall, ${(frozen.frozen.cpuS / frozen.offline.cpuS).toFixed(2)} CPU (target ≤ 1.2) ${ratio <= 1.2 ? 'met' : 'NOT met'}`);
  }
}

/** Verification per operation, from the concurrency-1 run (its verify() calls never overlap). */
function printVerify(run) {
  const calls = run.verify;
  if (calls.length === 0) return;
  const overlapped = run.label !== 'c=1';
  const [first, ...rest] = calls;
  const steady = rest.length > 0 ? rest : calls;
  const mean = (pick) => steady.reduce((sum, c) => sum + pick(c), 0) / steady.length;
  const sorted = steady.map((c) => c.ms).sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const total = calls.reduce((sum, c) => sum + c.ms, 0);
  const conformanceStage = (c) => Math.max(0, c.ms - c.policyMs - c.typecheckMs);
  const rejectedAt = {};
  for (const c of calls) if (!c.ok) rejectedAt[c.stage] = (rejectedAt[c.stage] ?? 0) + 1;
  const rejectedText = Object.entries(rejectedAt).map(([stage, n]) => `${n} at ${stage}`).join(', ') || 'none';
  console.log(
    `\n  Verification (run ${run.label}${run.ok ? '' : ', which FAILED'}: ${calls.length} candidates verified, ${calls.filter((c) => c.ok).length} passed, rejected: ${rejectedText}; conformance stage ${run.conformance})${overlapped ? ' [calls overlapped: stage times are mixed]' : ''}:`,
  );
  console.log('  | | ms per candidate |');
  console.log('  | --- | ---: |');
  console.log(`  | total (policy + typecheck + conformance), mean | ${mean((c) => c.ms).toFixed(1)} |`);
  console.log(`  | total, median / p90 / max | ${at(0.5).toFixed(1)} / ${at(0.9).toFixed(1)} / ${sorted[sorted.length - 1].toFixed(1)} |`);
  console.log(`  | policy, mean | ${mean((c) => c.policyMs).toFixed(1)} |`);
  console.log(`  | typecheck, mean | ${mean((c) => c.typecheckMs).toFixed(1)} |`);
  console.log(`  | conformance stage (load the candidate, build its app, run its cases), mean | ${mean(conformanceStage).toFixed(1)} |`);
  console.log(`  | of which the conformance cases, mean | ${mean((c) => c.casesMs).toFixed(1)} |`);
  console.log(`  first candidate (one-time setup: the typecheck program over types.ts, the validators, the conformance model): ${seconds(first.ms)} s (not in the means above)`);
  console.log(
    `  all verification: ${seconds(total)} s = ${(total / Math.max(1, run.implemented)).toFixed(0)} ms per operation done (${run.implemented}, repairs included) = ${((100 * total) / run.wallMs).toFixed(0)} % of that run's wall time`,
  );
}

function finish() {
  if (failures.length === 0) return;
  console.log(`\n  FAILED (${failures.length}):`);
  for (const failure of failures) console.log(`  - ${failure}`);
  process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

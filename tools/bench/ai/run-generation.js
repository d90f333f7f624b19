'use strict';
// One AI generation in a fresh process (so runs do not warm each other up or share memory):
// `generateToDisk` with the anthropic provider pointed at the loopback fake model, the conformance
// stage from @specwright/conformance, and verification timed stage by stage. Reads its settings
// as JSON from argv[2]; writes its result as JSON to settings.resultFile (stdout is for progress).
//
// settings: { label, spec, workspaceRoot, outDir, lockDir, concurrency, latencyMs, handlersFile, resultFile, model, apiKey,
//             conformance (false: verify without that stage), maxFailed (abort the run once more operations failed),
//             timeoutMs (stop the run then, with what it measured so far) }
const fs = require('node:fs');
const { instrumentVerifier } = require('./verify-timing');
const { startFakeModel } = require('./fake-model');

const now = () => Number(process.hrtime.bigint()) / 1e6;

async function main() {
  const settings = JSON.parse(process.argv[2]);
  const timing = instrumentVerifier();
  const { generateToDisk, resolveProvider, formatError, isSpecwrightError } = require('@specwright/core');

  const { conformanceCheck, conformance } = conformanceStage(settings, timing);

  const handlers = new Map(Object.entries(JSON.parse(fs.readFileSync(settings.handlersFile, 'utf8'))));
  const fake = await startFakeModel({ handlers, latencyMs: settings.latencyMs, apiKey: settings.apiKey });
  const result = { label: settings.label, conformance, instrumentationMissing: timing.missing };
  const rejected = new Map(); // stage → { count, examples }
  const failed = [];
  const failedIds = [];
  let done = 0;
  let total = 0;
  const started = now();
  const cpuStarted = process.cpuUsage();
  const progressEvery = Math.max(1, Math.round(handlers.size / 10));

  /** Fills in what was measured and writes the result file (once). */
  let written = false;
  const writeResult = async () => {
    if (written) return;
    written = true;
    result.wallMs = now() - started;
    const cpu = process.cpuUsage(cpuStarted);
    result.cpuS = (cpu.user + cpu.system) / 1e6;
    result.peakRssMB = process.resourceUsage().maxRSS / 1024;
    result.implemented = done;
    result.toImplement = total;
    result.calls = fake.count();
    result.repairCalls = fake.repairs();
    result.unknownOperations = fake.unknown().slice(0, 5);
    result.rejected = Object.fromEntries(rejected);
    result.failed = failed.slice(0, 5);
    result.failedCount = failed.length;
    result.failedIds = failedIds;
    result.verify = timing.stats.calls;
    fs.writeFileSync(settings.resultFile, JSON.stringify(result));
    await fake.close();
  };

  // Stopped from inside, so that what was measured up to then is still written.
  const stop = (error, code) => {
    result.ok = false;
    result.error = error;
    writeResult().then(() => process.exit(code));
  };
  if (settings.timeoutMs) {
    setTimeout(() => stop(`stopped by the benchmark after ${settings.timeoutMs / 1000} s (BENCH_AI_TIMEOUT_S): ${done} of ${total} operations done`, 4), settings.timeoutMs).unref();
  }

  try {
    const provider = resolveProvider({ provider: 'anthropic', model: settings.model, baseURL: fake.url });
    const generated = await generateToDisk({
      spec: settings.spec,
      workspaceRoot: settings.workspaceRoot,
      outDir: settings.outDir,
      lockDir: settings.lockDir,
      provider,
      concurrency: settings.concurrency,
      ...(conformanceCheck ? { conformanceCheck } : {}),
      onProgress: (event) => {
        if (event.kind === 'work') total = event.toImplement;
        if (event.kind === 'attempt-rejected') {
          const entry = rejected.get(event.stage) ?? { count: 0, examples: [] };
          entry.count++;
          if (entry.examples.length < 3) entry.examples.push(`${event.operationId} (attempt ${event.attempt}): ${event.errors.slice(0, 2).join(' | ').slice(0, 600)}`);
          rejected.set(event.stage, entry);
        }
        if (event.kind !== 'implemented' || event.outcome.kind === 'reused' || event.outcome.kind === 'hand-owned') return;
        done++;
        if (event.outcome.kind === 'failed') {
          failed.push(`${event.operationId} [${event.outcome.stage}]: ${String(event.outcome.reason).slice(0, 600)}`);
          failedIds.push(event.operationId);
          // A run that keeps failing would take hours (each failure costs maxAttempts calls and
          // verifications): stop it and report what failed instead.
          if (settings.maxFailed !== undefined && failed.length > settings.maxFailed) {
            stop(`aborted by the benchmark: ${failed.length} operations failed (more than BENCH_AI_MAX_FAILED=${settings.maxFailed}) after ${done} of ${total} were done`, 3);
          }
        }
        if (total > 1 && done % progressEvery === 0) {
          process.stdout.write(`    ${settings.label}: ${done}/${total} operations done, ${failed.length} failed (${((now() - started) / 1000).toFixed(0)} s)\n`);
        }
      },
    });
    if (written) return;
    result.ok = true;
    result.finished = true;
    result.summary = generated.summary;
  } catch (error) {
    if (written) return;
    // Some operations failed, the rest passed and were pinned: the run went through all of them.
    // Any other error (no key, the API unreachable, a crash) stopped it part-way.
    result.finished = isSpecwrightError(error) && error.code === 'IMPLEMENT_FAILED';
    result.ok = false;
    result.error = isSpecwrightError(error) ? formatError(error) : String(error?.stack ?? error);
  }
  await writeResult();
}

/** The conformance stage verification uses, timed; or why there is none. */
function conformanceStage(settings, timing) {
  if (settings.conformance === false) return { conformance: 'OFF (BENCH_AI_CONFORMANCE=off)' };
  try {
    const { createOperationConformanceCheck } = require('@specwright/conformance');
    if (typeof createOperationConformanceCheck !== 'function') throw new Error('@specwright/conformance has no createOperationConformanceCheck');
    return { conformanceCheck: timing.timedConformanceCheck(createOperationConformanceCheck()), conformance: 'on' };
  } catch (error) {
    return { conformance: `OFF (${String(error.message).split('\n')[0]})` };
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

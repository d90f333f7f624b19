'use strict';
// One `specwright generate` in a child process with a wall-clock limit (run-limited.js).
const { runLimited } = require('./run-limited');

/**
 * @returns {Promise<{ outcome: 'generated' | 'error' | 'timeout', ms: number, code: number | null, stdout: string, stderr: string }>}
 */
async function runGenerate({ cli, spec, out, workspaceRoot, timeoutMs }) {
  const run = await runLimited([cli, 'generate', '--spec', spec, '--out', out, '--workspace-root', workspaceRoot], {
    cwd: workspaceRoot,
    timeoutMs,
    maxOutput: 200_000,
  });
  if (run.spawnError) return { outcome: 'error', ms: 0, code: null, stdout: run.stdout, stderr: `${run.stderr}${String(run.spawnError)}` };
  return { outcome: run.timedOut ? 'timeout' : run.code === 0 ? 'generated' : 'error', ms: run.ms, code: run.code, stdout: run.stdout, stderr: run.stderr };
}

/**
 * What a failed run said: a SpecwrightError prints `location: message [CODE]` (then `fix:`);
 * anything else is a bug, printed as `Unexpected error: …` (or a raw crash: first line kept).
 * @returns {{ kind: 'clear', code: string, message: string } | { kind: 'unexpected', message: string }}
 */
function classifyFailure(stderr) {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('warning: '));
  const coded = lines.map((l) => /^(.*) \[([A-Z][A-Z0-9_]+)\]$/.exec(l)).find(Boolean);
  if (coded) return { kind: 'clear', code: coded[2], message: coded[1].slice(0, 500) };
  const unexpected = lines.find((l) => l.startsWith('Unexpected error')) ?? lines[0] ?? '(no output)';
  return { kind: 'unexpected', message: unexpected.slice(0, 500) };
}

module.exports = { runGenerate, classifyFailure };

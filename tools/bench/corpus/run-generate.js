'use strict';
// One `specwright generate` in a child process with a wall-clock limit. The child is the leader
// of its own process group (detached), so a timeout kills the whole tree with one signal: the CLI
// and anything it may have started.
const { spawn } = require('node:child_process');

/**
 * @returns {Promise<{ outcome: 'generated' | 'error' | 'timeout', ms: number, code: number | null, stdout: string, stderr: string }>}
 */
function runGenerate({ cli, spec, out, workspaceRoot, timeoutMs }) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [cli, 'generate', '--spec', spec, '--out', out, '--workspace-root', workspaceRoot], {
      cwd: workspaceRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    // Keep the head and the tail: a runaway stream must not eat the benchmark's memory.
    const append = (text, chunk) => (text.length < 200_000 ? text + chunk : text);
    child.stdout.on('data', (b) => (stdout = append(stdout, b)));
    child.stderr.on('data', (b) => (stderr = append(stderr, b)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ outcome: timedOut ? 'timeout' : code === 0 ? 'generated' : 'error', ms, code, stdout, stderr });
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ outcome: 'error', ms: 0, code: null, stdout, stderr: `${stderr}${String(error)}` });
    });
  });
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

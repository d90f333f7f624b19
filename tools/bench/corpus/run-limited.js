'use strict';
// A child process with a wall-clock limit. The child leads its own process group (detached), so
// a timeout kills the whole tree with one signal: the command and anything it started.
const { spawn } = require('node:child_process');

/**
 * @param {string[]} args node arguments (the script first)
 * @param {{ cwd: string, timeoutMs: number, maxOutput?: number }} options maxOutput: stop
 *   collecting each stream past this many characters (a runaway stream must not eat memory)
 * @returns {Promise<{ code: number | null, timedOut: boolean, ms: number, stdout: string, stderr: string, spawnError?: Error }>}
 */
function runLimited(args, { cwd, timeoutMs, maxOutput = Infinity }) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(process.execPath, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const append = (text, chunk) => (text.length < maxOutput ? text + chunk : text);
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
      resolve({ code, timedOut, ms: ms(), stdout, stderr });
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, timedOut: false, ms: 0, stdout, stderr, spawnError: error });
    });
  });
}

module.exports = { runLimited };

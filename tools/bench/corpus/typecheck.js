'use strict';
// Typechecks many generated outputs in one TypeScript program: a tsc process per spec would
// spend most of its time loading lib.d.ts, hono's and the runtime's types again (hours over the
// whole collection). The outputs are separate modules that import only packages, so checking
// them together gives each the diagnostics it would get alone; each diagnostic is attributed to
// its spec by the output folder in its path.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** The strict settings generated code is held to, shared with core's generated-code typecheck tests. */
const COMPILER_OPTIONS = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', '..', 'packages', 'core', 'src', 'emit', '__fixtures__', 'strict-compiler-options.json'), 'utf8'),
);

/**
 * @param {{ tsc: string, dir: string, id: string, entries: Array<{ name: string, outDir: string }>, timeoutMs: number }} batch
 *   outDir: absolute folder of one spec's generated code.
 * @returns {Promise<{ ms: number, failed: Map<string, string[]>, crashed?: string }>} diagnostics by spec name
 */
function typecheckBatch({ tsc, dir, id, entries, timeoutMs }) {
  const config = path.join(dir, `tsconfig.${id}.json`);
  const rel = (p) => path.relative(dir, p).split(path.sep).join('/');
  fs.writeFileSync(config, JSON.stringify({ compilerOptions: COMPILER_OPTIONS, include: entries.map((e) => `${rel(e.outDir)}/**/*.ts`) }, null, 2));
  const owners = entries.map((e) => ({ name: e.name, prefix: `${rel(e.outDir)}/` }));
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--max-old-space-size=8192', tsc, '-p', config, '--pretty', 'false'], { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b) => (output += b));
    child.stderr.on('data', (b) => (output += b));
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
      fs.rmSync(config, { force: true });
      const failed = new Map();
      let last;
      let unattributed = '';
      for (const line of output.split('\n')) {
        const diagnostic = /^(.+?)\(\d+,\d+\): error TS\d+: /.exec(line);
        if (diagnostic) {
          const owner = owners.find((o) => diagnostic[1].startsWith(o.prefix));
          if (owner) {
            const list = failed.get(owner.name) ?? [];
            list.push(line.slice(owner.prefix.length));
            failed.set(owner.name, list);
            last = list;
            continue;
          }
        }
        if (/^\s/.test(line) && last) last[last.length - 1] += `\n${line}`;
        else if (line.trim() !== '') {
          unattributed += `${line}\n`;
          last = undefined;
        }
      }
      const ms = Date.now() - started;
      // A diagnostic in no output (a library's, a config error) or a crash says nothing about
      // any one spec: the caller splits the batch to find out.
      if (timedOut) resolve({ ms, failed, crashed: `tsc timed out after ${timeoutMs / 1000} s` });
      else if (code !== 0 && failed.size === 0) resolve({ ms, failed, crashed: `tsc exited ${code}: ${unattributed.slice(0, 2000) || '(no output)'}` });
      else if (unattributed.trim() !== '') resolve({ ms, failed, crashed: `diagnostics outside the outputs: ${unattributed.slice(0, 2000)}` });
      else resolve({ ms, failed });
    });
  });
}

module.exports = { typecheckBatch, COMPILER_OPTIONS };

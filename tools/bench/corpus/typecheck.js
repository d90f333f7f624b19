'use strict';
// Typechecks many generated outputs in one TypeScript program: a tsc process per spec would
// spend most of its time loading lib.d.ts, hono's and the runtime's types again (hours over the
// whole collection). The outputs are separate modules that import only packages, so checking
// them together gives each the diagnostics it would get alone; each diagnostic is attributed to
// its spec by the output folder in its path.
const { runLimited } = require('./run-limited');
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
async function typecheckBatch({ tsc, dir, id, entries, timeoutMs }) {
  const config = path.join(dir, `tsconfig.${id}.json`);
  const rel = (p) => path.relative(dir, p).split(path.sep).join('/');
  fs.writeFileSync(config, JSON.stringify({ compilerOptions: COMPILER_OPTIONS, include: entries.map((e) => `${rel(e.outDir)}/**/*.ts`) }, null, 2));
  const owners = entries.map((e) => ({ name: e.name, prefix: `${rel(e.outDir)}/` }));
  const run = await runLimited(['--max-old-space-size=8192', tsc, '-p', config, '--pretty', 'false'], { cwd: dir, timeoutMs });
  fs.rmSync(config, { force: true });
  const output = `${run.stdout}${run.stderr}`;
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
  const ms = Math.round(run.ms);
  // A diagnostic in no output (a library's, a config error) or a crash says nothing about
  // any one spec: the caller splits the batch to find out.
  if (run.timedOut) return { ms, failed, crashed: `tsc timed out after ${timeoutMs / 1000} s` };
  if (run.code !== 0 && failed.size === 0) return { ms, failed, crashed: `tsc exited ${run.code}: ${(unattributed || String(run.spawnError ?? '')).slice(0, 2000) || '(no output)'}` };
  if (unattributed.trim() !== '') return { ms, failed, crashed: `diagnostics outside the outputs: ${unattributed.slice(0, 2000)}` };
  return { ms, failed };
}

module.exports = { typecheckBatch, COMPILER_OPTIONS };

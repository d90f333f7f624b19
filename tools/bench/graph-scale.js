#!/usr/bin/env node
'use strict';
// Graph scale (part of `npm run bench`): what @specwright/nx adds to Nx's project-graph creation
// in workspaces of many small spec projects. One workspace in the OS temp dir with nx and the
// packed @specwright/* packages installed as a user would (npm install of the `npm pack`
// tarballs, cached across runs while the tarballs are unchanged). For each size it writes N
// projects (project.json + a small openapi.yaml; every 10th $refs a schema in a shared-schemas
// project) and times `nx show projects` with the daemon off:
//   cold = no .nx folder (no project graph, file map or plugin caches),
//   warm = the same command again with the workspace data the cold run left,
// with the plugin registered in nx.json and without it (same files, same projects: only our
// inferred targets differ), rotating which goes first, several runs each; medians of wall time,
// and of CPU time and peak RSS of the whole process tree (Nx runs each plugin in a worker
// process), and ratios. Asserts nothing.
//
//   BENCH_GRAPH_SIZES=100,500,1000 BENCH_GRAPH_RUNS=5 BENCH_GRAPH_CONTROLS=largest|all|none \
//   [BENCH_GRAPH_PLUGIN_DIST=<another build of packages/nx/dist>] node tools/bench/graph-scale.js
//
// Two control variants (at the largest size by default) tell Nx's share from the plugin's: an
// empty plugin (Nx's cost of one more plugin) and the plugin's own results replayed by a plugin
// that does nothing else (Nx's cost of processing those targets).
//
// Targets (issue 9): at 1,000 projects, with/without ≤ 1.3× cold and ≤ 1.1× warm.
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { measureCommand, median } = require('./measure-command');

const ROOT = path.join(__dirname, '..', '..');
const PACKAGE_DIRS = ['packages/runtime', 'packages/core', 'packages/conformance', 'packages/nx'];
const NX_VERSION = '23.2.1';
const SIZES = (process.env.BENCH_GRAPH_SIZES ?? '100,500,1000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const RUNS = Number(process.env.BENCH_GRAPH_RUNS ?? 5);
/** Where the two control variants run: at the largest size (default), at every size, or nowhere. */
const CONTROLS = process.env.BENCH_GRAPH_CONTROLS ?? 'largest';
const TARGETS = { cold: 1.3, warm: 1.1 };
const WORKSPACE = path.join(os.tmpdir(), 'specwright-graph-scale');
const NX_ENV = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Packs the built packages and installs them with nx into WORKSPACE, unless the same tarballs already are. */
function install() {
  const tarballs = path.join(WORKSPACE, 'tarballs');
  fs.rmSync(tarballs, { recursive: true, force: true });
  fs.mkdirSync(tarballs, { recursive: true });
  const deps = { nx: NX_VERSION };
  const hash = crypto.createHash('sha256').update(NX_VERSION);
  for (const dir of PACKAGE_DIRS) {
    const out = execFileSync(npm, ['pack', '--json', '--loglevel=error', '--pack-destination', tarballs], { cwd: path.join(ROOT, dir), encoding: 'utf8' });
    const [{ filename, name }] = JSON.parse(out);
    deps[name] = `file:tarballs/${filename}`;
    hash.update(fs.readFileSync(path.join(tarballs, filename)));
  }
  const marker = path.join(WORKSPACE, 'installed.sha256');
  const digest = hash.digest('hex');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === digest && fs.existsSync(path.join(WORKSPACE, 'node_modules', 'nx'))) return;
  console.log(`Installing nx ${NX_VERSION} and the packed @specwright/* packages into ${WORKSPACE} …`);
  for (const stale of ['node_modules', 'package-lock.json']) fs.rmSync(path.join(WORKSPACE, stale), { recursive: true, force: true });
  writeJson('package.json', { name: 'graph-scale', private: true, dependencies: deps, allowScripts: { nx: true } });
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--prefer-online', '--loglevel=error'], { cwd: WORKSPACE, stdio: ['ignore', 'ignore', 'inherit'] });
  fs.writeFileSync(marker, digest);
}

/**
 * BENCH_GRAPH_PLUGIN_DIST=<folder>: measures another build of @specwright/nx (say, an older
 * commit's packages/nx/dist, for a before/after figure) copied over the installed one. The install
 * marker is dropped, so the next run without it installs the packed build again.
 */
function usePluginBuild(dist) {
  if (!dist) return;
  const installed = path.join(WORKSPACE, 'node_modules', '@specwright', 'nx', 'dist');
  fs.rmSync(installed, { recursive: true, force: true });
  fs.cpSync(path.resolve(dist), installed, { recursive: true });
  fs.rmSync(path.join(WORKSPACE, 'installed.sha256'), { force: true });
  console.log(`Measuring the @specwright/nx build in ${path.resolve(dist)}.`);
}

function writeJson(file, value) {
  fs.writeFileSync(path.join(WORKSPACE, file), `${JSON.stringify(value, null, 2)}\n`);
}

const SHARED_PET = `Pet:
  type: object
  required: [id, name]
  properties:
    id: { type: integer, minimum: 1 }
    name: { type: string }
`;

/** A small spec: two operations; every 10th project's Pet comes from the shared schema project. */
function specOf(i) {
  const pet = i % 10 === 0
    ? `$ref: '../../libs/shared-schemas/pet.yaml#/Pet'`
    : `type: object\n      required: [id]\n      properties:\n        id: { type: integer }\n        label: { type: string }`;
  return `openapi: 3.1.0
info:
  title: API ${i}
  version: 1.0.0
paths:
  /items/{id}:
    get:
      operationId: getItem${i}
      parameters:
        - { name: id, in: path, required: true, schema: { type: integer } }
      responses:
        '200':
          description: The item.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Item' }
        '404':
          description: Not found.
  /items:
    post:
      operationId: createItem${i}
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Item' }
      responses:
        '201':
          description: Created.
components:
  schemas:
    Item:
      ${pet}
`;
}

const projectName = (i) => `api-${String(i).padStart(4, '0')}`;

/** The workspace's projects: N spec projects and the shared schema library (N + 1 in all). */
function writeProjects(size) {
  for (const dir of ['apis', 'libs', '.nx']) fs.rmSync(path.join(WORKSPACE, dir), { recursive: true, force: true });
  fs.writeFileSync(path.join(WORKSPACE, '.gitignore'), 'node_modules\n.nx\ntarballs\nreplay.json\n');
  fs.mkdirSync(path.join(WORKSPACE, 'libs', 'shared-schemas'), { recursive: true });
  writeJson('libs/shared-schemas/project.json', { name: 'shared-schemas', projectType: 'library', targets: {} });
  fs.writeFileSync(path.join(WORKSPACE, 'libs', 'shared-schemas', 'pet.yaml'), SHARED_PET);
  for (let i = 1; i <= size; i++) {
    const dir = path.join('apis', projectName(i));
    fs.mkdirSync(path.join(WORKSPACE, dir), { recursive: true });
    writeJson(path.join(dir, 'project.json'), { name: projectName(i), projectType: 'application', targets: {} });
    fs.writeFileSync(path.join(WORKSPACE, dir, 'openapi.yaml'), specOf(i));
  }
}

/**
 * What nx.json registers in each variant. The two controls explain the gap between the first two:
 * `empty` is a plugin that matches the same files and infers nothing (what Nx charges for one more
 * plugin: a worker process and its messages), `replay` returns the very results @specwright/nx
 * returned, precomputed (what Nx charges for processing those targets, without any of our work).
 */
const VARIANTS = [
  { key: 'without', label: 'without a plugin', plugins: undefined },
  { key: 'with', label: '@specwright/nx', plugins: ['@specwright/nx'] },
  { key: 'empty', label: 'control: an empty plugin', plugins: ['graph-scale-empty-plugin'] },
  { key: 'replay', label: 'control: its results replayed', plugins: ['graph-scale-replay-plugin'] },
];

function useNxJson(plugins) {
  writeJson('nx.json', plugins ? { plugins } : {});
}

/** The control plugins, as installed packages (Nx loads a local plugin path through a TypeScript transpiler, which would charge the control for that). */
function writeControlPlugins() {
  const write = (name, source) => {
    const dir = path.join(WORKSPACE, 'node_modules', name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name, version: '0.0.0', main: 'index.js' })}\n`);
    fs.writeFileSync(path.join(dir, 'index.js'), source);
  };
  // The plugin's own glob, read in the workspace (loading Nx here would set it up for this repository).
  const glob = execFileSync(process.execPath, ['-p', "JSON.stringify(require('@specwright/nx').createNodes[0])"], { cwd: WORKSPACE, env: { ...process.env, ...NX_ENV }, encoding: 'utf8' }).trim();
  write('graph-scale-empty-plugin', `exports.name = 'graph-scale-empty-plugin';\nexports.createNodes = [${glob}, () => []];\n`);
  // Records what @specwright/nx returns (run once per size, before timing) for the replay plugin.
  write(
    'graph-scale-record-plugin',
    `const fs = require('node:fs');
const real = require('@specwright/nx');
const out = ${JSON.stringify(path.join(WORKSPACE, 'replay.json'))};
const saved = () => (fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : {});
const save = (key, value) => fs.writeFileSync(out, JSON.stringify({ ...saved(), [key]: value }));
exports.name = 'graph-scale-record-plugin';
exports.createNodes = [real.createNodes[0], async (...args) => { const r = await real.createNodes[1](...args); save('nodes', r); return r; }];
exports.createDependencies = async (...args) => { const r = await real.createDependencies(...args); save('dependencies', r); return r; };
`,
  );
  write(
    'graph-scale-replay-plugin',
    `const recorded = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(path.join(WORKSPACE, 'replay.json'))}, 'utf8'));
exports.name = 'graph-scale-replay-plugin';
exports.createNodes = [${glob}, () => recorded.nodes];
exports.createDependencies = () => recorded.dependencies;
`,
  );
}

/** nx's CLI entry, from its manifest (nx 23 ships it under dist/). */
function nxBin() {
  const dir = path.join(WORKSPACE, 'node_modules', 'nx');
  return path.join(dir, JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).bin.nx);
}

/**
 * Runs nx and measures wall time, CPU time and peak RSS of its whole process tree (Nx runs each
 * plugin in a worker process), sampled from /proc every 10 ms; CPU from /proc too, because GNU
 * time would miss the workers (see measureCommand's `cpu: 'proc'`). Linux only.
 */
function runNx(args) {
  return measureCommand(process.execPath, [nxBin(), ...args], { cwd: WORKSPACE, env: NX_ENV, cpu: 'proc' });
}

async function nx(args) {
  const r = await runNx(args);
  if (r.code !== 0) throw new Error(`nx ${args.join(' ')} failed (exit ${r.code}):\n${r.output.slice(-3000)}`);
  return r;
}

async function listProjects() {
  const listed = (await nx(['show', 'projects', '--json'])).output;
  return JSON.parse(listed.slice(listed.indexOf('['))).sort();
}

/**
 * Before timing: every variant lists the same N + 1 projects, the plugin infers its targets, its
 * edges reach the shared schema project, and the replay plugin has its results to return.
 */
async function check(size, variants) {
  fs.rmSync(path.join(WORKSPACE, 'replay.json'), { force: true });
  useNxJson(['graph-scale-record-plugin']);
  fs.rmSync(path.join(WORKSPACE, '.nx'), { recursive: true, force: true });
  const projects = await listProjects();
  if (projects.length !== size + 1) throw new Error(`expected ${size + 1} projects, nx lists ${projects.length}`);
  const recorded = JSON.parse(fs.readFileSync(path.join(WORKSPACE, 'replay.json'), 'utf8'));
  const refs = Math.floor(size / 10);
  const toShared = recorded.dependencies.filter((d) => d.target === 'shared-schemas');
  if (recorded.nodes.length !== size || toShared.length !== refs) {
    throw new Error(`the plugin inferred ${recorded.nodes.length} projects (expected ${size}) and ${toShared.length} edges to shared-schemas (expected ${refs})`);
  }
  for (const variant of variants) {
    useNxJson(variant.plugins);
    if (JSON.stringify(await listProjects()) !== JSON.stringify(projects)) throw new Error(`${variant.label} lists other projects`);
  }
  useNxJson(VARIANTS[1].plugins);
  const shown = (await nx(['show', 'project', projectName(size), '--json'])).output;
  const targets = Object.keys(JSON.parse(shown.slice(shown.indexOf('{'))).targets ?? {});
  if (!targets.includes('generate')) throw new Error(`the plugin inferred no generate target for ${projectName(size)}: ${targets.join(', ')}`);
}

async function measureSize(size, variants) {
  writeProjects(size);
  // A workspace is a git repository (Nx asks git about it in every process).
  const git = (...args) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', ...args], { cwd: WORKSPACE, stdio: 'ignore' });
  fs.rmSync(path.join(WORKSPACE, '.git'), { recursive: true, force: true });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', `${size} spec projects`);
  await check(size, variants);
  const results = Object.fromEntries(variants.map((v) => [v.key, { cold: [], warm: [], coldCpu: [], warmCpu: [], rss: [] }]));
  for (let run = 1; run <= RUNS; run++) {
    // Rotate which variant goes first, so none always follows another's disk activity.
    const order = variants.map((_, i) => variants[(i + run - 1) % variants.length]);
    for (const variant of order) {
      useNxJson(variant.plugins);
      fs.rmSync(path.join(WORKSPACE, '.nx'), { recursive: true, force: true });
      execFileSync('sync');
      const cold = await nx(['show', 'projects']);
      const warm = await nx(['show', 'projects']);
      const r = results[variant.key];
      r.cold.push(cold.wallMs);
      r.warm.push(warm.wallMs);
      r.coldCpu.push(cold.cpuS);
      r.warmCpu.push(warm.cpuS);
      r.rss.push(Math.max(cold.peakKB, warm.peakKB));
      process.stdout.write(
        `  ${size} projects, run ${run}/${RUNS}, ${variant.label}: cold ${(cold.wallMs / 1000).toFixed(2)} s, warm ${(warm.wallMs / 1000).toFixed(2)} s, peak RSS ${(Math.max(cold.peakKB, warm.peakKB) / 1024).toFixed(0)} MB\n`,
      );
    }
  }
  const medians = {};
  for (const [key, r] of Object.entries(results)) {
    medians[key] = Object.fromEntries(Object.entries(r).map(([k, values]) => [k, median(values)]));
  }
  return { size, medians };
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'packages', 'nx', 'dist', 'index.js'))) throw new Error('Build first: npm run build');
  fs.mkdirSync(WORKSPACE, { recursive: true });
  install();
  usePluginBuild(process.env.BENCH_GRAPH_PLUGIN_DIST);
  writeControlPlugins();
  console.log(`\nGraph scale: \`nx show projects\` (nx ${NX_VERSION}, NX_DAEMON=false) in ${WORKSPACE}, with and without @specwright/nx in nx.json`);
  console.log(`Node ${process.version}, ${os.cpus().length} CPUs, ${RUNS} runs per variant, rotating; medians. Every 10th spec $refs libs/shared-schemas/pet.yaml.\n`);
  const rows = [];
  const largest = Math.max(...SIZES);
  for (const size of SIZES) rows.push(await measureSize(size, CONTROLS === 'all' || (CONTROLS === 'largest' && size === largest) ? VARIANTS : VARIANTS.slice(0, 2)));
  const s = (v) => (Number.isNaN(v) ? '–' : (v / 1000).toFixed(2));
  const cpu = (v) => (Number.isNaN(v) ? '–' : v.toFixed(2));
  const x = (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? '–' : `${(a / b).toFixed(2)}×`);
  console.log('\nWall time (and CPU time of the whole process tree) of `nx show projects`; ratios against the same workspace without a plugin.\n');
  console.log('| projects | nx.json registers | cold (s) | warm (s) | cold ratio | warm ratio | cold CPU (s) | warm CPU (s) | CPU ratio cold / warm | peak RSS (MB) |');
  console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const { size, medians } of rows) {
    const base = medians.without;
    for (const variant of VARIANTS.filter((v) => medians[v.key])) {
      const m = medians[variant.key];
      const ratios = variant.key === 'without' ? ['', '', ''] : [x(m.cold, base.cold), x(m.warm, base.warm), `${x(m.coldCpu, base.coldCpu)} / ${x(m.warmCpu, base.warmCpu)}`];
      console.log(`| ${size} | ${variant.label} | ${s(m.cold)} | ${s(m.warm)} | ${ratios[0]} | ${ratios[1]} | ${cpu(m.coldCpu)} | ${cpu(m.warmCpu)} | ${ratios[2]} | ${(m.rss / 1024).toFixed(0)} |`);
    }
  }
  const top = rows.find((r) => r.size === largest);
  if (top) {
    const { with: w, without: wo, replay } = top.medians;
    const cold = w.cold / wo.cold;
    const warm = w.warm / wo.warm;
    console.log(`\nAt ${top.size} projects: cold ${cold.toFixed(2)}× (target ≤ ${TARGETS.cold}) ${cold <= TARGETS.cold ? 'met' : 'NOT met'}; warm ${warm.toFixed(2)}× (target ≤ ${TARGETS.warm}) ${warm <= TARGETS.warm ? 'met' : 'NOT met'}.`);
    if (replay) {
      console.log(`Nx's own share (the same results replayed): cold ${x(replay.cold, wo.cold)}, warm ${x(replay.warm, wo.warm)} wall; CPU ${x(replay.coldCpu, wo.coldCpu)} / ${x(replay.warmCpu, wo.warmCpu)}. The plugin's own work: ${cpu(w.coldCpu - replay.coldCpu)} s CPU cold, ${cpu(w.warmCpu - replay.warmCpu)} s warm.`);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

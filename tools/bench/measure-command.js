'use strict';
// Runs a command and measures it the same way for every tool: wall time, CPU time (user+sys of
// the whole tree, from GNU time when present, or with `cpu: 'proc'` summed from /proc) and peak
// RSS of the whole process tree. RSS is
// sampled from /proc every 10 ms and summed over the command's process group plus any
// descendants, because some tools (hey-api) re-spawn themselves and GNU time's %M only sees the
// largest single process. Linux only, like the benchmark machine.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const TIME_BIN = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
/** CPU times in /proc/<pid>/stat are in clock ticks (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

function snapshot() {
  const out = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    let status;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    // fields[0] is field 3 of proc(5): ppid 4, pgrp 5, utime 14, stime 15.
    const ticks = Number(fields[11]) + Number(fields[12]);
    out.set(Number(entry), { ppid: Number(fields[1]), pgrp: Number(fields[2]), ticks, rssKB: kb('VmRSS'), hwmKB: kb('VmHWM') });
  }
  return out;
}

function treeOf(snap, root) {
  const tree = new Set();
  for (const [pid, p] of snap) if (pid === root || p.pgrp === root) tree.add(pid);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of snap) {
      if (!tree.has(pid) && tree.has(p.ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return tree;
}

/**
 * `options.cpu === 'proc'`: CPU is the sum of each process's last sampled ticks (at most 10 ms
 * short per process) instead of GNU time's, for commands whose workers outlive their parent's
 * wait (Nx ends its plugin workers without waiting, so their usage never reaches rusage).
 * @returns {Promise<{ code: number, wallMs: number, cpuS: number, peakKB: number, output: string }>}
 */
function measureCommand(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const useTime = TIME_BIN !== undefined && options.cpu !== 'proc';
    const timeFile = path.join(os.tmpdir(), `specwright-bench-${process.pid}-${Date.now()}.time`);
    const argv = useTime ? [TIME_BIN, '-f', '%e %M %U %S', '-o', timeFile, command, ...args] : [command, ...args];
    const started = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b) => (output += b));
    child.stderr.on('data', (b) => (output += b));
    const wrapper = useTime ? child.pid : -1;
    const ticks = new Map();
    let peak = 0;
    let maxProcess = 0;
    const sample = () => {
      const snap = snapshot();
      let sum = 0;
      for (const pid of treeOf(snap, child.pid)) {
        if (pid === wrapper) continue;
        const p = snap.get(pid);
        ticks.set(pid, p.ticks);
        sum += p.rssKB;
        maxProcess = Math.max(maxProcess, p.hwmKB);
      }
      peak = Math.max(peak, sum);
    };
    const timer = setInterval(sample, 10);
    sample();
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      let cpuS = useTime ? NaN : [...ticks.values()].reduce((a, b) => a + b, 0) / USER_HZ;
      if (useTime) {
        try {
          const fields = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ');
          maxProcess = Math.max(maxProcess, Number(fields[1]) || 0);
          cpuS = Number(fields[2]) + Number(fields[3]);
          fs.unlinkSync(timeFile);
        } catch {
          // no timing file: leave cpu unknown
        }
      }
      resolve({ code, wallMs, cpuS, peakKB: Math.max(peak, maxProcess), output });
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

module.exports = { measureCommand, median };

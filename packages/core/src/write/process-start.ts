import { readFileSync } from 'node:fs';

/**
 * Clock ticks per second of /proc's times. Linux has reported start times in USER_HZ = 100 on
 * every architecture for decades; node cannot call sysconf(_SC_CLK_TCK) to ask.
 */
const USER_HZ = 100;

/**
 * When a process started (epoch ms, to about a second), or undefined where the OS does not say
 * (only Linux's /proc is read). Used to tell a live lock holder from an unrelated process that
 * was given the same pid later, as happens after a container restart.
 */
export function processStartedAt(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]); // field 22, starttime
    const boot = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (!boot || !Number.isFinite(ticks)) return undefined;
    return Number(boot[1]) * 1000 + (ticks / USER_HZ) * 1000;
  } catch {
    return undefined;
  }
}

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX_LENGTH = 300;

/**
 * The command line of a live process, for messages that name who holds a lock, or undefined
 * when the OS does not tell. Linux exposes it in /proc; elsewhere `ps` (POSIX) prints it.
 */
export function commandLineOf(pid: number): string | undefined {
  let command: string | undefined;
  try {
    // NUL-separated arguments.
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    if (process.platform !== 'win32') {
      try {
        command = execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      } catch {
        command = undefined;
      }
    }
  }
  if (!command) return undefined;
  // One line: the command line is the other process's data, shown inside our message.
  const flat = command.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
  return flat.length > MAX_LENGTH ? `${flat.slice(0, MAX_LENGTH)}…` : flat;
}

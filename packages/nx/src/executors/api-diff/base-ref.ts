import { readFileSync } from 'node:fs';

/** Where the base ref came from, for the line the target prints. */
export interface BaseRef {
  readonly ref: string;
  readonly from: 'option' | 'NX_BASE' | 'nx command' | 'nx.json' | 'default';
}

/**
 * The git ref to compare with. `nx affected --base=origin/main` does not pass `--base` on to the
 * tasks it runs, so after the target's own `base` option and NX_BASE (which both Nx and this
 * target read), the `--base` of the nx command that started the task is used — read from the
 * ancestor processes' arguments on Linux — and then nx.json's defaultBase, as affected does.
 */
export function resolveBaseRef(option: string | undefined, nxJsonDefaultBase: string | undefined, env: NodeJS.ProcessEnv = process.env): BaseRef {
  if (option) return { ref: option, from: 'option' };
  if (env['NX_BASE']) return { ref: env['NX_BASE'], from: 'NX_BASE' };
  const fromCommand = baseOfNxCommand();
  if (fromCommand) return { ref: fromCommand, from: 'nx command' };
  if (nxJsonDefaultBase) return { ref: nxJsonDefaultBase, from: 'nx.json' };
  return { ref: 'main', from: 'default' };
}

/** `--base=<ref>` or `--base <ref>` in the arguments of an nx process above this one. */
function baseOfNxCommand(): string | undefined {
  let pid = process.ppid;
  for (let depth = 0; depth < 6 && pid > 1; depth++) {
    const args = argumentsOf(pid);
    if (args === undefined) return undefined;
    if (args.some((arg) => /(^|[\\/])nx(\.js)?$/.test(arg) || arg === 'affected')) {
      const found = baseIn(args);
      if (found) return found;
    }
    const parent = parentOf(pid);
    if (parent === undefined) return undefined;
    pid = parent;
  }
  return undefined;
}

export function baseIn(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith('--base=')) return arg.slice('--base='.length) || undefined;
    if (arg === '--base' && args[i + 1] && !args[i + 1].startsWith('-')) return args[i + 1];
  }
  return undefined;
}

function argumentsOf(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
  } catch {
    return undefined; // not Linux, or gone
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid …: comm may hold spaces and parentheses, so split after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

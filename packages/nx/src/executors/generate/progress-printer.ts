/**
 * What `nx run <project>:generate` prints while core works and when it is done: which operation
 * is being implemented, rejected attempts, and a summary of every operation that was not simply
 * reused from the lock, with tokens and cost when a model was called.
 *
 * Events are read loosely, by field: core adds event kinds and fields over time, and a printer
 * that refused an event it does not know would fail a run that succeeded. Nothing here knows a
 * provider by name.
 */

/** Where the printer writes. `log` prints whole lines; `write` raw text (the live line on a terminal). */
export interface ProgressOutput {
  /** A terminal: progress is one line redrawn in place. Otherwise (CI, a log file) plain lines. */
  readonly isTTY: boolean;
  /** Terminal width, to keep the live line on one row. */
  readonly columns?: number;
  write(text: string): void;
  log(line: string): void;
}

export interface TokenTotals {
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
}

export interface ProgressPrinter {
  /** Give this to core's `onProgress`. */
  readonly onProgress: (event: unknown) => void;
  /** Removes the live line (call before printing anything else). */
  finish(): void;
  /**
   * The per-operation outcomes other than `reused`, the number reused, and tokens and cost.
   * `result` is core's GenerateResult, if the run got that far: its outcomes, usage and cost win
   * over what the events said.
   */
  summaryLines(result?: unknown): string[];
}

/** What one operation ended as in this run. */
interface Outcome {
  readonly operationId: string;
  readonly origin: string;
  /** Attempts, hand edits: what the summary says about it (a failure's reason is in the error). */
  readonly detail: string;
}

/** Outcomes in the summary: hand-written first, failures last (nearest the error message). */
const ORIGIN_ORDER = ['hand-owned', 'generated', 'pinned', 'edited', 'failed'];
/** Outcomes that cost nothing and change nothing: counted, not listed as they happen. */
const QUIET = new Set(['reused', 'hand-owned']);

export function createProgressPrinter(out: ProgressOutput): ProgressPrinter {
  const outcomes = new Map<string, Outcome>();
  let total: number | undefined;
  let done = 0;
  let usage: TokenTotals | undefined;
  let cost: number | undefined;
  let live = false;

  const show = (line: string, always: boolean): void => {
    if (out.isTTY) {
      const width = Math.max(20, (out.columns ?? 80) - 1);
      out.write(`\r\x1b[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
      live = true;
    } else if (always) {
      out.log(line);
    }
  };

  const onProgress = (raw: unknown): void => {
    if (!isRecord(raw)) return;
    const event = raw;
    switch (event['kind']) {
      case 'loaded': {
        total = numberOr(event['operations'], undefined);
        show(`Specwright: ${total ?? '?'} operation(s) from ${numberOr(event['files'], '?')} spec file(s)`, false);
        return;
      }
      case 'work': {
        const todo = numberOr(event['toImplement'], 0);
        const reused = numberOr(event['reused'], 0);
        if (todo > 0) show(`Specwright: ${todo} operation(s) to implement, ${reused} reused from the lock`, true);
        return;
      }
      case 'implemented': {
        const operationId = event['operationId'];
        if (typeof operationId !== 'string') return;
        const origin = stringOr(event['origin'], stringOr(isRecord(event['outcome']) ? event['outcome']['kind'] : undefined, 'done'));
        done++;
        const fields = isRecord(event['outcome']) ? { ...event['outcome'], ...event } : event;
        const detail = describeDetail(origin, fields);
        outcomes.set(operationId, { operationId, origin, detail });
        usage = addTokens(usage, readTokens(event['usage']) ?? (isRecord(event['outcome']) ? readTokens(event['outcome']['usage']) : undefined));
        const reason = describeReason(fields);
        const said = [detail, reason].filter((part) => part !== '').join('; ');
        show(`  [${done}/${total ?? '?'}] ${operationId}: ${origin}${said ? ` (${said})` : ''}`, !QUIET.has(origin));
        return;
      }
      case 'attempt-rejected': {
        const errors = Array.isArray(event['errors']) ? event['errors'].length : undefined;
        show(
          `  ${stringOr(event['operationId'], '?')}: attempt ${numberOr(event['attempt'], '?')} rejected` +
            `${typeof event['stage'] === 'string' ? ` by ${event['stage']}` : ''}${errors === undefined ? '' : ` (${errors} error${errors === 1 ? '' : 's'})`}`,
          true,
        );
        return;
      }
      case 'summary':
      case 'usage': {
        usage = readTokens(event['usage']) ?? readTokens(event['tokens']) ?? usage;
        cost = readCost(event) ?? cost;
        return;
      }
      default:
        // An event this version does not know: nothing to show, and no reason to fail.
        return;
    }
  };

  return {
    onProgress,
    finish(): void {
      if (live) out.write('\r\x1b[2K');
      live = false;
    },
    summaryLines(result?: unknown): string[] {
      const lines: string[] = [];
      // Core's outcomes win; the events add what they leave out (hand-owned operations).
      const fromResult = isRecord(result) ? outcomesOf(result['outcomes']) : undefined;
      const all = new Map([...outcomes, ...(fromResult ?? [])]);
      const listed = [...all.values()]
        .filter((o) => o.origin !== 'reused')
        .sort((a, b) => rank(a.origin) - rank(b.origin) || (a.operationId < b.operationId ? -1 : a.operationId > b.operationId ? 1 : 0));
      const width = Math.max(0, ...listed.map((o) => o.origin.length));
      for (const o of listed) lines.push(`  ${o.origin.padEnd(width)}  ${o.operationId}${o.detail ? ` (${o.detail})` : ''}`);
      const reused = [...all.values()].filter((o) => o.origin === 'reused').length;
      if (reused > 0) lines.push(`  ${reused} operation(s) reused from the lock`);
      const fromSummary = isRecord(result) && isRecord(result['summary']) ? result['summary'] : undefined;
      const tokens = (fromSummary && (readTokens(fromSummary['usage']) ?? readTokens(fromSummary['tokens']))) ?? usage;
      const dollars = (fromSummary && readCost(fromSummary)) ?? cost;
      if (tokens && tokens.input + tokens.output + tokens.cacheRead + tokens.cacheWrite > 0) {
        // No cost when core gave none (a model without a known price, or a run that stopped early).
        lines.push(
          `Tokens: ${tokens.input} input, ${tokens.output} output, ${tokens.cacheRead} cache read, ${tokens.cacheWrite} cache write` +
            (dollars === undefined ? '' : `; estimated cost $${dollars.toFixed(4)}`),
        );
      }
      return lines;
    },
  };
}

/** The output of this process: a live line on a terminal, plain lines otherwise. */
export function processOutput(): ProgressOutput {
  return {
    isTTY: process.stdout.isTTY === true,
    columns: process.stdout.columns,
    write: (text) => void process.stdout.write(text),
    log: (line) => console.log(line),
  };
}

/** Core's `outcomes` (operation id → `{ kind, attempts?, reason?, … }`), when it is a Map. */
function outcomesOf(value: unknown): Map<string, Outcome> | undefined {
  if (!(value instanceof Map)) return undefined;
  const read = new Map<string, Outcome>();
  for (const [operationId, outcome] of value as Map<unknown, unknown>) {
    if (typeof operationId !== 'string' || !isRecord(outcome)) continue;
    const origin = stringOr(outcome['kind'], 'done');
    read.set(operationId, { operationId, origin, detail: describeDetail(origin, outcome) });
  }
  return read;
}

function describeDetail(origin: string, fields: Record<string, unknown>): string {
  const parts: string[] = [];
  const attempts = fields['attempts'];
  if (typeof attempts === 'number' && (origin !== 'generated' && origin !== 'pinned' ? attempts > 0 : attempts > 1)) {
    parts.push(`${attempts} attempt${attempts === 1 ? '' : 's'}`);
  }
  if (origin === 'edited') parts.push(fields['stale'] === true ? 'edited by hand, and its contract or model changed: kept, not regenerated' : 'edited by hand: kept');
  return parts.join('; ');
}

/** Why an operation failed, on one line, for the progress line (the run's error lists them all). */
function describeReason(fields: Record<string, unknown>): string {
  for (const key of ['reason', 'message']) {
    const text = fields[key];
    if (typeof text === 'string' && text !== '') {
      const stage = typeof fields['stage'] === 'string' && !text.startsWith(`${fields['stage']}`) ? `${fields['stage']}: ` : '';
      return `${stage}${firstLine(text)}`;
    }
  }
  return '';
}

function rank(origin: string): number {
  const index = ORIGIN_ORDER.indexOf(origin);
  return index === -1 ? ORIGIN_ORDER.length - 1 : index; // unknown outcomes just before failures
}

function readTokens(value: unknown): TokenTotals | undefined {
  if (!isRecord(value)) return undefined;
  const n = (key: string): number => (typeof value[key] === 'number' && Number.isFinite(value[key]) ? (value[key] as number) : 0);
  if (!['input', 'output', 'cacheRead', 'cacheWrite'].some((key) => typeof value[key] === 'number')) return undefined;
  return { input: n('input'), output: n('output'), cacheRead: n('cacheRead'), cacheWrite: n('cacheWrite') };
}

function addTokens(a: TokenTotals | undefined, b: TokenTotals | undefined): TokenTotals | undefined {
  if (!b) return a;
  if (!a) return b;
  return { input: a.input + b.input, output: a.output + b.output, cacheRead: a.cacheRead + b.cacheRead, cacheWrite: a.cacheWrite + b.cacheWrite };
}

function readCost(fields: Record<string, unknown>): number | undefined {
  for (const key of ['costUsd', 'cost']) {
    const value = fields[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}

function numberOr<T>(value: unknown, fallback: T): number | T {
  return typeof value === 'number' ? value : fallback;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

import type { GenerateProgress, GenerateResult } from '../generate';
import { addUsage, type OperationOutcome } from '../implement/outcomes';
import type { TokenUsage } from '../providers/provider';

export interface ProgressStream {
  write(text: string): unknown;
  /** A terminal gets one live line; anything else (CI, a file) gets plain lines. */
  readonly isTTY?: boolean;
}

export interface ProgressPrinter {
  readonly onProgress: (event: GenerateProgress) => void;
  /** Ends the live line (call before printing anything else, success or not). */
  finish(): void;
}

/**
 * Progress of the implement stage: operations done / reused / failed, tokens and estimated
 * cost. On a TTY a single line redrawn in place (at most ten times a second); otherwise one plain
 * line per operation that needed the provider, so CI logs stay readable at 1,000 operations.
 */
export function createProgressPrinter(
  stream: ProgressStream,
  options: {
    readonly estimateCost?: (usage: TokenUsage) => number | undefined;
    /** Only rejections and failures (the offline provider: fast, free and deterministic, so per-operation lines are noise). */
    readonly quiet?: boolean;
  } = {},
): ProgressPrinter {
  const live = stream.isTTY === true && !options.quiet;
  let total = 0;
  let toImplement = 0;
  let done = 0;
  let reused = 0;
  let failed = 0;
  let usage: TokenUsage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  let lastDraw = 0;
  let drawn = false;
  let lastBatch = '';

  const line = (): string => {
    const cost = options.estimateCost?.(usage);
    return `  ${done}/${toImplement} implemented · ${reused} reused · ${failed} failed · ${formatTokens(usage)}${cost === undefined ? '' : ` · ~${formatDollars(cost)}`}`;
  };
  const draw = (force: boolean): void => {
    if (!live) return;
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    stream.write(`\r\x1b[2K${line()}`);
    drawn = true;
  };
  const plain = (text: string): void => {
    if (live) {
      stream.write(`\r\x1b[2K${text}\n`);
      draw(true);
    } else stream.write(`${text}\n`);
  };

  return {
    onProgress(event) {
      switch (event.kind) {
        case 'loaded':
          total = event.operations;
          return;
        case 'work':
          toImplement = event.toImplement;
          if (event.toImplement > 0 && !options.quiet) plain(`Implementing ${event.toImplement} of ${total} operation(s); ${event.reused} pinned earlier.`);
          return;
        case 'batch': {
          // One line per change of the counts while a Message Batch is polled (not one per poll).
          const counts = `batch ${event.batchId}: ${event.processing} processing, ${event.succeeded} succeeded, ${event.errored} errored, ${event.expired} expired, ${event.canceled} canceled`;
          if (counts !== lastBatch) plain(`  ${counts}`);
          lastBatch = counts;
          return;
        }
        case 'attempt-rejected':
          plain(`  rejected  ${event.operationId}: attempt ${event.attempt} failed ${event.stage}: ${firstLine(event.errors[0] ?? '')}${event.errors.length > 1 ? ` (+${event.errors.length - 1} more)` : ''}`);
          return;
        case 'implemented': {
          const outcome = event.outcome;
          if (outcome.kind === 'reused' || outcome.kind === 'edited' || outcome.kind === 'hand-owned') {
            if (outcome.kind !== 'hand-owned') reused++;
            draw(false);
            return;
          }
          usage = addUsage(usage, outcome.usage);
          if (outcome.kind === 'failed') failed++;
          else done++;
          if (outcome.kind === 'failed' || !options.quiet) plain(`  ${outcome.kind === 'failed' ? 'failed ' : 'pinned '}  ${event.operationId}${describeOutcome(outcome)}`);
          return;
        }
        default:
          // Event kinds of a newer core are ignored rather than misprinted.
          return;
      }
    },
    finish() {
      if (live && drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

/** The end-of-run summary: counts, tokens, cost, prompt caching, and each operation that did not simply reuse its pin. */
export function formatGenerateSummary(result: GenerateResult): string[] {
  const s = result.summary;
  const lines: string[] = [];
  if (!s.server) return lines;
  // Reused pins are the normal case, and the offline provider's new pins are free and
  // deterministic: both are counted, not listed, so 1,000 operations do not print 1,000 lines.
  const quiet = (kind: OperationOutcome['kind']): boolean => kind === 'reused' || kind === 'hand-owned' || (kind === 'pinned' && s.provider === 'offline');
  const notable = [...result.outcomes].filter(([, outcome]) => !quiet(outcome.kind));
  if (notable.length > 0) {
    lines.push('Operations:');
    for (const [id, outcome] of notable.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) lines.push(`  ${outcome.kind.padEnd(10)} ${id}${describeOutcome(outcome)}`);
    if (s.reused > 0) lines.push(`  reused     ${s.reused} more operation(s) whose pins are current`);
  }
  if (s.pinned > 0 && result.lock) lines.push(`Pinned ${s.pinned} new ${s.provider} implementation(s) in ${result.lock.display}/ (commit it).`);
  const spent = s.usage.input + s.usage.output + s.usage.cacheRead + s.usage.cacheWrite > 0;
  if (spent) {
    lines.push(`Tokens: ${formatTokens(s.usage)}; estimated cost: ${s.cost === undefined ? 'unknown price for this model' : formatDollars(s.cost)}.`);
    lines.push(
      s.usage.cacheRead > 0
        ? `Prompt caching took effect: ${s.usage.cacheRead.toLocaleString('en-US')} input tokens read from the cache.`
        : s.pinned + s.failed > 1
          ? 'Prompt caching did not take effect (no cache reads): the shared context may be below the model\'s minimum cacheable length.'
          : 'Prompt caching: one call, nothing to reuse.',
    );
  }
  return lines;
}

function describeOutcome(outcome: OperationOutcome): string {
  switch (outcome.kind) {
    case 'pinned':
      return ` (${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}${tokensOf(outcome.usage)})`;
    case 'failed':
      return ` (${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}${tokensOf(outcome.usage)}): ${firstLine(outcome.reason)}`;
    case 'edited':
      return outcome.stale ? ' (edited by hand; its contract or model changed since)' : ' (edited by hand; kept)';
    default:
      return '';
  }
}

function tokensOf(usage: TokenUsage): string {
  return usage.input + usage.output > 0 ? `, ${formatTokens(usage)}` : '';
}

function formatTokens(usage: TokenUsage): string {
  const k = (n: number): string => (n >= 10_000 ? `${(n / 1000).toFixed(1)}k` : n.toLocaleString('en-US'));
  return `${k(usage.input + usage.cacheRead + usage.cacheWrite)} in (${k(usage.cacheRead)} cached) / ${k(usage.output)} out tokens`;
}

function formatDollars(amount: number): string {
  return `$${amount < 0.01 && amount > 0 ? amount.toFixed(4) : amount.toFixed(2)}`;
}

function firstLine(text: string): string {
  const first = text.split('\n')[0] ?? '';
  return first.length > 200 ? `${first.slice(0, 199)}…` : first;
}

import { createProgressPrinter } from './progress-printer';

const usage = { input: 1200, output: 300, cacheRead: 800, cacheWrite: 0 };

function plain(quiet = false) {
  const written: string[] = [];
  const printer = createProgressPrinter({ isTTY: false, write: (text) => written.push(text) }, { quiet, estimateCost: () => 0.0123 });
  return { written, printer };
}

describe('createProgressPrinter', () => {
  it('in CI: one plain line per operation the provider handled, rejected attempts, and batch counts when they change', () => {
    const { written, printer } = plain();
    printer.onProgress({ kind: 'loaded', files: 1, operations: 3 });
    printer.onProgress({ kind: 'work', toImplement: 2, reused: 1 });
    printer.onProgress({ kind: 'implemented', operationId: 'listPets', outcome: { kind: 'reused' } });
    const batch = { kind: 'batch', batchId: 'msgbatch_1', processing: 2, succeeded: 0, errored: 0, expired: 0, canceled: 0 } as const;
    printer.onProgress(batch);
    printer.onProgress(batch);
    printer.onProgress({ ...batch, processing: 0, succeeded: 2 });
    printer.onProgress({ kind: 'attempt-rejected', operationId: 'getPet', attempt: 1, stage: 'typecheck', errors: ['implementations/getPet.ts(3,5): error TS2322: nope', 'second'] });
    printer.onProgress({ kind: 'implemented', operationId: 'getPet', outcome: { kind: 'pinned', attempts: 2, usage } });
    printer.onProgress({ kind: 'implemented', operationId: 'deletePet', outcome: { kind: 'failed', attempts: 3, usage, reason: 'policy: child_process\nmore', stage: 'policy' } });
    printer.finish();
    expect(written.join('')).toBe(
      [
        'Implementing 2 of 3 operation(s); 1 pinned earlier.',
        '  batch msgbatch_1: 2 processing, 0 succeeded, 0 errored, 0 expired, 0 canceled',
        '  batch msgbatch_1: 0 processing, 2 succeeded, 0 errored, 0 expired, 0 canceled',
        '  rejected  getPet: attempt 1 failed typecheck: implementations/getPet.ts(3,5): error TS2322: nope (+1 more)',
        '  pinned   getPet (2 attempts, 2,000 in (800 cached) / 300 out tokens)',
        '  failed   deletePet (3 attempts, 2,000 in (800 cached) / 300 out tokens): policy: child_process',
        '',
      ].join('\n'),
    );
  });

  it('quiet (the offline provider): only failures', () => {
    const { written, printer } = plain(true);
    printer.onProgress({ kind: 'work', toImplement: 2, reused: 0 });
    printer.onProgress({ kind: 'implemented', operationId: 'a', outcome: { kind: 'pinned', attempts: 1, usage } });
    printer.onProgress({ kind: 'implemented', operationId: 'b', outcome: { kind: 'failed', attempts: 0, usage, reason: 'its contract changed', stage: 'provider' } });
    expect(written).toEqual(['  failed   b (0 attempts, 2,000 in (800 cached) / 300 out tokens): its contract changed\n']);
  });

  it('on a terminal: one line redrawn in place with counts, tokens and cost, cleared at the end', () => {
    const written: string[] = [];
    const printer = createProgressPrinter({ isTTY: true, write: (text) => written.push(text) }, { estimateCost: () => 0.0123 });
    printer.onProgress({ kind: 'work', toImplement: 1, reused: 4 });
    printer.onProgress({ kind: 'implemented', operationId: 'getPet', outcome: { kind: 'pinned', attempts: 1, usage } });
    printer.finish();
    const text = written.join('');
    expect(text).toContain('\r\x1b[2K  1/1 implemented · 0 reused · 0 failed · 2,000 in (800 cached) / 300 out tokens · ~$0.01');
    expect(text.endsWith('\r\x1b[2K')).toBe(true);
  });
});

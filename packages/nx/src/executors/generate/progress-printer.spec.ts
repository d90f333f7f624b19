import { createProgressPrinter, type ProgressOutput } from './progress-printer';

/** An output that records what was written and logged. */
function recorder(isTTY: boolean): ProgressOutput & { written: string[]; logged: string[] } {
  const written: string[] = [];
  const logged: string[] = [];
  return { isTTY, columns: 60, written, logged, write: (text) => void written.push(text), log: (line) => void logged.push(line) };
}

const usage = (input: number, output: number) => ({ input, output, cacheRead: 0, cacheWrite: 0 });

/** A run as core reports it: two reused, one hand-owned, one pinned after a rejected attempt, one failed. */
const EVENTS: unknown[] = [
  { kind: 'loaded', files: 1, operations: 5 },
  { kind: 'implemented', operationId: 'createPet', outcome: { kind: 'hand-owned' } },
  { kind: 'work', toImplement: 2, reused: 2 },
  { kind: 'implemented', operationId: 'listPets', outcome: { kind: 'reused' } },
  { kind: 'implemented', operationId: 'getPet', outcome: { kind: 'reused' } },
  { kind: 'attempt-rejected', operationId: 'updatePet', attempt: 1, stage: 'typecheck', errors: ['implementations/updatePet.ts(3,1): error TS2322: …', 'another'] },
  { kind: 'implemented', operationId: 'updatePet', outcome: { kind: 'pinned', attempts: 2, usage: usage(1200, 300) } },
  { kind: 'implemented', operationId: 'deletePet', outcome: { kind: 'failed', attempts: 3, usage: usage(900, 200), reason: 'DELETE /pets/1 returned 500\nmore detail', stage: 'conformance' } },
];

describe('generate progress printer', () => {
  it('writes plain lines off a terminal (CI): work that took time, not the operations reused or hand-owned', () => {
    const out = recorder(false);
    const printer = createProgressPrinter(out);
    EVENTS.forEach(printer.onProgress);
    printer.finish();
    expect(out.written).toEqual([]);
    expect(out.logged).toEqual([
      'Specwright: 2 operation(s) to implement, 2 reused from the lock',
      '  updatePet: attempt 1 rejected by typecheck (2 errors)',
      '  [4/5] updatePet: pinned (2 attempts)',
      '  [5/5] deletePet: failed (3 attempts; conformance: DELETE /pets/1 returned 500)',
    ]);
  });

  it('lists every operation that was not reused, hand-owned first and failures last (their reasons are in the error), then tokens summed from the events', () => {
    const printer = createProgressPrinter(recorder(false));
    EVENTS.forEach(printer.onProgress);
    expect(printer.summaryLines()).toEqual([
      '  hand-owned  createPet',
      '  pinned      updatePet (2 attempts)',
      '  failed      deletePet (3 attempts)',
      '  2 operation(s) reused from the lock',
      'Tokens: 2100 input, 500 output, 0 cache read, 0 cache write',
    ]);
  });

  it("takes the outcomes, tokens and cost from core's result when the run completed", () => {
    const printer = createProgressPrinter(recorder(false));
    const result = {
      summary: { usage: { input: 10, output: 20, cacheRead: 30, cacheWrite: 40 }, cost: 0.01234 },
      outcomes: new Map<string, unknown>([
        ['b', { kind: 'pinned', attempts: 1, usage: usage(10, 20) }],
        ['a', { kind: 'edited', stale: true }],
        ['c', { kind: 'reused' }],
      ]),
    };
    expect(printer.summaryLines(result)).toEqual([
      '  pinned  b',
      '  edited  a (edited by hand, and its contract or model changed: kept, not regenerated)',
      '  1 operation(s) reused from the lock',
      'Tokens: 10 input, 20 output, 30 cache read, 40 cache write; estimated cost $0.0123',
    ]);
  });

  it('prints no token line when nothing was spent (offline, or every pin reused)', () => {
    const printer = createProgressPrinter(recorder(false));
    printer.onProgress({ kind: 'implemented', operationId: 'getPet', outcome: { kind: 'reused' } });
    expect(printer.summaryLines({ summary: { usage: usage(0, 0) } })).toEqual(['  1 operation(s) reused from the lock']);
  });

  it('on a terminal, redraws one live line in place and clears it when done', () => {
    const out = recorder(true);
    const printer = createProgressPrinter(out);
    EVENTS.forEach(printer.onProgress);
    expect(out.logged).toEqual([]);
    expect(out.written.length).toBe(EVENTS.length);
    for (const text of out.written) {
      expect(text).toMatch(/^\r\x1b\[2K/);
      expect(text).not.toContain('\n');
      expect(text.length - '\r\x1b[2K'.length).toBeLessThan(60);
    }
    expect(out.written[3]).toBe('\r\x1b[2K  [2/5] listPets: reused');
    printer.finish();
    expect(out.written.at(-1)).toBe('\r\x1b[2K');
    printer.finish();
    expect(out.written.at(-2)).not.toBe('\r\x1b[2K'); // once only
  });

  it('ignores events it does not know, malformed ones included, and reads the older `origin` field', () => {
    const out = recorder(false);
    const printer = createProgressPrinter(out);
    for (const event of [null, 42, 'implemented', [], { kind: 'cache-warmed', tokens: 5 }, { kind: 'implemented' }, { kind: 'attempt-rejected' }]) {
      expect(() => printer.onProgress(event)).not.toThrow();
    }
    printer.onProgress({ kind: 'implemented', operationId: 'getPet', origin: 'generated' });
    expect(printer.summaryLines()).toEqual(['  generated  getPet']);
    expect(out.logged).toEqual(['  ?: attempt ? rejected', '  [1/?] getPet: generated']);
  });
});

import type { Operation } from '../contract/index-operations';
import { isSpecwrightError, SpecwrightError } from '../errors';
import type { LockEntry, PinStatus } from '../lock/lock-types';
import type { HandlerProvider, Implementation, ImplementRequest } from '../providers/provider';
import type { Candidate, Verifier, VerifyResult } from '../verify/verify-types';
import { implementOperations, type ImplementProgress, type ImplementStageInput } from './implement-operations';

const op = (id: string, contractHash = `c-${id}`): Operation =>
  ({ id, method: 'get', path: `/${id}`, fileName: id, contractHash, typeName: id, identifier: id, handOwned: false }) as unknown as Operation;

const entry = (id: string, over: Partial<LockEntry> = {}): LockEntry => ({
  key: `k-${id}`,
  contractHash: `c-${id}`,
  method: 'get',
  path: `/${id}`,
  file: `${id}.ts`,
  codeSha256: 'x',
  provider: 'scripted',
  model: 'model-1',
  promptVersion: '1',
  usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
  attempts: 1,
  verdict: 'verified',
  ...over,
});

/** A provider whose replies are scripted per operation and attempt, recording every request. */
function scripted(replies: (req: ImplementRequest, attempt: number) => string | Error, id = 'scripted') {
  const requests: ImplementRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const provider: HandlerProvider = {
    id,
    modelId: 'model-1',
    promptVersion: '1',
    async implement(req): Promise<Implementation> {
      requests.push(req);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      const reply = replies(req, requests.filter((r) => r.operation.id === req.operation.id).length);
      if (reply instanceof Error) throw reply;
      return { code: reply, provenance: { provider: id, model: 'model-1', promptVersion: '1', requestId: `req-${req.operation.id}` }, usage: { input: 100, output: 10, cacheRead: 50, cacheWrite: 0 } };
    },
  };
  return { provider, requests, maxInFlight: () => maxInFlight };
}

/** Passes code containing "PASS", rejects anything else with a typecheck error. */
const verifier: Verifier = {
  async verify(candidate: Candidate): Promise<VerifyResult> {
    return candidate.code.includes('PASS') ? { ok: true, ms: 1 } : { ok: false, stage: 'typecheck', errors: [`implementations/${candidate.operation.fileName}.ts(1,1): error TS2322: nope`], ms: 1 };
  },
  dispose() {},
};

function input(operations: Operation[], provider: HandlerProvider, statuses: Record<string, PinStatus> = {}, over: Partial<ImplementStageInput> = {}): ImplementStageInput {
  return {
    operations,
    provider,
    keyOf: (o) => `k-${o.id}`,
    statusOf: (o) => statuses[o.id] ?? { kind: 'missing' },
    requestOf: (operation) => ({ document: {} as never, version: '3.1', operation, handlerTypesImport: '../handler-types.js', contract: () => '{}', sharedContext: 'shared' }),
    lockFileOf: (o) => `${o.fileName}.ts`,
    lockDisplay: 'api/specwright.lock',
    frozen: false,
    concurrency: 4,
    maxAttempts: 3,
    createVerifier: async () => verifier,
    ...over,
  };
}

describe('implementOperations', () => {
  it('reuses current pins without a call and implements the missing ones', async () => {
    const { provider, requests } = scripted(() => 'PASS code');
    const result = await implementOperations(input([op('a'), op('b')], provider, { a: { kind: 'current', entry: entry('a'), code: 'pinned a' } }));
    expect(requests.map((r) => r.operation.id)).toEqual(['b']);
    expect(result.code.get('a')).toBe('pinned a');
    expect(result.code.get('b')).toBe('PASS code');
    expect(result.outcomes.get('a')).toEqual({ kind: 'reused' });
    expect(result.pins.get('b')?.entry).toMatchObject({ key: 'k-b', contractHash: 'c-b', attempts: 1, verdict: 'verified', requestId: 'req-b', usage: { input: 100, output: 10, cacheRead: 50, cacheWrite: 0 } });
    expect(result.failures).toEqual([]);
  });

  it('feeds the exact errors back and pins the second attempt with attempts: 2', async () => {
    const { provider, requests } = scripted((_req, attempt) => (attempt === 1 ? 'broken' : 'PASS fixed'));
    const events: ImplementProgress[] = [];
    const result = await implementOperations(input([op('a')], provider, {}, { onProgress: (e) => events.push(e) }));
    expect(requests).toHaveLength(2);
    expect(requests[1]?.rejected).toEqual([{ code: 'broken', errors: ['implementations/a.ts(1,1): error TS2322: nope'] }]);
    expect(result.pins.get('a')?.entry.attempts).toBe(2);
    expect(result.pins.get('a')?.entry.usage).toEqual({ input: 200, output: 20, cacheRead: 100, cacheWrite: 0 });
    expect(events.filter((e) => e.kind === 'attempt-rejected')).toHaveLength(1);
  });

  it('discards code that never passes: no pin, a failure naming the stage and error, others still pinned', async () => {
    const { provider, requests } = scripted((req) => (req.operation.id === 'bad' ? 'broken' : 'PASS'));
    const result = await implementOperations(input([op('bad'), op('good')], provider));
    expect(requests.filter((r) => r.operation.id === 'bad')).toHaveLength(3);
    expect(result.pins.has('bad')).toBe(false);
    expect(result.pins.has('good')).toBe(true);
    expect(result.failures).toEqual([{ operationId: 'bad', reason: expect.stringContaining('typecheck: implementations/bad.ts(1,1): error TS2322') }]);
    expect(result.outcomes.get('bad')).toMatchObject({ kind: 'failed', attempts: 3, stage: 'typecheck' });
  });

  it('repairs a reply that is not code (cut off at max_tokens) like a failed check', async () => {
    const cutOff = Object.assign(new Error('the reply stopped at max_tokens before the module was complete'), { name: 'ModelReplyError' });
    const { provider, requests } = scripted((_req, attempt) => (attempt === 1 ? cutOff : 'PASS'));
    const result = await implementOperations(input([op('a')], provider));
    expect(requests[1]?.rejected?.[0]?.errors).toEqual(['the reply stopped at max_tokens before the module was complete']);
    expect(result.pins.get('a')?.entry.attempts).toBe(2);
  });

  it('stops starting operations after a run-level error, keeping what passed', async () => {
    const noKey = new SpecwrightError('MISSING_API_KEY', 'ANTHROPIC_API_KEY is not set');
    const { provider, requests } = scripted((req) => (req.operation.id === 'b' ? noKey : 'PASS'));
    const operations = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => op(id));
    const result = await implementOperations(input(operations, provider, {}, { concurrency: 1 }));
    expect(requests.map((r) => r.operation.id)).toEqual(['a', 'b']);
    expect(result.fatal?.code).toBe('MISSING_API_KEY');
    expect(result.pins.has('a')).toBe(true);
    expect(result.failures.map((f) => f.operationId)).toEqual(['b', 'c', 'd', 'e', 'f']);
    expect(result.failures[2]?.reason).toContain('not attempted: ANTHROPIC_API_KEY is not set');
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    const s = scripted(() => 'PASS');
    await implementOperations(input(Array.from({ length: 20 }, (_, i) => op(`o${i}`)), s.provider, {}, { concurrency: 3 }));
    expect(s.requests).toHaveLength(20);
    expect(s.maxInFlight()).toBe(3);
  });

  it('--frozen: no call, and one error listing every missing or stale pin with why', async () => {
    const { provider, requests } = scripted(() => 'PASS');
    const statuses: Record<string, PinStatus> = {
      a: { kind: 'current', entry: entry('a'), code: 'x' },
      b: { kind: 'stale', entry: entry('b', { contractHash: 'old' }), code: 'x' },
      c: { kind: 'stale', entry: entry('c', { model: 'model-0' }), code: 'x' },
    };
    const error = await implementOperations(input([op('a'), op('b'), op('c'), op('d')], provider, statuses, { frozen: true })).catch((e: unknown) => e);
    expect(requests).toEqual([]);
    expect(isSpecwrightError(error) && error.code).toBe('LOCK_STALE');
    const message = (error as Error).message;
    expect(message).toContain('3 operation(s) have no current pin in api/specwright.lock');
    expect(message).toContain('b (GET /b): the contract changed since it was pinned');
    expect(message).toContain('c (GET /c): pinned with model model-0, the run uses model-1');
    expect(message).toContain('d (GET /d): no pin');
  });

  it('never overwrites a pin a person edited: used as is, reported, no call', async () => {
    const { provider, requests } = scripted(() => 'PASS');
    const result = await implementOperations(input([op('a')], provider, { a: { kind: 'edited', entry: entry('a', { key: 'old' }), code: 'my edit' } }));
    expect(requests).toEqual([]);
    expect(result.code.get('a')).toBe('my edit');
    expect(result.outcomes.get('a')).toEqual({ kind: 'edited', stale: true });
    expect(result.warnings[0]).toContain('api/specwright.lock/a.ts was edited by hand');
  });

  it('fails an operation whose pin path is blocked before any call, and still pins the others', async () => {
    const { provider, requests } = scripted(() => 'PASS');
    const blockedReason = (o: Operation) => (o.id === 'a' ? 'api/specwright.lock/a.ts is in the way of its pin' : undefined);
    const result = await implementOperations(input([op('a'), op('b')], provider, {}, { blockedReason }));
    expect(requests.map((r) => r.operation.id)).toEqual(['b']);
    expect(result.failures).toEqual([{ operationId: 'a', reason: 'api/specwright.lock/a.ts is in the way of its pin' }]);
    expect(result.outcomes.get('a')).toMatchObject({ kind: 'failed', attempts: 0 });
    expect(result.pins.has('b')).toBe(true);
  });

  it('the offline provider keeps a model\'s pin while its contract holds, and fails rather than replace it when it moved', async () => {
    const { provider, requests } = scripted(() => 'offline code', 'offline');
    const statuses: Record<string, PinStatus> = {
      same: { kind: 'stale', entry: entry('same', { provider: 'anthropic', model: 'claude-sonnet-5-5' }), code: 'claude code' },
      moved: { kind: 'stale', entry: entry('moved', { provider: 'anthropic', contractHash: 'old' }), code: 'claude code' },
    };
    const result = await implementOperations(input([op('same'), op('moved')], provider, statuses));
    expect(requests).toEqual([]);
    expect(result.code.get('same')).toBe('claude code');
    expect(result.failures).toEqual([{ operationId: 'moved', reason: expect.stringContaining('the offline provider does not replace a model\'s work') }]);
  });

  it('pins the offline provider\'s output as deterministic, without building a verifier', async () => {
    const { provider } = scripted(() => 'offline code', 'offline');
    const createVerifier = jest.fn(async () => verifier);
    const result = await implementOperations(input([op('a')], provider, {}, { createVerifier }));
    expect(createVerifier).not.toHaveBeenCalled();
    expect(result.pins.get('a')?.entry.verdict).toBe('deterministic');
  });

  it('reports the run\'s pins so far after each new one, so they can be persisted before the run ends', async () => {
    const { provider } = scripted(() => 'PASS');
    const seen: string[][] = [];
    await implementOperations(input([op('a'), op('b'), op('c')], provider, {}, { concurrency: 1, onPinned: (pins) => seen.push([...pins.keys()]) }));
    expect(seen).toEqual([['a'], ['a', 'b'], ['a', 'b', 'c']]);
  });
});

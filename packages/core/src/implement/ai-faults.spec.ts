/**
 * Issue 8, the fault matrix, through the real pipeline (generateToDisk, the anthropic provider and
 * SDK against the loopback fake, the verifier, the lock): every injected fault ends in either a
 * verified pin after retries or repairs, or a clear failure naming the operation, and in every
 * case the lock and src/generated are the old version or the new one, never a mix.
 */
import { createWorkspace, useTempWorkspaces, type TempWorkspace } from '../__fixtures__/workspace';
import {
  expectOutputMatchesLock,
  fault,
  generateWithModel,
  LOCK,
  lockEntries,
  manyOperationsSpec,
  OUT,
  readWholeLock,
  rejection,
  reply,
  SPEC,
  specYaml,
  startHandlerFake,
  treeOf,
  useTestCredential,
  type HandlerFake,
  type ScriptedReply,
} from './__fixtures__/ai-pipeline';

jest.setTimeout(60_000);
const workspace = useTempWorkspaces();
useTestCredential();

const COUNT = 12;
let handlers: HandlerFake;
/** All 12 operations pinned from the base spec: the "old version" every test starts from. */
let template: TempWorkspace;

beforeAll(async () => {
  handlers = await startHandlerFake();
  template = createWorkspace({ [SPEC]: specYaml(manyOperationsSpec(COUNT)) });
  await handlers.prepare(template);
  await generateWithModel(template, handlers.url);
  expect(handlers.calls()).toBe(COUNT);
}, 120_000);
afterAll(async () => {
  await handlers?.close();
  template?.dispose();
});
beforeEach(() => handlers.reset());

/** A copy of the template whose spec changed the contracts of `changed`, handlers prepared for it. */
async function changedCopy(changed: readonly string[]): Promise<TempWorkspace> {
  const ws = workspace.copy(template);
  ws.write(SPEC, specYaml(manyOperationsSpec(COUNT, 0, { changed })));
  await handlers.prepare(ws);
  return ws;
}

/** When each call of each operation arrived (ms since the test started). */
function scriptFaults(faults: Record<string, ReadonlyArray<ScriptedReply>>): Map<string, number[]> {
  const started = Date.now();
  const times = new Map<string, number[]>();
  handlers.override((id, call) => {
    times.set(id, [...(times.get(id) ?? []), Date.now() - started]);
    return faults[id]?.[call - 1];
  });
  return times;
}

describe('transient faults end in a verified pin', () => {
  it('retries 429/529/500/dropped connections, retries failures after the headers, repairs unusable replies', async () => {
    const faults: Record<string, ScriptedReply[]> = {
      getItem0: [fault.rateLimited(0.4)],
      deleteItem0: [fault.overloaded()],
      getItem1: [fault.serverError()],
      deleteItem1: [fault.drop('before-headers')],
      getItem2: [fault.drop('mid-body', '{"code": "import type')],
      deleteItem2: [fault.streamError('{"code": "imp')],
      getItem3: [fault.truncated('{"code": "import type {')],
      deleteItem3: [reply.maxTokens('{"code": "import type { DeleteItem3Handler } from')],
      getItem4: [reply.malformedJson('{"code": "export default 1;", "notes": ')],
    };
    const changed = Object.keys(faults);
    const ws = await changedCopy(changed);
    const reference = await cleanRun(changed);
    const oldLock = lockEntries(ws);
    const times = scriptFaults(faults);

    const result = await generateWithModel(ws, handlers.url);

    expect(result.summary).toMatchObject({ pinned: changed.length, failed: 0, reused: COUNT - changed.length });
    // One extra request each: the SDK's retry (before headers) or the provider's outer retry (after).
    for (const id of changed) expect([id, handlers.requestsFor(id).length]).toEqual([id, 2]);
    // retry-after was honoured (the SDK's own first backoff is at most 0.5 s).
    const [first, second] = times.get('getItem0') ?? [];
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(380);

    const lock = lockEntries(ws);
    for (const id of changed.filter((i) => i !== 'deleteItem3' && i !== 'getItem4')) expect(lock[id]).toMatchObject({ attempts: 1, verdict: 'verified' });
    // Unusable replies are the model's answer: repaired, so two attempts, the second told why.
    expect(lock.deleteItem3).toMatchObject({ attempts: 2, verdict: 'verified' });
    expect(lock.getItem4).toMatchObject({ attempts: 2, verdict: 'verified' });
    expect(JSON.stringify(handlers.requestsFor('deleteItem3')[1]?.messages)).toContain('cut off at the output limit');
    expect(JSON.stringify(handlers.requestsFor('getItem4')[1]?.messages)).toContain('not valid JSON');

    // The new version, whole: the lock's untouched entries as they were, the changed ones as a
    // clean run pins them, and the output byte for byte what a run without faults writes.
    for (const [id, entry] of Object.entries(lock)) {
      if (changed.includes(id)) expect(entry).toMatchObject({ key: reference.lock[id]?.key, codeSha256: reference.lock[id]?.codeSha256 });
      else expect(entry).toEqual(oldLock[id]);
    }
    expect(treeOf(ws.path(OUT))).toEqual(reference.output);
    expectOutputMatchesLock(ws);
  });
});

describe('permanent faults end in a clear failure', () => {
  it('names each failed operation and why; keeps their old pins and the old output; pins what passed', async () => {
    const fast = { 'retry-after-ms': '10' };
    const faults: Record<string, ScriptedReply[]> = {
      deleteItem0: [fault.badRequest('prompt is too long: 250000 tokens > 200000 maximum')],
      getItem1: Array.from({ length: 10 }, () => fault.overloaded(fast)),
      deleteItem1: Array.from({ length: 10 }, () => fault.streamError('{"code": "imp')),
      getItem2: Array.from({ length: 10 }, () => reply.malformedJson()),
    };
    const failing = Object.keys(faults);
    const healthy = ['getItem0'];
    const ws = await changedCopy([...failing, ...healthy]);
    const oldLock = lockEntries(ws);
    const oldLockTree = treeOf(ws.path(LOCK));
    const oldOutput = treeOf(ws.path(OUT));
    scriptFaults(faults);

    const error = await rejection(generateWithModel(ws, handlers.url));

    expect(error.code).toBe('IMPLEMENT_FAILED');
    expect(error.message).toMatch(/^4 operation\(s\) could not be implemented; nothing was written to the output\. The 1 operation\(s\) that passed were pinned/);
    const reasons = Object.fromEntries(error.message.split('\n').slice(1).map((line) => line.trim().split(/: (.*)/s).slice(0, 2)));
    expect(Object.keys(reasons).sort()).toEqual([...failing].sort());
    expect(reasons.deleteItem0).toMatch(/400 invalid_request_error: prompt is too long/);
    expect(reasons.getItem1).toMatch(/529 overloaded_error/);
    expect(reasons.deleteItem1).toMatch(/overloaded_error/);
    expect(reasons.getItem2).toMatch(/not valid JSON/);
    // 400 is not retried; 529 is, by the SDK (its 4 retries spent: the last request says retry 4);
    // a mid-stream error is tried twice more by the provider; a bad reply is repaired twice.
    // (A first try can also die on a keep-alive socket the server closed meanwhile: the SDK
    // retries that too, and the fake never sees it; hence the retry counts, not request counts.)
    expect(handlers.recordedFor('deleteItem0').map((r) => r.outcome)).toEqual(['http 400']);
    expect(handlers.recordedFor('getItem1').every((r) => r.outcome === 'http 529')).toBe(true);
    expect(handlers.recordedFor('getItem1').at(-1)?.headers['x-stainless-retry-count']).toBe('4');
    expect(handlers.requestsFor('deleteItem1')).toHaveLength(3);
    expect(handlers.requestsFor('getItem2')).toHaveLength(3);

    // The output is the old version, byte for byte.
    expect(treeOf(ws.path(OUT))).toEqual(oldOutput);
    // The lock is one new whole version: what passed is pinned (paid for), the failed operations keep their old pins.
    readWholeLock(ws);
    const lock = lockEntries(ws);
    for (const id of Object.keys(oldLock)) {
      if (healthy.includes(id)) expect(lock[id]?.key).not.toBe(oldLock[id]?.key);
      else expect(lock[id]).toEqual(oldLock[id]);
    }
    const lockTree = treeOf(ws.path(LOCK));
    for (const file of Object.keys(oldLockTree)) if (file !== 'index.json' && file !== 'getItem0.ts') expect([file, lockTree[file]]).toEqual([file, oldLockTree[file]]);
    expect(Object.keys(lockTree).sort()).toEqual(Object.keys(oldLockTree).sort());

    // Run again once the API is healthy: only the four failed operations are asked for.
    handlers.reset();
    await generateWithModel(ws, handlers.url);
    expect(handlers.operationsCalled().sort()).toEqual([...failing].sort());
    expectOutputMatchesLock(ws);
  });
});

/** What a run of the changed spec without any fault writes (the "new version"). */
async function cleanRun(changed: readonly string[]): Promise<{ output: Record<string, string>; lock: Record<string, Record<string, unknown>> }> {
  const ws = await changedCopy(changed);
  await generateWithModel(ws, handlers.url);
  const result = { output: treeOf(ws.path(OUT)), lock: lockEntries(ws) };
  handlers.reset();
  return result;
}

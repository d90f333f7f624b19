/**
 * Issue 8, incremental generation on a spec of 200 AI-written operations (plus hand-owned ones),
 * through the real pipeline: generateToDisk, the anthropic provider and SDK against the loopback
 * fake, the verifier, the lock on disk. What is asserted is what a user pays for: the fake's
 * request counts.
 */
import { useTempWorkspaces } from '../__fixtures__/workspace';
import {
  expectOutputMatchesLock,
  generatedIds,
  generateWithModel,
  handOwnedHandler,
  HANDLERS,
  LOCK,
  lockEntries,
  manyOperationsSpec,
  MODEL,
  OTHER_MODEL,
  OUT,
  readWholeLock,
  reformattedYaml,
  SPEC,
  specYaml,
  useHandlerFakes,
  treeOf,
  useTestCredential,
  type HandlerFake,
} from './__fixtures__/ai-pipeline';

const workspace = useTempWorkspaces();
useTestCredential();

const fakes = useHandlerFakes();
let handlers: HandlerFake | undefined;

const COUNT = 200;
const HAND_OWNED = 2;

describe('incremental AI generation on a spec of 200 operations', () => {
  it('calls the model once per operation, then never again except for what changed', async () => {
    const ws = workspace({ [SPEC]: specYaml(manyOperationsSpec(COUNT, HAND_OWNED)) });
    for (let i = 0; i < HAND_OWNED; i++) ws.write(`${HANDLERS}/handOwned${i}.ts`, handOwnedHandler(i));
    handlers = await fakes.start();
    const fake = handlers;
    await fake.prepare(ws);
    const ids = generatedIds(COUNT);
    // Typecheck and policy verify every reply; the conformance stage, which the smaller specs of
    // the other ai-*.spec.ts files run, would add minutes here without changing a count.
    const run = (extra: { model?: string } = {}) => generateWithModel(ws, fake.url, { conformance: false, ...extra });

    // 1. First run: one call per AI-written operation, none for the hand-owned ones.
    const first = await run();
    expect(fake.calls()).toBe(COUNT);
    expect(new Set(fake.operationsCalled())).toEqual(new Set(ids));
    expect(first.summary).toMatchObject({ operations: COUNT + HAND_OWNED, handOwned: HAND_OWNED, pinned: COUNT, reused: 0, failed: 0, edited: 0 });
    const lock1 = lockEntries(ws);
    expect(Object.keys(lock1).sort()).toEqual([...ids].sort());
    for (const entry of Object.values(lock1)) expect(entry).toMatchObject({ provider: 'anthropic', model: MODEL, verdict: 'verified', attempts: 1 });
    expectOutputMatchesLock(ws, ['handOwned0', 'handOwned1']);
    const output1 = treeOf(ws.path(OUT));
    const lockTree1 = treeOf(ws.path(LOCK));

    // 2. Nothing changed: no call, and nothing rewritten.
    fake.reset();
    const second = await run();
    expect(fake.calls()).toBe(0);
    expect(second.summary).toMatchObject({ reused: COUNT, pinned: 0 });
    expect(treeOf(ws.path(OUT))).toEqual(output1);
    expect(treeOf(ws.path(LOCK))).toEqual(lockTree1);

    // 3. One operation's contract changes: exactly one call, for it.
    ws.write(SPEC, specYaml(manyOperationsSpec(COUNT, HAND_OWNED, { changed: ['getItem42'] })));
    await fake.prepare(ws);
    fake.reset();
    const third = await run();
    expect(fake.operationsCalled()).toEqual(['getItem42']);
    expect(third.summary).toMatchObject({ reused: COUNT - 1, pinned: 1 });
    const lock3 = lockEntries(ws);
    expect(lock3.getItem42?.key).not.toBe(lock1.getItem42?.key);
    for (const id of ids.filter((i) => i !== 'getItem42')) expect(lock3[id]).toEqual(lock1[id]);
    expectOutputMatchesLock(ws, ['handOwned0', 'handOwned1']);
    const output3 = treeOf(ws.path(OUT));
    const lockTree3 = treeOf(ws.path(LOCK));

    // 4. The YAML reformatted (same data): no call, byte-identical output and lock.
    ws.write(SPEC, reformattedYaml(manyOperationsSpec(COUNT, HAND_OWNED, { changed: ['getItem42'] })));
    expect(ws.read(SPEC)).not.toBe(specYaml(manyOperationsSpec(COUNT, HAND_OWNED, { changed: ['getItem42'] })));
    fake.reset();
    await run();
    expect(fake.calls()).toBe(0);
    expect(treeOf(ws.path(OUT))).toEqual(output3);
    expect(treeOf(ws.path(LOCK))).toEqual(lockTree3);

    // 5. A pinned file edited by hand: reported, used as is, never overwritten.
    const edited = `// Tuned by hand.\n${ws.read(`${LOCK}/getItem7.ts`)}`;
    ws.write(`${LOCK}/getItem7.ts`, edited);
    fake.reset();
    const fifth = await run();
    expect(fake.calls()).toBe(0);
    expect(fifth.summary).toMatchObject({ edited: 1, reused: COUNT - 1 });
    expect(fifth.warnings.filter((w) => w.includes(`${LOCK}/getItem7.ts`) && w.includes('edited by hand'))).toHaveLength(1);
    expect(ws.read(`${LOCK}/getItem7.ts`)).toBe(edited);
    expect(ws.read(`${OUT}/implementations/getItem7.ts`)).toBe(edited);

    // 6. Another model: every AI-written operation is regenerated, except the edited one, which stays as it is.
    fake.reset();
    const sixth = await run({ model: OTHER_MODEL });
    expect(fake.calls()).toBe(COUNT - 1);
    expect(new Set(fake.operationsCalled())).toEqual(new Set(ids.filter((i) => i !== 'getItem7')));
    expect(fake.fake.requests.filter((r) => r.path === '/v1/messages').every((r) => (r.body as { model: string }).model === OTHER_MODEL)).toBe(true);
    expect(sixth.summary).toMatchObject({ pinned: COUNT - 1, edited: 1 });
    expect(sixth.warnings.some((w) => w.includes(`${LOCK}/getItem7.ts`) && w.includes('may no longer fit'))).toBe(true);
    const lock6 = lockEntries(ws);
    for (const id of ids.filter((i) => i !== 'getItem7')) expect(lock6[id]).toMatchObject({ model: OTHER_MODEL });
    expect(lock6.getItem7).toEqual(lock3.getItem7);
    expect(ws.read(`${LOCK}/getItem7.ts`)).toBe(edited);
    expect(ws.read(`${OUT}/implementations/getItem7.ts`)).toBe(edited);
    readWholeLock(ws, ['getItem7']);
  }, 240_000);
});

/**
 * Issue 8, repair through the real pipeline: a reply that fails typecheck goes back to the model
 * with its code and the exact TypeScript errors; a second that passes is pinned with attempts: 2;
 * three failing replies are discarded, the CLI exits 1 naming the operation and why, the previous
 * pin stays and the other operations are pinned.
 */
import { runCli } from '../cli/run-cli';
import { useTempWorkspaces } from '../__fixtures__/workspace';
import type { GenerateProgress } from '../generate';
import {
  expectOutputMatchesLock,
  generateArgs,
  generateWithModel,
  LOCK,
  lockEntries,
  manyOperationsSpec,
  OUT,
  readWholeLock,
  SPEC,
  specYaml,
  useHandlerFakes,
  treeOf,
  useTestCredential,
  type HandlerFake,
} from './__fixtures__/ai-pipeline';

jest.setTimeout(90_000);
const workspace = useTempWorkspaces();
useTestCredential();

const fakes = useHandlerFakes();
let handlers: HandlerFake | undefined;

const COUNT = 4;

/** A handler that returns a status getItem1 does not declare: error TS2322 in the typecheck. */
const TEAPOT = [
  "import type { GetItem1Handler } from '../handler-types.js';",
  '',
  "const handler: GetItem1Handler = async () => ({ status: 418, body: { id: 1, name: 'teapot' } });",
  '',
  'export default handler;',
  '',
].join('\n');

describe('repair', () => {
  it('a reply that fails typecheck, then one that passes: one pin with attempts 2, the second request told the code and the exact errors', async () => {
    const ws = workspace({ [SPEC]: specYaml(manyOperationsSpec(COUNT)) });
    handlers = await fakes.start();
    const fake = handlers;
    await fake.prepare(ws);
    fake.override((id, call) => (id === 'getItem1' && call === 1 ? fake.replyWith(TEAPOT) : undefined));
    const events: GenerateProgress[] = [];

    const result = await generateWithModel(ws, fake.url, { onProgress: (event) => events.push(event) });

    expect(result.summary).toMatchObject({ pinned: COUNT, failed: 0 });
    expect(lockEntries(ws).getItem1).toMatchObject({ attempts: 2, verdict: 'verified' });
    for (const id of ['getItem0', 'deleteItem0', 'deleteItem1']) expect(lockEntries(ws)[id]).toMatchObject({ attempts: 1 });
    expect(ws.read(`${LOCK}/getItem1.ts`)).toBe(fake.codeFor('getItem1'));

    const rejected = events.filter((e) => e.kind === 'attempt-rejected');
    expect(rejected).toEqual([expect.objectContaining({ operationId: 'getItem1', attempt: 1, stage: 'typecheck' })]);
    const errors = (rejected[0] as Extract<GenerateProgress, { kind: 'attempt-rejected' }>).errors;
    expect(errors[0]).toMatch(/^implementations\/getItem1\.ts\(3,\d+\): error TS2322: /);

    const [firstRequest, secondRequest] = fake.requestsFor('getItem1');
    expect(firstRequest?.messages).toHaveLength(1);
    // The repair turn: the model's own answer replayed, then the verifier's errors word for word.
    expect(secondRequest?.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(JSON.parse(secondRequest?.messages[1]?.content as string)).toMatchObject({ code: TEAPOT });
    const feedback = JSON.stringify(secondRequest?.messages[2]?.content);
    for (const error of errors) expect(feedback).toContain(JSON.stringify(`- ${error}`).slice(1, -1));
    expect(fake.calls()).toBe(COUNT + 1);
  });

  it('three failing replies: discarded, exit 1 naming the operation and why, its previous pin kept, the others pinned', async () => {
    const ws = workspace({ [SPEC]: specYaml(manyOperationsSpec(COUNT)) });
    handlers = await fakes.start();
    const fake = handlers;
    await fake.prepare(ws);
    await generateWithModel(ws, fake.url);
    const oldLock = lockEntries(ws);
    const oldPin = ws.read(`${LOCK}/getItem1.ts`);
    const oldOutput = treeOf(ws.path(OUT));

    // Both contracts change; the model never gets getItem1 right.
    ws.write(SPEC, specYaml(manyOperationsSpec(COUNT, 0, { changed: ['getItem1', 'deleteItem1'] })));
    await fake.prepare(ws);
    fake.reset();
    fake.override((id) => (id === 'getItem1' ? fake.replyWith(TEAPOT) : undefined));
    process.env.ANTHROPIC_BASE_URL = fake.url;
    let stdout = '';
    let stderr = '';
    const code = await runCli(generateArgs(), { cwd: ws.root, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });

    expect(code).toBe(1);
    expect(stderr).toMatch(/1 operation\(s\) could not be implemented; nothing was written to the output\. The 1 operation\(s\) that passed were pinned in api\/specwright\.lock/);
    expect(stderr).toMatch(/^ {2}getItem1: typecheck: implementations\/getItem1\.ts\(3,\d+\): error TS2322: /m);
    expect(stderr).toContain('[IMPLEMENT_FAILED]');
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(fake.requestsFor('getItem1')).toHaveLength(3);
    // Each repair carries every earlier attempt.
    expect(fake.requestsFor('getItem1').map((r) => r.messages.length)).toEqual([1, 3, 5]);

    // Discarded: the previous pin is still there, byte for byte; deleteItem1 got its new pin.
    readWholeLock(ws);
    const lock = lockEntries(ws);
    expect(lock.getItem1).toEqual(oldLock.getItem1);
    expect(ws.read(`${LOCK}/getItem1.ts`)).toBe(oldPin);
    expect(lock.deleteItem1?.key).not.toBe(oldLock.deleteItem1?.key);
    expect(lock.deleteItem1).toMatchObject({ attempts: 1, verdict: 'verified' });
    expect(lock.getItem0).toEqual(oldLock.getItem0);
    // Nothing was written to the output.
    expect(treeOf(ws.path(OUT))).toEqual(oldOutput);

    // The next run asks only for getItem1; once it passes, the output is whole again.
    fake.reset();
    const rerun = await generateWithModel(ws, fake.url);
    expect(fake.operationsCalled()).toEqual(['getItem1']);
    expect(rerun.summary).toMatchObject({ pinned: 1, reused: COUNT - 1 });
    expectOutputMatchesLock(ws);
  });
});

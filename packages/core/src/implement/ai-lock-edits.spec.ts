/**
 * Issue 8, pins edited by hand, through the CLI and the real pipeline: reported and used as is,
 * never overwritten; still never lost when their operation leaves the spec (reported then too);
 * and when the operation comes back, the file in the way fails that operation before the model
 * is paid, while the run's other pins are kept.
 */
import { runCli } from '../cli/run-cli';
import { useTempWorkspaces, type TempWorkspace } from '../__fixtures__/workspace';
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
  useTestCredential,
  type HandlerFake,
} from './__fixtures__/ai-pipeline';

jest.setTimeout(90_000);
const workspace = useTempWorkspaces();
useTestCredential();

const fakes = useHandlerFakes();
let handlers: HandlerFake | undefined;

async function cli(ws: TempWorkspace, fake: HandlerFake): Promise<{ code: number; stdout: string; stderr: string }> {
  process.env.ANTHROPIC_BASE_URL = fake.url;
  let stdout = '';
  let stderr = '';
  const code = await runCli(generateArgs(), { cwd: ws.root, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

describe('a pinned handler edited by hand', () => {
  it('is reported and used as is, kept when its operation leaves, and never overwritten when it comes back', async () => {
    const ws = workspace({ [SPEC]: specYaml(manyOperationsSpec(4)) });
    handlers = await fakes.start();
    const fake = handlers;
    await fake.prepare(ws);
    await generateWithModel(ws, fake.url);
    const edited = `// Tuned by hand: keep.\n${ws.read(`${LOCK}/deleteItem1.ts`)}`;
    ws.write(`${LOCK}/deleteItem1.ts`, edited);
    fake.reset();

    // Reported on every run, used as is, no call.
    const kept = await cli(ws, fake);
    expect(kept.code).toBe(0);
    expect(kept.stderr).toMatch(/^warning: api\/specwright\.lock\/deleteItem1\.ts was edited by hand \(its sha256 differs from the lock\): kept and used as is, never overwritten\./m);
    expect(fake.calls()).toBe(0);
    expect(ws.read(`${OUT}/implementations/deleteItem1.ts`)).toBe(edited);
    expect(ws.read(`${LOCK}/deleteItem1.ts`)).toBe(edited);

    // Its operation leaves the spec: the entry goes, the file stays, and the run says so.
    ws.write(SPEC, specYaml(manyOperationsSpec(3)));
    await fake.prepare(ws);
    const left = await cli(ws, fake);
    expect(left.code).toBe(0);
    expect(left.stderr).toMatch(/^warning: api\/specwright\.lock\/deleteItem1\.ts was edited by hand and its operation deleteItem1 is no longer in the spec: .*the file is kept/m);
    expect(fake.calls()).toBe(0);
    expect(Object.keys(lockEntries(ws)).sort()).toEqual(['deleteItem0', 'getItem0', 'getItem1']);
    expect(ws.read(`${LOCK}/deleteItem1.ts`)).toBe(edited);
    expect(ws.exists(`${OUT}/implementations/deleteItem1.ts`)).toBe(false);

    // It comes back (and another contract changes): the file is in the way of its pin. That
    // operation fails before any call; the other is paid for once and pinned.
    ws.write(SPEC, specYaml(manyOperationsSpec(4, 0, { changed: ['getItem0'] })));
    await fake.prepare(ws);
    const back = await cli(ws, fake);
    expect(back.code).toBe(1);
    expect(back.stderr).toMatch(/^ {2}deleteItem1: api\/specwright\.lock\/deleteItem1\.ts is in the way of its pin: .*never overwrites/m);
    expect(fake.operationsCalled()).toEqual(['getItem0']);
    expect(lockEntries(ws).getItem0).toMatchObject({ attempts: 1, verdict: 'verified' });
    expect(ws.read(`${LOCK}/deleteItem1.ts`)).toBe(edited);
    readWholeLock(ws);

    // The person deletes it: the next run pays for that operation only.
    ws.remove(`${LOCK}/deleteItem1.ts`);
    fake.reset();
    const fixed = await cli(ws, fake);
    expect(fixed.code).toBe(0);
    expect(fake.operationsCalled()).toEqual(['deleteItem1']);
    expectOutputMatchesLock(ws);
  });
});

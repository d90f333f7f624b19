/**
 * Issue 8, `--frozen` (CI): with a complete lock no request is made, no key is needed, and a
 * second clone (the workspace copied with its lock, without src/generated) gets byte-identical
 * output; with a missing or stale entry the run fails with exit 1 and the list, asking nothing.
 */
import { runCli } from '../cli/run-cli';
import { useTempWorkspaces } from '../__fixtures__/workspace';
import {
  generateArgs,
  generateWithModel,
  HANDLERS,
  handOwnedHandler,
  LOCK,
  manyOperationsSpec,
  OUT,
  SPEC,
  specYaml,
  useHandlerFakes,
  TEST_CREDENTIAL,
  treeOf,
  useCli,
  useTestCredential,
  type HandlerFake,
} from './__fixtures__/ai-pipeline';

jest.setTimeout(90_000);
const workspace = useTempWorkspaces();
const cli = useCli();
useTestCredential();

const fakes = useHandlerFakes();
let handlers: HandlerFake | undefined;

const COUNT = 6;

async function pinnedWorkspace() {
  const ws = workspace({ [SPEC]: specYaml(manyOperationsSpec(COUNT, 1)), [`${HANDLERS}/handOwned0.ts`]: handOwnedHandler(0) });
  handlers = await fakes.start();
  await handlers.prepare(ws);
  await generateWithModel(ws, handlers.url);
  expect(handlers.calls()).toBe(COUNT);
  handlers.reset();
  return { ws, fake: handlers };
}

describe('--frozen', () => {
  it('with a complete lock: no request, no key, byte-identical output on a second clone', async () => {
    const { ws, fake } = await pinnedWorkspace();
    const clone = workspace.copy(ws);
    clone.remove(OUT);
    expect(clone.exists(`${LOCK}/index.json`)).toBe(true);

    // No ANTHROPIC_API_KEY at all; the base URL points at the fake only to count what reaches it.
    const run = await cli(clone, generateArgs('--frozen'), { ANTHROPIC_BASE_URL: fake.url }).finished;

    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(fake.fake.requests).toEqual([]);
    expect(treeOf(clone.path(OUT))).toEqual(treeOf(ws.path(OUT)));
    expect(treeOf(clone.path(LOCK))).toEqual(treeOf(ws.path(LOCK)));
  });

  it('with a missing and a stale entry: exit 1 with the list, no request, nothing written', async () => {
    const { ws, fake } = await pinnedWorkspace();
    ws.write(SPEC, specYaml(manyOperationsSpec(COUNT, 1, { changed: ['getItem1'] })));
    ws.remove(`${LOCK}/deleteItem2.ts`);
    const lockBefore = treeOf(ws.path(LOCK));
    const outputBefore = treeOf(ws.path(OUT));
    process.env.ANTHROPIC_BASE_URL = fake.url;
    process.env.ANTHROPIC_API_KEY = TEST_CREDENTIAL;
    let stderr = '';
    const code = await runCli(generateArgs('--frozen'), { cwd: ws.root, stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) } });

    expect(code).toBe(1);
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('api/specwright.lock/index.json: --frozen: 2 operation(s) have no current pin in api/specwright.lock:');
    expect(lines.slice(1, 3)).toEqual(['  getItem1 (GET /items1/{id}): the contract changed since it was pinned', '  deleteItem2 (DELETE /items2/{id}): no pin [LOCK_STALE]']);
    expect(lines[3]).toMatch(/^ {2}fix: Run generate without --frozen/);
    expect(fake.fake.requests).toEqual([]);
    expect(treeOf(ws.path(LOCK))).toEqual(lockBefore);
    expect(treeOf(ws.path(OUT))).toEqual(outputBefore);
  });
});

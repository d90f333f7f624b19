/**
 * Issue 8: an unreachable API (a closed port) gives one line saying so, exit 1, and no stack
 * trace, from live calls and from --batch alike. The CLI runs as a real process (build first:
 * npx tsc -b packages/core).
 */
import { createServer } from 'node:net';
import { runCli } from '../cli/run-cli';
import { useTempWorkspaces } from '../__fixtures__/workspace';
import { generateArgs, LOCK, manyOperationsSpec, OUT, SPEC, specYaml, TEST_CREDENTIAL, useCli, useTestCredential } from './__fixtures__/ai-pipeline';

jest.setTimeout(60_000);
const workspace = useTempWorkspaces();
const cli = useCli();
useTestCredential();

describe('an unreachable API', () => {
  it('gives a one-line error, exit 1, and no stack trace', async () => {
    const port = await closedPort();
    const ws = workspace({ [SPEC]: specYaml(manyOperationsSpec(2)) });
    const run = await cli(ws, generateArgs(), { ANTHROPIC_API_KEY: TEST_CREDENTIAL, ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}` }).finished;

    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`cannot reach the Anthropic API at 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\).*\\[MODEL_UNREACHABLE\\]$`));
    // The error, and the line saying what to do about it.
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^ {2}fix: /)]);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s+at /m);
    expect(`${run.stdout}${run.stderr}`).not.toContain(TEST_CREDENTIAL);
    expect(ws.exists(OUT)).toBe(false);
    expect(ws.exists(LOCK)).toBe(false);
  });

  it('with --batch too', async () => {
    const port = await closedPort();
    const ws = workspace({ [SPEC]: specYaml(manyOperationsSpec(2)) });
    process.env.ANTHROPIC_BASE_URL = `http://127.0.0.1:${port}`;
    let stderr = '';
    const code = await runCli(generateArgs('--batch'), { cwd: ws.root, stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) } });

    expect(code).toBe(1);
    const lines = stderr.trimEnd().split('\n');
    // The same line as a live call's: the host, and why.
    expect(lines[0]).toMatch(/^cannot reach the Anthropic API at 127\.0\.0\.1:\d+ \(ECONNREFUSED\) \[MODEL_UNREACHABLE\]$/);
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^ {2}fix: /)]);
    expect(ws.exists(LOCK)).toBe(false);
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

import '../../__fixtures__/nx-env';
import { createServer, type Server } from 'node:net';
import serveExecutor from './executor';
import generateExecutor from '../generate/executor';
import * as startServerModule from '../../utils/start-server';
import { calls, executorContext, STACK_FRAME } from '../../__fixtures__/executor-context';
import { createWorkspace, nxWorkspaceFiles, petstoreYaml, type TempWorkspace } from '../../__fixtures__/workspace';

type ServeResult = { success: boolean; baseUrl?: string };
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * The executor runs until SIGINT/SIGTERM. Emitting a real signal on `process` would also reach
 * every other listener of the test process (Jest's own among them), so the tests call only the
 * listeners the executor registered, found by comparing the listener lists.
 */
function signalListenersSince(before: Record<string, Function[]>): Record<string, Function[]> {
  return Object.fromEntries(SIGNALS.map((s) => [s, process.rawListeners(s).filter((l) => !before[s].includes(l))]));
}
function snapshotSignalListeners(): Record<string, Function[]> {
  return Object.fromEntries(SIGNALS.map((s) => [s, [...process.rawListeners(s)]]));
}

async function isListening(baseUrl: string): Promise<boolean> {
  try {
    await fetch(`${baseUrl}/pets`, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

describe('serve executor', () => {
  let ws: TempWorkspace;
  let before: Record<string, Function[]>;
  /** Every server the executor started, so none outlives a test even when the executor leaks it. */
  let started: startServerModule.RunningServer[];
  let log: jest.SpyInstance;
  let error: jest.SpyInstance;

  beforeAll(async () => {
    ws = createWorkspace({ ...nxWorkspaceFiles(), 'apps/pets/project.json': { name: 'pets' }, 'apps/pets/openapi.yaml': petstoreYaml() });
    ws.linkNodeModules(); // generated code imports @specwright/runtime, as in a user's workspace
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const generated = await generateExecutor(
      { spec: 'apps/pets/openapi.yaml', outDir: 'apps/pets/src/generated', handlersDir: 'apps/pets/src/handlers' },
      executorContext(ws.root, 'pets', 'generate'),
    );
    expect(generated).toEqual({ success: true });
    jest.restoreAllMocks();
  });
  afterAll(() => ws.dispose());

  beforeEach(() => {
    before = snapshotSignalListeners();
    started = [];
    const original = startServerModule.startServer;
    jest.spyOn(startServerModule, 'startServer').mockImplementation(async (app, options) => {
      const server = await original(app, options);
      started.push(server);
      return server;
    });
    log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    for (const [signal, listeners] of Object.entries(signalListenersSince(before))) {
      for (const listener of listeners) process.removeListener(signal, listener as (...args: unknown[]) => void);
    }
    await Promise.all(started.map((server) => server.close()));
    jest.restoreAllMocks();
  });

  const serve = () => serveExecutor({ outDir: 'apps/pets/src/generated', port: 0, host: '127.0.0.1' }, executorContext(ws.root, 'pets', 'serve'));

  it('serves the generated app on 127.0.0.1 and stops on SIGTERM, leaving nothing listening', async () => {
    const run = serve();
    const first = await run.next();
    expect(first.done).toBe(false);
    const { success, baseUrl } = first.value as ServeResult;
    expect(success).toBe(true);
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(baseUrl).not.toMatch(/:0$/);
    expect(calls(log).join('\n')).toContain(`pets is listening on ${baseUrl}`);

    const response = await fetch(`${baseUrl}/pets`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(Array.isArray(await response.json())).toBe(true);
    const invalid = await fetch(`${baseUrl}/pets?limit=0`);
    expect(invalid.status).toBe(400);
    await invalid.text();

    // Nx asks for the next value at once; only then does the executor start waiting for a signal.
    const finished = run.next();
    await new Promise((resolveTick) => setImmediate(resolveTick));
    const [onSigterm] = signalListenersSince(before)['SIGTERM'];
    expect(onSigterm).toBeDefined();
    onSigterm!();
    await expect(finished).resolves.toEqual({ done: true, value: undefined });
    expect(await isListening(baseUrl!)).toBe(false);
  });

  it('removes its signal listeners once stopped', async () => {
    const run = serve();
    await run.next();
    const finished = run.next();
    await new Promise((resolveTick) => setImmediate(resolveTick));
    const added = signalListenersSince(before);
    expect(added['SIGINT']).toHaveLength(1);
    expect(added['SIGTERM']).toHaveLength(1);
    added['SIGTERM'][0]!();
    await finished;
    expect(signalListenersSince(before)).toEqual({ SIGINT: [], SIGTERM: [] });
  });

  it('closes the server when its consumer stops iterating (return(), as `for await … break` does)', async () => {
    const run = serve();
    const { baseUrl } = (await run.next()).value as ServeResult;
    expect(await isListening(baseUrl!)).toBe(true);
    await run.return(undefined);
    expect(await isListening(baseUrl!)).toBe(false);
  });

  it('fails with a clear message, without a stack trace, when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = serveExecutor({ outDir: 'apps/pets/src/generated', port, host: '127.0.0.1' }, executorContext(ws.root, 'pets', 'serve'));
      expect((await run.next()).value).toEqual({ success: false });
      expect((await run.next()).done).toBe(true);
      expect(error).toHaveBeenCalledTimes(1);
      expect(calls(error)[0]).toContain(`127.0.0.1:${port}`);
      expect(calls(error)[0]).toContain('EADDRINUSE');
      expect(calls(error)[0]).toContain('--port');
      expect(calls(error)[0]).not.toMatch(STACK_FRAME);
    } finally {
      await new Promise<void>((done) => blocker.close(() => done()));
    }
  });

  it('fails with a message that points at generate when there is no generated app', async () => {
    const run = serveExecutor({ outDir: 'apps/pets/src/nothing-here', port: 0, host: '127.0.0.1' }, executorContext(ws.root, 'pets', 'serve'));
    expect((await run.next()).value).toEqual({ success: false });
    expect(error).toHaveBeenCalledTimes(1);
    const message = calls(error)[0];
    expect(message).toContain('apps/pets/src/nothing-here/app.ts');
    expect(message).toMatch(/generate/);
    expect(message).not.toMatch(STACK_FRAME);
  });
});

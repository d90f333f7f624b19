import '../../__fixtures__/nx-env';
import { SpecwrightError, type GenerateOptions, type HandlerProvider, type ProgressStream } from '@specwright/core';
import generateExecutor, { type GenerateExecutorOptions } from './executor';
import { calls, executorContext, STACK_FRAME } from '../../__fixtures__/executor-context';

// What the executor hands core, observed at the seam: generateToDisk and resolveProvider are
// replaced, everything else (error formatting, describeHandlers) is core's own.
jest.mock('@specwright/core', () => {
  const actual = jest.requireActual<typeof import('@specwright/core')>('@specwright/core');
  return { ...actual, generateToDisk: jest.fn(), resolveProvider: jest.fn(actual.resolveProvider) };
});
const core = jest.requireMock<{ generateToDisk: jest.Mock; resolveProvider: jest.Mock }>('@specwright/core');
const actualCore = jest.requireActual<typeof import('@specwright/core')>('@specwright/core');

const FAKE_PROVIDER: HandlerProvider = { id: 'fake', modelId: 'fake-model-1', promptVersion: 'p1', implement: async () => ({ code: '', provenance: { provider: 'fake', model: 'fake-model-1', promptVersion: 'p1' } }) };
/** A value only the environment holds: it may reach no option, no log line. */
const CREDENTIAL = 'nx-executor-spec-credential';

const base: GenerateExecutorOptions = { spec: 'apps/pets/openapi.yaml', outDir: 'apps/pets/src/generated', handlersDir: 'apps/pets/src/handlers' };

/** The result core returns for a run: what the executor summarises. */
function resultOf(outcomes: Array<[string, object]>, summary: object = {}): object {
  return {
    warnings: [],
    source: { files: ['apps/pets/openapi.yaml'] },
    summary: {
      operations: outcomes.length,
      server: true,
      handOwned: 0,
      generated: outcomes.length,
      reused: 0,
      pinned: 0,
      edited: 0,
      failed: 0,
      provider: 'offline',
      usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
      files: 9,
      ...summary,
    },
    outcomes: new Map(outcomes),
  };
}

/** What a CI log receives from the progress printer. */
function plainOutput(): ProgressStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY: false, written, write: (text) => void written.push(text) };
}

describe('generate executor: what it hands core', () => {
  let log: jest.SpyInstance;
  let error: jest.SpyInstance;
  const savedKey = process.env['ANTHROPIC_API_KEY'];
  beforeEach(() => {
    process.env['ANTHROPIC_API_KEY'] = CREDENTIAL;
    log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    core.generateToDisk.mockReset();
    core.resolveProvider.mockReset().mockImplementation(actualCore.resolveProvider);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    if (savedKey === undefined) delete process.env['ANTHROPIC_API_KEY'];
    else process.env['ANTHROPIC_API_KEY'] = savedKey;
  });

  it('builds the provider the options name and passes it with the lock, run and verification settings', async () => {
    core.resolveProvider.mockReturnValue(FAKE_PROVIDER);
    core.generateToDisk.mockResolvedValue(resultOf([]));
    const options: GenerateExecutorOptions = {
      ...base,
      emit: ['types', 'server'],
      provider: 'anthropic',
      model: 'claude-sonnet-5-5',
      concurrency: 2,
      maxAttempts: 5,
      allowImports: ['zod'],
      lockDir: 'apps/pets/specwright.lock',
      frozen: true,
      batch: true,
    };
    await expect(generateExecutor(options, executorContext('/ws', 'pets', 'generate'), plainOutput())).resolves.toEqual({ success: true });
    expect(core.resolveProvider).toHaveBeenCalledWith({ provider: 'anthropic', model: 'claude-sonnet-5-5', allowImports: ['zod'] });
    const passed = core.generateToDisk.mock.calls[0][0] as GenerateOptions;
    expect(passed).toMatchObject({
      spec: 'apps/pets/openapi.yaml',
      workspaceRoot: '/ws',
      outDir: 'apps/pets/src/generated',
      handlersDir: 'apps/pets/src/handlers',
      emit: ['types', 'server'],
      lockDir: 'apps/pets/specwright.lock',
      frozen: true,
      concurrency: 2,
      maxAttempts: 5,
      batch: true,
      allowImports: ['zod'],
    });
    expect(passed.provider).toBe(FAKE_PROVIDER);
    expect(typeof passed.conformanceCheck).toBe('function');
    expect(typeof passed.onProgress).toBe('function');
    // The key stays in the environment: core reads it when it calls the model.
    expect(JSON.stringify([core.resolveProvider.mock.calls, passed])).not.toContain(CREDENTIAL);
  });

  it('leaves what the options do not set to core (offline provider, default lock beside the spec)', async () => {
    core.generateToDisk.mockResolvedValue(resultOf([]));
    await generateExecutor(base, executorContext('/ws', 'pets', 'generate'), plainOutput());
    expect(core.resolveProvider).toHaveBeenCalledWith({ provider: undefined, model: undefined, allowImports: undefined });
    const passed = core.generateToDisk.mock.calls[0][0] as GenerateOptions;
    expect(passed.provider?.id).toBe('offline');
    expect(passed).toMatchObject({ lockDir: undefined, frozen: undefined, concurrency: undefined, maxAttempts: undefined, batch: undefined });
  });

  it("prints core's progress and a summary of every operation not reused, with tokens and cost", async () => {
    core.resolveProvider.mockReturnValue(FAKE_PROVIDER);
    const usage = { input: 800, output: 200, cacheRead: 0, cacheWrite: 0 };
    core.generateToDisk.mockImplementation(async (options: GenerateOptions) => {
      const emit = options.onProgress as (event: unknown) => void;
      emit({ kind: 'loaded', files: 1, operations: 3 });
      emit({ kind: 'work', toImplement: 1, reused: 2 });
      emit({ kind: 'implemented', operationId: 'getPet', outcome: { kind: 'reused' } });
      emit({ kind: 'implemented', operationId: 'listPets', outcome: { kind: 'reused' } });
      emit({ kind: 'implemented', operationId: 'createPet', outcome: { kind: 'pinned', attempts: 1, usage } });
      return resultOf(
        [['getPet', { kind: 'reused' }], ['listPets', { kind: 'reused' }], ['createPet', { kind: 'pinned', attempts: 1, usage }]],
        { reused: 2, pinned: 1, edited: 0, failed: 0, provider: 'fake', usage, cost: 0.0054 },
      );
    });
    const output = plainOutput();
    await expect(generateExecutor({ ...base, provider: 'anthropic', model: 'claude-sonnet-5-5' }, executorContext('/ws', 'pets', 'generate'), output)).resolves.toEqual({ success: true });
    expect(output.written.join('')).toBe('Implementing 1 of 3 operation(s); 2 pinned earlier.\n  pinned   createPet (1 attempt, 800 in (0 cached) / 200 out tokens)\n');
    const printed = calls(log).join('\n');
    expect(printed).toContain('Operations:\n  pinned     createPet (1 attempt, 800 in (0 cached) / 200 out tokens)\n  reused     2 more operation(s) whose pins are current');
    expect(printed).toContain('Tokens: 800 in (0 cached) / 200 out tokens; estimated cost: $0.0054.');
    expect(printed).toMatch(/^Specwright: 3 operation\(s\) from 1 spec file\(s\): /m);
    expect(printed).toContain('Wrote 9 files to apps/pets/src/generated');
    expect(printed).not.toContain(CREDENTIAL);
  });

  it('on a failed run, prints each outcome as it happens, then the error without a stack, and fails', async () => {
    core.resolveProvider.mockReturnValue(FAKE_PROVIDER);
    core.generateToDisk.mockImplementation(async (options: GenerateOptions) => {
      const emit = options.onProgress as (event: unknown) => void;
      emit({ kind: 'implemented', operationId: 'createPet', outcome: { kind: 'pinned', attempts: 1, usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 } } });
      emit({ kind: 'implemented', operationId: 'deletePet', outcome: { kind: 'failed', attempts: 3, usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, reason: 'typecheck: TS2322', stage: 'typecheck' } });
      throw new SpecwrightError('IMPLEMENT_FAILED', '1 operation(s) could not be implemented', { location: { file: 'apps/pets/specwright.lock' }, fix: 'Read each reason above.' });
    });
    const output = plainOutput();
    await expect(generateExecutor({ ...base, provider: 'anthropic', model: 'claude-sonnet-5-5' }, executorContext('/ws', 'pets', 'generate'), output)).resolves.toEqual({ success: false });
    expect(output.written).toEqual(['  pinned   createPet (1 attempt)\n', '  failed   deletePet (3 attempts): typecheck: TS2322\n']);
    expect(error).toHaveBeenCalledTimes(1);
    expect(calls(error)[0]).toMatch(/^apps\/pets\/specwright\.lock: 1 operation\(s\) could not be implemented \[IMPLEMENT_FAILED\]/);
    expect(calls(error)[0]).not.toMatch(STACK_FRAME);
  });

  it('fails clearly, without a stack and before generating, when the provider cannot be built', async () => {
    await expect(generateExecutor({ ...base, provider: 'anthropic' }, executorContext('/ws', 'pets', 'generate'), plainOutput())).resolves.toEqual({ success: false });
    expect(calls(error)[0]).toContain('provider "anthropic" needs a pinned model id');
    expect(calls(error)[0]).toContain('[INVALID_OPTION]');
    expect(calls(error)[0]).not.toMatch(STACK_FRAME);
    expect(core.generateToDisk).not.toHaveBeenCalled();
  });
});

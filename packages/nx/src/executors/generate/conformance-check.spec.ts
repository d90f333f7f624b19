import { lazyOperationConformanceCheck, type ConformanceEngine, type OperationConformanceCheck } from './conformance-check';

const INPUT: Parameters<OperationConformanceCheck>[0] = { app: { fetch: () => new Response('') }, operationId: 'getPet', document: {} };

describe('the conformance stage handed to core', () => {
  it('loads the engine on the first call only, and reuses the check it made', async () => {
    const check = jest.fn(async () => ['GET /pets/1: 500']);
    const engine: ConformanceEngine = { createOperationConformanceCheck: jest.fn(() => check) };
    const load = jest.fn(() => engine);
    const lazy = lazyOperationConformanceCheck(load);
    expect(load).not.toHaveBeenCalled(); // an offline run never pays for it
    await expect(lazy(INPUT)).resolves.toEqual(['GET /pets/1: 500']);
    await lazy({ ...INPUT, operationId: 'listPets' });
    expect(load).toHaveBeenCalledTimes(1);
    expect(engine.createOperationConformanceCheck).toHaveBeenCalledTimes(1);
    expect(check).toHaveBeenLastCalledWith({ ...INPUT, operationId: 'listPets' });
  });

  it('refuses, rather than skips, when the installed engine cannot check one operation', async () => {
    const lazy = lazyOperationConformanceCheck(() => ({}));
    await expect(lazy(INPUT)).rejects.toThrow(/has no createOperationConformanceCheck/);
  });
});

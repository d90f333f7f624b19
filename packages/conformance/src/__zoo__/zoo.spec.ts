import { join } from 'node:path';
import { buildConformanceModel } from '../model/build-model';
import { loadConformanceModel } from '../model/load-model';
import type { ConformanceModel } from '../model/types';
import { runConformance } from '../engine/run-conformance';
import type { ConformanceReport, Failure } from '../engine/report-types';
import { inProcessTarget } from '../target/in-process';
import { formatReport } from '../report/summary';
import { ZOO_API_KEY, ZOO_BUGS, zooApp, type ZooBug } from './zoo-apps';

let model: ConformanceModel;
beforeAll(async () => {
  model = await loadConformanceModel(join(__dirname, 'zoo.yaml'), { workspaceRoot: __dirname });
});

const CASES = 30;

async function run(bug?: ZooBug, seed?: number): Promise<ConformanceReport> {
  return runConformance(model, inProcessTarget(zooApp(model.apiSpec, bug)), { cases: CASES, headers: { 'X-API-Key': ZOO_API_KEY }, ...(seed !== undefined ? { seed } : {}) });
}

function failures(report: ConformanceReport): Failure[] {
  return report.operations.flatMap((o) => o.checks.flatMap((c) => c.failures));
}

describe('the correct twin', () => {
  it.each([1, 2, 3])('passes every check (seed %i)', async (seed) => {
    const report = await run(undefined, seed);
    if (report.totals.checksFailed > 0) throw new Error(formatReport(report));
    expect(report.totals.checksPassed).toBeGreaterThan(20);
    expect(report.operations.reduce((sum, o) => sum + o.discarded, 0)).toBe(0);
  });

  it('exercises every check somewhere', async () => {
    const report = await run();
    const judged = new Set(report.operations.flatMap((o) => o.checks.filter((c) => c.exchanges > 0).map((c) => c.check)));
    expect([...judged].sort()).toEqual(Object.values(ZOO_BUGS).sort());
  });
});

describe('every bug is caught', () => {
  it.each(Object.entries(ZOO_BUGS) as [ZooBug, (typeof ZOO_BUGS)[ZooBug]][])('%s → %s', async (bug, check) => {
    const report = await run(bug);
    const caught = failures(report).filter((f) => f.check === check);
    if (caught.length === 0) throw new Error(`${check} did not fail for bug ${bug}:\n${formatReport(report)}`);
    const failure = caught[0]!;
    // What a user needs to act on it: a curl line to paste and the seed that replays the run.
    expect(failure.curl).toMatch(/^curl /);
    expect(failure.seed).toBe(report.seed);
    expect(failure.message.length).toBeGreaterThan(10);
  });
});

describe('failures are minimal and replayable', () => {
  it('shrinks the crashing page size to the smallest one that crashes', async () => {
    const report = await run('server_error');
    const failure = failures(report).find((f) => f.check === 'not_a_server_error')!;
    expect(failure.curl).toContain('limit=51');
  });

  it('the same seed sends the same requests and finds the same failures', async () => {
    const strip = (report: ConformanceReport) => JSON.stringify(failures(report).map(({ curl, message, check }) => ({ curl, message, check })));
    expect(strip(await run('rejects_valid', 7))).toBe(strip(await run('rejects_valid', 7)));
  });
});

describe('switches and spec problems', () => {
  it('turns checks off project-wide and per operation; turned-off checks are skipped, not run', async () => {
    const report = await runConformance(model, inProcessTarget(zooApp(model.apiSpec, 'wrong_field_type')), {
      cases: 5,
      headers: { 'X-API-Key': ZOO_API_KEY },
      checks: { unsupported_method: false },
      operations: { listPets: { checks: { response_schema_conformance: false } } },
    });
    const listPets = report.operations.find((o) => o.operationId === 'listPets')!;
    expect(listPets.checks.find((c) => c.check === 'response_schema_conformance')).toMatchObject({ status: 'skipped', exchanges: 0 });
    expect(report.operations.every((o) => o.checks.find((c) => c.check === 'unsupported_method')?.status === 'skipped')).toBe(true);
    expect(report.totals.checksFailed).toBe(0);
  });

  it('rejects unknown check names before sending anything', async () => {
    await expect(runConformance(model, inProcessTarget(zooApp(model.apiSpec)), { checks: { not_a_check: false } as never })).rejects.toThrow(
      'unknown check "not_a_check"',
    );
  });

  it('reports an example that contradicts its schema as a spec warning instead of sending it', async () => {
    const broken = structuredClone(model) as unknown as { operations: { operationId: string; requestBody?: { content: { examples: { name: string; value: unknown }[] }[] } }[] };
    broken.operations.find((o) => o.operationId === 'createPet')!.requestBody!.content[0]!.examples.push({ name: 'nameless', value: { tag: 'cat' } });
    const report = await runConformance(broken as unknown as ConformanceModel, inProcessTarget(zooApp(model.apiSpec)), {
      cases: 5,
      headers: { 'X-API-Key': ZOO_API_KEY },
      phases: ['examples'],
    });
    expect(report.operations.find((o) => o.operationId === 'createPet')!.warnings).toEqual(['body (application/json): example "nameless" does not match its schema']);
    expect(report.totals.checksFailed).toBe(0);
  });
});

describe('an operation no request can be built for', () => {
  it('is skipped with the reason as a warning, and the rest of the run goes on', async () => {
    const impossible = buildConformanceModel(
      {
        openapi: '3.1.0',
        info: { title: 'x', version: '1' },
        paths: {
          '/a': { post: { operationId: 'impossible', requestBody: { required: true, content: { 'application/json': { schema: { type: 'string', minLength: 5, maxLength: 2 } } } }, responses: { '200': { description: 'ok' } } } },
          '/b': { get: { operationId: 'fine', responses: { '200': { description: 'ok' } } } },
        },
      },
      '3.1',
    );
    const app = { fetch: async () => new Response(null, { status: 200 }) };
    const report = await runConformance(impossible, inProcessTarget(app), { cases: 5 });
    const skipped = report.operations.find((o) => o.operationId === 'impossible')!;
    expect(skipped.warnings[0]).toMatch(/^cannot build requests: /);
    expect(skipped.checks.every((c) => c.status === 'skipped')).toBe(true);
    const fine = report.operations.find((o) => o.operationId === 'fine')!;
    expect(fine.requests).toBeGreaterThan(0);
    expect(fine.checks.find((c) => c.check === 'status_code_conformance')!.status).toBe('passed');
  });
});

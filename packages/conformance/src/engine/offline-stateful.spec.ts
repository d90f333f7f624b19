/**
 * The example petstore (examples/petstore-api/openapi.yaml), generated with the offline provider
 * and served in-process, passes the whole suite, the stateful checks included: its createPet
 * response links to getPet and deletePet, and the offline handlers keep pets in the app's
 * in-memory store, so a created pet can be read (ensure_resource_availability) and a deleted
 * one cannot (use_after_free).
 */
import { checkOpenApiVersion, generateToDisk, type OpenApiDocument } from '@specwright/core';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConformanceModel } from '../model/build-model';
import { formatReport } from '../report/summary';
import { inProcessTarget, type FetchApp } from '../target/in-process';
import { runConformance } from './run-conformance';

jest.setTimeout(180_000);

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
const EXAMPLE_SPEC = join(REPO_ROOT, 'examples', 'petstore-api', 'openapi.yaml');

describe('the example petstore with offline handlers', () => {
  let root: string;
  let createApp: () => FetchApp;
  let document: OpenApiDocument;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'specwright-offline-stateful-'));
    writeFileSync(join(root, 'openapi.yaml'), readFileSync(EXAMPLE_SPEC, 'utf8'));
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'junction');
    await generateToDisk({ spec: 'openapi.yaml', workspaceRoot: root, outDir: 'src/generated' });
    document = JSON.parse(readFileSync(join(root, 'src', 'generated', 'openapi.json'), 'utf8')) as OpenApiDocument;
    // In this process: Jest transpiles the generated TypeScript (its `.js` specifiers map to `.ts`).
    createApp = (require(join(root, 'src', 'generated', 'app.ts')) as { createApp: () => FetchApp }).createApp;
  });

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('passes every check, ensure_resource_availability and use_after_free with exchanges to judge', async () => {
    const model = buildConformanceModel(document, checkOpenApiVersion(document, 'openapi.json'));
    const report = await runConformance(model, inProcessTarget(createApp()), { cases: 10, headers: { 'X-API-Key': 'test-key' } });
    if (report.totals.checksFailed > 0) throw new Error(formatReport(report));

    const check = (operationId: string, name: string) => report.operations.find((o) => o.operationId === operationId)?.checks.find((c) => c.check === name);
    expect(check('createPet', 'ensure_resource_availability')).toMatchObject({ status: 'passed', exchanges: expect.any(Number) });
    expect(check('createPet', 'ensure_resource_availability')?.exchanges).toBeGreaterThan(0);
    expect(check('deletePet', 'use_after_free')).toMatchObject({ status: 'passed' });
    expect(check('deletePet', 'use_after_free')?.exchanges).toBeGreaterThan(0);
  });
});

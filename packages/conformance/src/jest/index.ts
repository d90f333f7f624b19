/**
 * The Jest face of the engine: `describeConformance` declares one test per operation and check,
 * runs the engine once against the app in-process, and lets each test report its check. The
 * generated `src/generated/conformance.suite.ts` calls it; `nx run <project>:conformance` runs
 * that file through Jest with the options of the target (see SUITE_OPTIONS_GLOBAL).
 */
import { readFileSync } from 'node:fs';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkOpenApiVersion, type OpenApiDocument } from '@specwright/core';
import { planChecks } from '../engine/applicable-checks';
import { resolveOptions, type ConformanceOptions } from '../engine/options';
import type { ConformanceReport } from '../engine/report-types';
import { runConformance } from '../engine/run-conformance';
import { buildConformanceModel } from '../model/build-model';
import { formatFailure } from '../report/format-failure';
import { toJunitXml } from '../report/junit';
import { inProcessTarget, type FetchApp } from '../target/in-process';

/** Jest `globals` key the Nx executor passes target options under. */
export const SUITE_OPTIONS_GLOBAL = '__SPECWRIGHT_CONFORMANCE__';

/** What the executor passes: engine options plus where to write JUnit XML and how to replay. */
export interface SuiteRunOptions extends Omit<ConformanceOptions, 'onOperation'> {
  /** Absolute path of the JUnit XML report to write. */
  readonly junit?: string;
  /** The command that replays a failure, printed with each (e.g. `nx run api:conformance --seed=7`). */
  readonly replay?: string;
}

export interface ConformanceSuite {
  /**
   * Folder of the generated files: the bundled spec is `openapi.json` there. Defaults to the
   * test file's own folder (from Jest), which is where generate writes both; the generated
   * suite relies on that rather than `__dirname`, which ESM projects and projects without
   * Node's types do not have.
   */
  readonly directory?: string;
  /** The app under test, or a factory (called once, before the first request). */
  readonly app: FetchApp | (() => FetchApp | Promise<FetchApp>);
  /** Suite name; defaults to the spec's title. */
  readonly name?: string;
  /** Options that win over the executor's (e.g. a fixed operation list in a hand-written suite). */
  readonly options?: SuiteRunOptions;
}

declare const expect: { getState(): { testPath?: string } };
declare const describe: (name: string, body: () => void) => void;
declare const it: ((name: string, body: () => void | Promise<void>) => void) & { skip: (name: string, body: () => void) => void };
declare const beforeAll: (body: () => Promise<void>, timeout?: number) => void;

/** Long enough for a big spec's whole run, which happens in beforeAll. */
const RUN_TIMEOUT_MS = 60 * 60 * 1000;

export function describeConformance(suite: ConformanceSuite): void {
  const fromExecutor = (globalThis as Record<string, unknown>)[SUITE_OPTIONS_GLOBAL] as SuiteRunOptions | undefined;
  const options: SuiteRunOptions = { ...fromExecutor, ...suite.options };
  const documentPath = join(suite.directory ?? dirname(currentTestPath()), 'openapi.json');
  const document = JSON.parse(readFileSync(documentPath, 'utf8')) as OpenApiDocument;
  const model = buildConformanceModel(document, checkOpenApiVersion(document, documentPath));
  const plans = planChecks(model, resolveOptions(options));
  const include = options.include ? new Set(options.include) : undefined;
  let report: ConformanceReport | undefined;

  describe(suite.name ?? model.title, () => {
    beforeAll(async () => {
      const app = typeof suite.app === 'function' ? await suite.app() : suite.app;
      report = await runConformance(model, inProcessTarget(app), options);
      const warnings = [...(report.warnings ?? []), ...report.operations.flatMap((o) => o.warnings.map((w) => `${o.operationId}: ${w}`))];
      if (warnings.length > 0) console.warn(`Spec warnings:\n  ${warnings.join('\n  ')}`);
      if (options.junit) writeAtomically(options.junit, toJunitXml(report, { name: suite.name ?? model.title, ...(options.replay ? { replay: options.replay } : {}) }));
    }, RUN_TIMEOUT_MS);

    for (const operation of model.operations) {
      if (include && !include.has(operation.operationId)) continue;
      if (options.operations?.[operation.operationId]?.skip) continue;
      describe(`${operation.operationId}: ${operation.method.toUpperCase()} ${operation.path}`, () => {
        for (const plan of plans.get(operation.operationId) ?? []) {
          if (!plan.enabled) {
            it.skip(plan.check, () => undefined);
            continue;
          }
          it(plan.check, () => {
            const result = report?.operations.find((o) => o.operationId === operation.operationId)?.checks.find((c) => c.check === plan.check);
            if (!result) throw new Error('the conformance run did not complete (see the error above)');
            if (result.status === 'failed') {
              throw new ConformanceFailure(result.failures.map((f) => formatFailure(f, options.replay)).join('\n\n'));
            }
          });
        }
      });
    }
  });
}

function currentTestPath(): string {
  const testPath = typeof expect === 'undefined' ? undefined : expect.getState().testPath;
  if (!testPath) throw new Error('describeConformance: pass `directory` (the folder holding openapi.json) when not running under Jest');
  return testPath;
}

/** An Error whose stack is its message: the curl line and response matter, not our frames. */
class ConformanceFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceFailure';
    this.stack = `${this.name}: ${message}`;
  }
}

function writeAtomically(path: string, contents: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

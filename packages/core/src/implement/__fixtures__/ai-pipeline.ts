/**
 * The AI pipeline end to end, for the integration tests of issue 8: a temp workspace with a spec,
 * the real `generateToDisk` (or the CLI) with the real anthropic provider and SDK, pointed at the
 * loopback fake Messages API, which answers every request with a handler that passes
 * verification: the offline provider's code for the operation the prompt names, computed from
 * the spec as it is in the workspace (`prepare()` after every spec change).
 *
 * Excluded from the build (tsconfig excludes src/**\/__fixtures__/**).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { fault, reply, startFakeAnthropic, type FakeAnthropic } from '../../../../../tools/fake-anthropic/src';
import type { FakeAnthropicOptions, RecordedRequest, ScriptedReply, ScriptRequest } from '../../../../../tools/fake-anthropic/src/types';
import { indexOperations, operationContract, type Operation } from '../../contract/index-operations';
import { relativeImport } from '../../emit/generated-file';
import { generateToDisk, type GenerateOptions, type GenerateResult } from '../../generate';
import { codeSha256 } from '../../lock/code-sha';
import { readLock, type LockState } from '../../lock';
import { renderOfflineHandler } from '../../providers/offline/offline-provider';
import { resolveProvider } from '../../providers/resolve-provider';
import { loadConformanceCheck } from '../../cli/load-conformance-check';
import type { OperationConformanceCheck } from '../../verify/verify-types';
import { loadSpec } from '../../spec/load-spec';
import type { TempWorkspace } from '../../__fixtures__/workspace';
import { implementationPath } from '../implement-handlers';

export { fault, reply };
export type { FakeAnthropic, ScriptedReply, ScriptRequest };

/** The credential the tests put in ANTHROPIC_API_KEY: not shaped like a real key, so nothing mistakes it for one. */
export const TEST_CREDENTIAL = 'specwright-integration-test-credential-7f3a';
export const MODEL = 'claude-sonnet-5-5';
export const OTHER_MODEL = 'claude-haiku-5-5';

export const SPEC = 'api/openapi.yaml';
export const OUT = 'api/src/generated';
export const HANDLERS = 'api/src/handlers';
export const LOCK = 'api/specwright.lock';

/**
 * Sets ANTHROPIC_API_KEY to the test credential (and clears ANTHROPIC_BASE_URL and
 * ANTHROPIC_AUTH_TOKEN) before each test and before the file's beforeAll hooks that come after
 * this call, restoring all three after the file.
 */
export function useTestCredential(): void {
  const saved = { key: process.env.ANTHROPIC_API_KEY, base: process.env.ANTHROPIC_BASE_URL, token: process.env.ANTHROPIC_AUTH_TOKEN };
  const set = (): void => {
    process.env.ANTHROPIC_API_KEY = TEST_CREDENTIAL;
    delete process.env.ANTHROPIC_BASE_URL;
    delete process.env.ANTHROPIC_AUTH_TOKEN;
  };
  beforeAll(set);
  beforeEach(set);
  afterAll(() => {
    restore('ANTHROPIC_API_KEY', saved.key);
    restore('ANTHROPIC_BASE_URL', saved.base);
    restore('ANTHROPIC_AUTH_TOKEN', saved.token);
  });
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** Decides one operation's reply: a scripted reply, or undefined for the correct handler. */
export type OperationResponder = (operationId: string, call: number, request: ScriptRequest) => ScriptedReply | undefined;

export interface HandlerFake {
  readonly fake: FakeAnthropic;
  readonly url: string;
  /** Reads the workspace's spec and computes the correct handler of every operation (call after each spec change). */
  prepare(ws: TempWorkspace, spec?: string): Promise<void>;
  /** The correct handler of an operation, as the fake answers it. */
  codeFor(operationId: string): string;
  /** A structured-output reply carrying `code`. */
  replyWith(code: string): ScriptedReply;
  /** Overrides replies per operation and call (1-based, repairs included); undefined keeps the correct one. */
  override(responder: OperationResponder | undefined): void;
  /** `/v1/messages` requests so far. */
  calls(): number;
  /** Operation ids of the `/v1/messages` requests so far, in order of arrival (one per request, retries included). */
  operationsCalled(): string[];
  /** The recorded `/v1/messages` request bodies that named `operationId`, in order. */
  requestsFor(operationId: string): Array<{ messages: Array<{ role: string; content: unknown }> }>;
  /** The recorded `/v1/messages` requests (outcome, headers) that named `operationId`, in order. */
  recordedFor(operationId: string): RecordedRequest[];
  reset(): void;
  close(): Promise<void>;
}

const OPERATION_IN_PROMPT = /Implement the handler of operation ("(?:[^"\\]|\\.)*")/;

/** The operation a Messages request (live or a batch entry) asks for, read from its first user turn. */
export function operationIdOf(body: unknown): string {
  const first = (body as { messages?: Array<{ content?: unknown }> })?.messages?.[0]?.content;
  const text = typeof first === 'string' ? first : JSON.stringify(first);
  const match = OPERATION_IN_PROMPT.exec(text ?? '');
  if (!match) throw new Error(`fake responder: no operation named in the request: ${String(text).slice(0, 200)}`);
  return JSON.parse(match[1] as string) as string;
}

/** Handler fakes for a test file, each closed after its test: `const fakes = useHandlerFakes()`, then `await fakes.start()`. */
export function useHandlerFakes(): { start(options?: FakeAnthropicOptions): Promise<HandlerFake> } {
  const started: HandlerFake[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((fake) => fake.close()));
  });
  return {
    async start(options = {}) {
      const fake = await startHandlerFake(options);
      started.push(fake);
      return fake;
    },
  };
}

export async function startHandlerFake(options: FakeAnthropicOptions = {}): Promise<HandlerFake> {
  let code = new Map<string, string>();
  let override: OperationResponder | undefined;
  const callsOf = new Map<string, number>();
  const replyWith = (text: string): ScriptedReply => reply.json({ code: text, notes: 'Written by the integration fixture.' });
  const fake = await startFakeAnthropic({
    apiKey: TEST_CREDENTIAL,
    ...options,
    respond: (request) => {
      const id = operationIdOf(request.body);
      const call = (callsOf.get(id) ?? 0) + 1;
      callsOf.set(id, call);
      const scripted = override?.(id, call, request);
      if (scripted) return scripted;
      const correct = code.get(id);
      if (correct === undefined) return fault.badRequest(`fixture: no handler prepared for operation ${id}`);
      return replyWith(correct);
    },
  });
  const messageBodies = () => fake.requests.filter((r) => r.path === '/v1/messages' && r.method === 'POST').map((r) => r.body);
  return {
    fake,
    url: fake.url,
    async prepare(ws, spec = SPEC) {
      code = await correctHandlers(ws, spec);
    },
    codeFor(id) {
      const found = code.get(id);
      if (found === undefined) throw new Error(`no handler prepared for ${id}`);
      return found;
    },
    replyWith,
    override(responder) {
      override = responder;
    },
    calls: () => fake.count(),
    operationsCalled: () => messageBodies().map(operationIdOf),
    requestsFor: (id) => messageBodies().filter((body) => operationIdOf(body) === id) as Array<{ messages: Array<{ role: string; content: unknown }> }>,
    recordedFor: (id) => fake.requests.filter((r) => r.path === '/v1/messages' && r.method === 'POST' && operationIdOf(r.body) === id),
    reset() {
      fake.reset();
      callsOf.clear();
      override = undefined;
    },
    close: () => fake.close(),
  };
}

/** The offline provider's handler of every operation of the spec: code that typechecks and conforms. */
export async function correctHandlers(ws: TempWorkspace, spec = SPEC): Promise<Map<string, string>> {
  const source = await loadSpec(spec, { workspaceRoot: ws.root });
  const operations: Operation[] = indexOperations(source.document, { specFile: source.rootFile });
  const code = new Map<string, string>();
  for (const operation of operations) {
    code.set(
      operation.id,
      renderOfflineHandler({
        document: source.document,
        version: source.version,
        operation,
        handlerTypesImport: relativeImport(implementationPath(operation), 'handler-types'),
        contract: () => operationContract(source.document, operation),
      }),
    );
  }
  return code;
}

/** Each operation's contract hash in the workspace's spec as it is now. */
export async function contractHashes(ws: TempWorkspace, spec = SPEC): Promise<Map<string, string>> {
  const source = await loadSpec(spec, { workspaceRoot: ws.root });
  return new Map(indexOperations(source.document, { specFile: source.rootFile }).map((operation) => [operation.id, operation.contractHash]));
}

/**
 * generateToDisk on the workspace with the anthropic provider pointed at the fake (key from
 * ANTHROPIC_API_KEY), verified as the CLI verifies: typecheck, policy and the operation's
 * conformance cases from @specwright/conformance (`conformance: false` leaves that stage out).
 */
export function generateWithModel(
  ws: TempWorkspace,
  fakeUrl: string,
  options: Partial<GenerateOptions> & { model?: string; conformance?: boolean } = {},
): Promise<GenerateResult> {
  const { model = MODEL, conformance = true, ...rest } = options;
  return generateToDisk({
    spec: SPEC,
    workspaceRoot: ws.root,
    outDir: OUT,
    provider: resolveProvider({ provider: 'anthropic', model, baseURL: fakeUrl }),
    concurrency: 8,
    ...(conformance ? { conformanceCheck: requiredConformanceCheck() } : {}),
    ...rest,
  });
}

function requiredConformanceCheck(): OperationConformanceCheck {
  const check = loadConformanceCheck();
  if (!check) throw new Error('@specwright/conformance has no createOperationConformanceCheck: build it (npx tsc -b packages/conformance)');
  return check;
}

/** What a promise rejected with (fails the test when it resolved). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected the promise to reject');
}

// ---------------------------------------------------------------------------------------------
// Specs

export interface SpecVariant {
  /** Operations (by id) whose contract gets an extra query parameter. */
  readonly changed?: readonly string[];
  /** Name of the extra query parameter of `changed` (default `verbose`): another name is another contract. */
  readonly parameter?: string;
  /** Extra text in one operation's description (prompt-injection tests). */
  readonly descriptions?: Readonly<Record<string, string>>;
}

/**
 * A spec of `count` generated operations (`getItem<i>` and `deleteItem<i>` on `/items<i>/{id}`,
 * each resource with its own schema) plus `handOwned` operations `handOwned<i>` on `/hand<i>`.
 */
export function manyOperationsSpec(count: number, handOwned = 0, variant: SpecVariant = {}): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  const changed = new Set(variant.changed ?? []);
  const extra = (id: string) =>
    changed.has(id) ? { parameters: [{ name: variant.parameter ?? 'verbose', in: 'query', required: false, schema: { type: 'boolean' } }] } : {};
  const description = (id: string) => (variant.descriptions?.[id] === undefined ? {} : { description: variant.descriptions[id] });
  for (let i = 0; i < Math.ceil(count / 2); i++) {
    const name = `Item${i}`;
    schemas[name] = {
      type: 'object',
      required: ['id', 'name'],
      properties: { id: { type: 'integer', example: i }, name: { type: 'string', maxLength: 40, example: `item ${i}` } },
    };
    const get = `getItem${i}`;
    const del = `deleteItem${i}`;
    const item: Record<string, unknown> = {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      get: {
        operationId: get,
        summary: `Get item ${i}`,
        ...description(get),
        ...extra(get),
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } },
          '404': { description: 'missing' },
        },
      },
    };
    if (2 * i + 1 < count) {
      item.delete = { operationId: del, summary: `Delete item ${i}`, ...description(del), ...extra(del), responses: { '204': { description: 'deleted' } } };
    }
    paths[`/items${i}/{id}`] = item;
  }
  for (let i = 0; i < handOwned; i++) {
    paths[`/hand${i}`] = { get: { operationId: `handOwned${i}`, responses: { '200': { description: 'ok', content: { 'text/plain': { schema: { type: 'string' } } } } } } };
  }
  return { openapi: '3.1.0', info: { title: 'Many', version: '1.0.0' }, paths, components: { schemas } };
}

/** Operation ids of manyOperationsSpec(count) without the hand-owned ones, in spec order. */
export function generatedIds(count: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(i % 2 === 0 ? `getItem${i / 2}` : `deleteItem${(i - 1) / 2}`);
  return ids;
}

/** The YAML a person would write (block style). */
export function specYaml(spec: object): string {
  return toYaml(spec);
}

/** The same data formatted differently: 4-space indent, flow style for small maps, quoted keys, a comment. */
export function reformattedYaml(spec: object): string {
  const text = toYaml(spec, { indent: 4, flowCollectionPadding: false, defaultKeyType: 'QUOTE_DOUBLE', defaultStringType: 'QUOTE_SINGLE', lineWidth: 200 });
  return `# reformatted by hand: same data\n${text.replace(/\n/g, '\n\n')}`;
}

/** A hand-owned handler for `handOwned<i>` (the tool never writes or calls a model for it). */
export function handOwnedHandler(i: number): string {
  return [
    `import type { HandOwned${i}Handler } from '../generated/handler-types.js';`,
    '',
    `const handler: HandOwned${i}Handler = async () => ({ status: 200, body: 'hand ${i}' });`,
    '',
    'export default handler;',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Trees and the lock

/** Every file under `dir` (relative POSIX path → bytes as latin1, so binary differences show). */
export function treeOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const visit = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) visit(full);
      else out[relative(dir, full).split(sep).join('/')] = readFileSync(full, 'latin1');
    }
  };
  visit(dir);
  return out;
}

/** Every file of the workspace with its size and mtime, to see what a run touched. */
export function fileStamps(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) visit(full);
      else {
        const stats = statSync(full);
        out.set(relative(root, full).split(sep).join('/'), `${stats.size}:${stats.mtimeMs}`);
      }
    }
  };
  visit(root);
  return out;
}

/**
 * Reads the lock as the pipeline does and checks that it is whole: every entry's file exists and
 * hashes to its codeSha256 unless listed in `edited`. Returns the state.
 */
export function readWholeLock(ws: TempWorkspace, edited: readonly string[] = []): LockState {
  const lock = readLock(ws.path(LOCK), LOCK);
  for (const [id, entry] of Object.entries(lock.index?.entries ?? {})) {
    const bytes = lock.readCodeBytes(entry);
    if (bytes === undefined) throw new Error(`lock entry ${id}: file ${entry.file} is missing`);
    if (!edited.includes(id) && codeSha256(bytes) !== entry.codeSha256) throw new Error(`lock entry ${id}: file ${entry.file} does not match its sha256`);
  }
  return lock;
}

/** Lock entries by operation id (plain objects, for toEqual). */
export function lockEntries(ws: TempWorkspace): Record<string, Record<string, unknown>> {
  const lock = readLock(ws.path(LOCK), LOCK);
  return Object.fromEntries(Object.entries(lock.index?.entries ?? {}).map(([id, entry]) => [id, { ...entry }]));
}

/**
 * Checks that the output folder is exactly what the lock explains: one implementation per lock
 * entry, byte-identical to the pinned file, and the manifest naming each entry's key.
 */
export function expectOutputMatchesLock(ws: TempWorkspace, handOwned: readonly string[] = []): void {
  const lock = readWholeLock(ws);
  const manifest = JSON.parse(ws.read(`${OUT}/manifest.json`)) as { operations: Record<string, { key: string; handler: string }> };
  for (const [id, entry] of Object.entries(lock.index?.entries ?? {})) {
    const implementation = ws.read(`${OUT}/implementations/${entry.file}`);
    if (implementation !== lock.readCode(entry)) throw new Error(`${OUT}/implementations/${entry.file} differs from the pinned ${LOCK}/${entry.file}`);
    if (manifest.operations[id]?.handler !== 'anthropic') throw new Error(`manifest: ${id} is not bound to the anthropic pin`);
  }
  for (const id of handOwned) if (manifest.operations[id]?.handler !== 'hand-owned') throw new Error(`manifest: ${id} is not hand-owned`);
}

// ---------------------------------------------------------------------------------------------
// The CLI as a real process (packages/core/dist/cli/main.js: build first, `npx tsc -b packages/core`)

export const CLI_BIN = join(__dirname, '..', '..', '..', 'dist', 'cli', 'main.js');

export interface CliRun {
  readonly child: ChildProcess;
  readonly finished: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/**
 * Starts `specwright <args>` in the workspace with only the environment given (plus PATH and
 * HOME): no key of the machine's leaks in. Every process started is killed after the test.
 */
export function useCli(): (ws: TempWorkspace, args: readonly string[], env: Record<string, string>) => CliRun {
  const started: ChildProcess[] = [];
  afterEach(() => {
    for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return (ws, args, env) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: ws.root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const finished = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((done) =>
      child.on('close', (code, signal) => done({ code, signal, stdout, stderr })),
    );
    return { child, finished };
  };
}

/**
 * The CLI arguments of a generate run of the fixture's workspace layout with the anthropic
 * provider. `--root .`: the workspace (neither nx.json nor .git in it) is the root, as under Nx.
 */
export function generateArgs(...extra: string[]): string[] {
  return ['generate', '--root', '.', '--spec', SPEC, '--out', OUT, '--provider', 'anthropic', '--model', MODEL, ...extra];
}

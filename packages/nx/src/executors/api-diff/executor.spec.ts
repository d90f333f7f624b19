import '../../__fixtures__/nx-env';
import { execFileSync } from 'node:child_process';
import apiDiffExecutor from './executor';
import { baseIn } from './base-ref';
import { consumersOf } from './consumers';
import { calls, executorContext, STACK_FRAME } from '../../__fixtures__/executor-context';
import { nxWorkspaceFiles, petstoreYaml, useTempWorkspaces, type TempWorkspace } from '../../__fixtures__/workspace';

const SPEC = 'apps/pets/openapi.yaml';
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t.invalid' };

describe('api-diff executor (the spec at a git base against the working tree)', () => {
  const workspace = useTempWorkspaces();
  let log: jest.SpyInstance;
  let error: jest.SpyInstance;
  let stdout: jest.SpyInstance;
  const savedBase = process.env['NX_BASE'];
  beforeEach(() => {
    delete process.env['NX_BASE'];
    log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    if (savedBase === undefined) delete process.env['NX_BASE'];
    else process.env['NX_BASE'] = savedBase;
  });

  const git = (ws: TempWorkspace, ...args: string[]): string => execFileSync('git', args, { cwd: ws.root, env: GIT_ENV, encoding: 'utf8' });
  /** A git workspace whose first commit holds the petstore spec, with a shared schema in another project. */
  function committedWorkspace(): TempWorkspace {
    const ws = workspace({ ...nxWorkspaceFiles(), 'apps/pets/project.json': { name: 'pets' }, [SPEC]: petstoreYaml() });
    git(ws, 'init', '-q', '-b', 'main');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'base');
    return ws;
  }
  const printed = (): string => [...calls(log), ...calls(error), ...stdout.mock.calls.map((c: unknown[]) => String(c[0]))].join('\n');
  const context = (ws: TempWorkspace) => ({
    ...executorContext(ws.root, 'pets', 'api-diff'),
    projectGraph: {
      nodes: {
        pets: { name: 'pets', type: 'lib' as const, data: { root: 'apps/pets' } },
        'pets-client': { name: 'pets-client', type: 'lib' as const, data: { root: 'libs/pets-client' } },
        shop: { name: 'shop', type: 'app' as const, data: { root: 'apps/shop' } },
      },
      dependencies: {
        pets: [],
        'pets-client': [{ source: 'pets-client', target: 'pets', type: 'implicit' }],
        shop: [{ source: 'shop', target: 'pets-client', type: 'static' }],
      },
    },
  });

  it('fails on a breaking change, naming the rule, the location and the consumers', async () => {
    const ws = committedWorkspace();
    const changed = petstoreYaml().replace(/\n {6}required: \[id, name, status\]/, '\n      required: [id, status]');
    expect(changed).not.toBe(petstoreYaml());
    ws.write(SPEC, changed);
    await expect(apiDiffExecutor({ spec: SPEC, base: 'main' }, context(ws))).resolves.toEqual({ success: false });
    const out = printed();
    expect(out).toMatch(/response-property-became-optional|response-required-property-removed|became optional/);
    expect(out).toContain(`${SPEC}:`);
    expect(out).toContain('Consumers affected (projects that depend on pets): pets-client, shop');
    expect(out).toContain('specwright.breaking.yaml');
  });

  it('passes a non-breaking change and lists it as a changelog', async () => {
    const ws = committedWorkspace();
    const changed = petstoreYaml().replace(/\n {6}properties:\n {8}id: \{ type: integer, format: int64, readOnly: true, minimum: 1 \}/, (m) => `${m}\n        nickname: { type: string }`);
    expect(changed).not.toBe(petstoreYaml());
    ws.write(SPEC, changed);
    await expect(apiDiffExecutor({ spec: SPEC, base: 'main' }, context(ws))).resolves.toEqual({ success: true });
    expect(printed()).toContain('nickname');
  });

  it('passes when nothing changed, and takes the base from NX_BASE', async () => {
    const ws = committedWorkspace();
    process.env['NX_BASE'] = 'main';
    await expect(apiDiffExecutor({ spec: SPEC }, context(ws))).resolves.toEqual({ success: true });
    expect(printed()).toContain('against main (NX_BASE;');
  });

  it('compares the merge base with HEAD, as nx affected does', async () => {
    const ws = committedWorkspace();
    git(ws, 'checkout', '-q', '-b', 'feature');
    // main moves on after the branch point and adds an operation. Against main's tip the
    // feature branch would "remove" it (breaking); against the merge base nothing changed.
    git(ws, 'checkout', '-q', 'main');
    const withOwners = petstoreYaml().replace('\npaths:\n', "\npaths:\n  /owners:\n    get:\n      operationId: listOwners\n      responses:\n        '200':\n          description: Owners.\n");
    expect(withOwners).not.toBe(petstoreYaml());
    ws.write(SPEC, withOwners);
    git(ws, 'commit', '-q', '-am', 'main adds an operation');
    git(ws, 'checkout', '-q', 'feature');
    await expect(apiDiffExecutor({ spec: SPEC, base: 'main' }, context(ws))).resolves.toEqual({ success: true });
    // The same comparison against main's tip (no merge base: main is checked out) fails.
    git(ws, 'checkout', '-q', 'main');
    ws.write(SPEC, petstoreYaml());
    await expect(apiDiffExecutor({ spec: SPEC, base: 'main' }, context(ws))).resolves.toEqual({ success: false });
    expect(printed()).toMatch(/path-removed|operation-removed/);
  });

  it('a missing base ref is one clear line saying how to fetch it, exit failure, no stack', async () => {
    const ws = committedWorkspace();
    await expect(apiDiffExecutor({ spec: SPEC, base: 'origin/main' }, context(ws))).resolves.toEqual({ success: false });
    const out = calls(error).join('\n');
    expect(out).toContain('The base ref "origin/main" is not in this clone');
    expect(out).toContain('git fetch origin main');
    expect(out).not.toMatch(STACK_FRAME);
  });

  it('works in a shallow CI clone once the base is fetched (and says what to fetch before)', async () => {
    const origin = committedWorkspace();
    git(origin, 'checkout', '-q', '-b', 'feature');
    const changed = petstoreYaml().replace('        - name: limit\n          in: query\n', '        - name: limit\n          in: query\n          required: true\n');
    expect(changed).not.toBe(petstoreYaml());
    origin.write(SPEC, changed);
    git(origin, 'commit', '-q', '-am', 'limit becomes required');
    const clone = workspace({});
    execFileSync('git', ['clone', '-q', '--depth=1', '--branch', 'feature', `file://${origin.root}`, clone.root], { env: GIT_ENV });
    await expect(apiDiffExecutor({ spec: SPEC, base: 'origin/main' }, context(clone))).resolves.toEqual({ success: false });
    expect(calls(error).join('\n')).toContain('git fetch origin main');
    error.mockClear();
    git(clone, 'fetch', '-q', '--depth=1', 'origin', 'main:refs/remotes/origin/main');
    await expect(apiDiffExecutor({ spec: SPEC, base: 'origin/main' }, context(clone))).resolves.toEqual({ success: false });
    expect(printed()).toContain('request-parameter-became-required');
  });

  it('a spec that did not exist at the base is a new API: nothing can break', async () => {
    const ws = committedWorkspace();
    ws.write('apps/new/openapi.yaml', petstoreYaml());
    await expect(apiDiffExecutor({ spec: 'apps/new/openapi.yaml', base: 'main' }, context(ws))).resolves.toEqual({ success: true });
    expect(printed()).toContain('did not exist there');
  });

  it('reads --base of the nx command line in either form', () => {
    expect(baseIn(['node', 'nx', 'affected', '-t', 'api-diff', '--base=origin/main'])).toBe('origin/main');
    expect(baseIn(['node', 'nx', 'affected', '--base', 'HEAD~1', '-t', 'api-diff'])).toBe('HEAD~1');
    expect(baseIn(['node', 'nx', 'affected', '-t', 'api-diff'])).toBeUndefined();
  });

  it('finds consumers through any depth and ignores npm nodes', () => {
    expect(consumersOf(context(committedWorkspace()).projectGraph, 'pets')).toEqual(['pets-client', 'shop']);
  });
});

import { runCli } from './run-cli';
import { petstoreYaml, TRAILING_SLASH_SPEC, CUSTOM_REDOCLY_CONFIG, useTempWorkspaces, type TempWorkspace } from '../__fixtures__/workspace';

const workspace = useTempWorkspaces();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(ws: TempWorkspace, argv: string[], cwd = ws.root): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    cwd,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}


const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;

describe('specwright lint', () => {
  it('prints `file:line:col rule message` for each problem and exits 1 on errors', async () => {
    const ws = workspace({ 'api/openapi.yaml': TRAILING_SLASH_SPEC });
    const run = await cli(ws, ['lint', '--spec', 'api/openapi.yaml']);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    // Paths are relative to the workspace root: here (no nx.json, no .git) the spec's folder.
    expect(lines).toContain('openapi.yaml:4:10 no-server-trailing-slash Server `url` should not have a trailing slash.');
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^openapi\.yaml:\d+:\d+ [a-z0-9.-]+ \S.*$/);
    expect(lines.at(-1)).toMatch(/^1 error\(s\), \d+ warning\(s\)$/);
  });

  it('exits 0 with zero problems for the petstore template', async () => {
    const ws = workspace({ 'api/openapi.yaml': petstoreYaml() });
    const run = await cli(ws, ['lint', '--spec', 'api/openapi.yaml']);
    expect(run).toEqual({ code: 0, stdout: '0 error(s), 0 warning(s)\n', stderr: '' });
  });

  it('refuses an unknown ruleset with exit 1 and an INVALID_OPTION message', async () => {
    const ws = workspace({ 'api/openapi.yaml': petstoreYaml() });
    const run = await cli(ws, ['lint', '--spec', 'api/openapi.yaml', '--ruleset', 'bogus']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Unknown lint ruleset "bogus" [INVALID_OPTION]');
    expect(run.stderr).toContain('fix:');
  });

  it('honours --lint-config with rules of its own', async () => {
    const ws = workspace({
      '.git/HEAD': '',
      'api/openapi.yaml': TRAILING_SLASH_SPEC,
      'redocly.yaml': CUSTOM_REDOCLY_CONFIG,
    });
    const run = await cli(ws, ['lint', '--spec', 'api/openapi.yaml', '--lint-config', 'redocly.yaml']);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('no-server-trailing-slash');
    expect(run.stdout).toMatch(/^api\/openapi\.yaml:2:1 info-contact .+$/m);

    ws.write('redocly.yaml', 'extends: [minimal]\nrules:\n  no-server-trailing-slash: off\n');
    expect((await cli(ws, ['lint', '--spec', 'api/openapi.yaml', '--lint-config', 'redocly.yaml'])).code).toBe(0);
  });

  it('resolves --lint-config against the current directory, like --spec', async () => {
    const ws = workspace({ 'api/openapi.yaml': TRAILING_SLASH_SPEC, 'api/redocly.yaml': 'extends: [minimal]\nrules:\n  no-server-trailing-slash: off\n' });
    const run = await cli(ws, ['lint', '--workspace-root', '..', '--spec', 'openapi.yaml', '--lint-config', 'redocly.yaml'], ws.path('api'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('runs the ruleset chosen with --ruleset', async () => {
    const ws = workspace({ 'api/openapi.yaml': petstoreYaml() });
    const run = await cli(ws, ['lint', '--spec', 'api/openapi.yaml', '--ruleset', 'recommended-strict']);
    // The template is minimal-clean, not recommended-strict-clean (it has no info.license, for one).
    expect(run.stdout).toMatch(/info-license/);
  });
});

describe('specwright generate', () => {
  it('writes the output and prints a summary, with paths relative to the repository', async () => {
    const ws = workspace({ '.git/HEAD': '', 'api/openapi.yaml': petstoreYaml() });
    const run = await cli(ws, ['generate', '--spec', 'api/openapi.yaml', '--out', 'api/src/generated']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Pinned 5 new offline implementation\(s\) in api\/specwright.lock\/ \(commit it\).\nGenerated 14 files for 5 operations \(0 hand-owned, 0 pinned earlier, 5 new offline pins\) from 1 spec file\(s\) in \d+ ms\n$/,
    );
    expect(ws.list('api/src/generated')).toContain('app.ts');
    expect(JSON.parse(ws.read('api/src/generated/manifest.json')).spec).toBe('api/openapi.yaml');
    expect(ws.list('api/specwright.lock')).toEqual(['createPet.ts', 'deletePet.ts', 'getPet.ts', 'index.json', 'listPets.ts', 'updatePet.ts']);
  });

  it('reuses the pins on the next run, and --frozen regenerates from them alone', async () => {
    const ws = workspace({ 'api/openapi.yaml': petstoreYaml() });
    await cli(ws, ['generate', '--spec', 'api/openapi.yaml', '--out', 'api/src/generated']);
    const first = ws.tree('api/src/generated');
    const again = await cli(ws, ['generate', '--spec', 'api/openapi.yaml', '--out', 'api/src/generated']);
    expect(again.stdout).toMatch(/^Generated 14 files for 5 operations \(0 hand-owned, 5 pinned earlier, 0 new offline pins\)/);
    const frozen = await cli(ws, ['generate', '--spec', 'api/openapi.yaml', '--out', 'api/src/generated', '--frozen']);
    expect(frozen.code).toBe(0);
    expect(ws.tree('api/src/generated')).toEqual(first);
  });

  it('--frozen without a lock fails with exit 1, listing every operation, and writes nothing', async () => {
    const ws = workspace({ '.git/HEAD': '', 'api/openapi.yaml': petstoreYaml() });
    const run = await cli(ws, ['generate', '--spec', 'api/openapi.yaml', '--out', 'api/src/generated', '--frozen']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--frozen: 5 operation(s) have no current pin in api/specwright.lock');
    expect(run.stderr).toContain('  getPet (GET /pets/{petId}): no pin');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(ws.exists('api/src/generated')).toBe(false);
    expect(ws.exists('api/specwright.lock')).toBe(false);
  });

  it('refuses a bad --concurrency or an unknown --provider with exit 2', async () => {
    const ws = workspace({ 'api/openapi.yaml': petstoreYaml() });
    const bad = await cli(ws, ['generate', '--spec', 'api/openapi.yaml', '--out', 'out', '--concurrency', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--concurrency must be a whole number of at least 1');
    const provider = await cli(ws, ['generate', '--spec', 'api/openapi.yaml', '--out', 'out', '--provider', 'gpt']);
    expect(provider.stderr).toContain('Unknown provider "gpt"');
  });

  it('passes --emit and --handlers through', async () => {
    const ws = workspace({ 'api/openapi.yaml': petstoreYaml(), 'api/owned/getPet.ts': 'export default async () => ({ status: 404 });\n' });
    const typesOnly = await cli(ws, ['generate', '--spec', 'api/openapi.yaml', '--out', 'out/types', '--emit', 'types']);
    expect(typesOnly.code).toBe(0);
    expect(ws.list('out/types')).toEqual(['index.ts', 'manifest.json', 'types.ts']);

    const owned = await cli(ws, ['generate', '--spec', 'api/openapi.yaml', '--out', 'out/all', '--handlers', 'api/owned']);
    expect(owned.stdout).toContain('(1 hand-owned, 0 pinned earlier, 4 new offline pins)');
    expect(ws.read('out/all/app.ts')).toContain("from '../../api/owned/getPet.js'");

    const bad = await cli(ws, ['generate', '--spec', 'api/openapi.yaml', '--out', 'out/bad', '--emit', 'types,sdk']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('[INVALID_OPTION]');
  });

  it('with --lint, stops on lint errors before writing anything', async () => {
    const ws = workspace({ 'api/openapi.yaml': TRAILING_SLASH_SPEC });
    const run = await cli(ws, ['generate', '--lint', '--spec', 'api/openapi.yaml', '--out', 'api/src/generated']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('no-server-trailing-slash');
    expect(ws.exists('api/src/generated')).toBe(false);
  });
});

describe('specwright command line', () => {
  it.each([
    [[]],
    [['deploy', '--spec', 'x.yaml']],
    [['lint']],
    [['generate', '--spec', 'api/openapi.yaml']],
    [['lint', '--spec', 'api/openapi.yaml', '--no-such-option']],
    [['lint', '--spec']],
  ])('exits 2 with the usage for %j', async (argv) => {
    const ws = workspace({ 'api/openapi.yaml': petstoreYaml() });
    const run = await cli(ws, argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage:');
    expect(run.stdout).toBe('');
    expect(ws.list()).toEqual(['api/openapi.yaml']);
  });

  it('prints the usage to stdout and exits 0 for --help', async () => {
    const run = await cli(workspace(), ['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage:');
  });

  it('prints a user error as one located message with a fix and no stack trace', async () => {
    const ws = workspace({ '.git/HEAD': '', 'api/openapi.yaml': petstoreYaml().replace("'#/components/schemas/NewPet'", "'./new-pet.yaml'") });
    const run = await cli(ws, ['generate', '--spec', 'api/openapi.yaml', '--out', 'out']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^api\/openapi\.yaml:\d+:\d+: \$ref points to a missing file: \.\/new-pet\.yaml \(api\/new-pet\.yaml\) \[REF_UNRESOLVED\]\n {2}fix: .+\n$/);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  it('adds the stack trace with --verbose', async () => {
    const ws = workspace();
    const run = await cli(ws, ['lint', '--spec', 'missing.yaml', '--verbose']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('missing.yaml: File not found [FILE_NOT_FOUND]');
    expect(run.stderr).toMatch(STACK_LINE);
  });
});

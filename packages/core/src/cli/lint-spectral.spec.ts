import { runCli } from './run-cli';
import { dedent, useTempWorkspaces, type TempWorkspace } from '../__fixtures__/workspace';

const workspace = useTempWorkspaces();

async function cli(ws: TempWorkspace, argv: string[], cwd = ws.root): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    cwd,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

const SPEC = dedent(`
  openapi: 3.0.3
  info: { title: Pets, version: '1' }
  servers: [{ url: 'https://api.acme.test' }]
  security: []
  paths: {}
`);

function titleRule(severity: string): string {
  return `rules:\n  no-title:\n    severity: ${severity}\n    given: $.info.title\n    then: { function: falsy }\n`;
}

describe('specwright lint with Spectral', () => {
  it('uses the .spectral.yaml beside the spec, prints its problems like Redocly\'s, and exits 1 on a Spectral error', async () => {
    const ws = workspace({ '.git/HEAD': '', 'api/openapi.yaml': SPEC, 'api/.spectral.yaml': titleRule('error'), '.spectral.yaml': titleRule('hint') });
    const run = await cli(ws, ['lint', '--spec', 'api/openapi.yaml']);
    expect(run).toEqual({
      code: 1,
      stdout: 'api/openapi.yaml:2:16 spectral/no-title "title" property must be falsy\n1 error(s), 0 warning(s)\n',
      stderr: '',
    });
  });

  it('exits 0 when Spectral only warns; --spectral picks a ruleset (relative to the current folder)', async () => {
    const ws = workspace({ '.git/HEAD': '', 'api/openapi.yaml': SPEC, 'rules/warn.yaml': titleRule('warn'), 'rules/info.yaml': titleRule('info') });
    const warn = await cli(ws, ['lint', '--spec', '../api/openapi.yaml', '--spectral', 'warn.yaml'], ws.path('rules'));
    expect(warn).toEqual({
      code: 0,
      stdout: 'api/openapi.yaml:2:16 spectral/no-title "title" property must be falsy (warning)\n0 error(s), 1 warning(s)\n',
      stderr: '',
    });
    const info = await cli(ws, ['lint', '--spec', 'api/openapi.yaml', '--spectral', 'rules/info.yaml']);
    expect(info.stdout.split('\n').at(-2)).toBe('0 error(s), 0 warning(s), 1 info');
    expect(info.code).toBe(0);
  });

  it('refuses a remote extends with exit 1 and a message naming the ruleset', async () => {
    const ws = workspace({ '.git/HEAD': '', 'api/openapi.yaml': SPEC, '.spectral.yaml': 'extends: https://rulesets.acme.test/api.yaml\n' });
    const run = await cli(ws, ['lint', '--spec', 'api/openapi.yaml']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      '.spectral.yaml: Spectral ruleset .spectral.yaml extends or imports a remote file (https://rulesets.acme.test/api.yaml): rulesets are loaded offline [LINT_CONFIG]',
    );
    expect(run.stderr).toContain('fix: Download the file into the workspace');
  });
});

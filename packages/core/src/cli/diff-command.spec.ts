import { runCli } from './run-cli';
import { dedent, petstoreYaml, useTempWorkspaces, type TempWorkspace } from '../__fixtures__/workspace';

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

const PETSTORE = petstoreYaml();
/** Breaking: `name` no longer in responses (it was required). */
const NAME_REMOVED = PETSTORE.replace(/required: \[id, name, status\]\n(\s+)properties:\n\s+id: (.+)\n\s+name: .+\n/, 'required: [id, status]\n$1properties:\n$1  id: $2\n');
/** Possibly breaking only: a new pet status (clients switching over statuses may not handle it). */
const NEW_STATUS = PETSTORE.replace('enum: [available, pending, sold]', 'enum: [available, pending, sold, adopted]');
/** Safe only: a new optional query parameter. */
const NEW_PARAMETER = PETSTORE.replace('      parameters:\n        - name: limit', '      parameters:\n        - { name: sort, in: query, schema: { type: string } }\n        - name: limit');

function petWorkspace(head: string, files: Record<string, string> = {}): TempWorkspace {
  return workspace({ '.git/HEAD': '', 'api/base.yaml': PETSTORE, 'api/openapi.yaml': head, ...files });
}

describe('specwright diff', () => {
  it('exits 1 on a breaking change and prints each finding per operation with rule, severity, file:line and message', async () => {
    expect(NAME_REMOVED).not.toBe(PETSTORE);
    const ws = petWorkspace(NAME_REMOVED);
    const run = await cli(ws, ['diff', '--base', 'api/base.yaml', '--head', 'api/openapi.yaml']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const line = NAME_REMOVED.split('\n').findIndex((l) => l.trim() === 'Pet:') + 1;
    expect(run.stdout).toContain(`GET /pets (listPets)\n  error   response-property-removed  api/openapi.yaml:${line}  response 200 application/json \`[].name\` was removed\n`);
    expect(run.stdout).toContain(`GET /pets/{petId} (getPet)\n  error   response-property-removed  api/openapi.yaml:${line}  response 200 application/json \`name\` was removed\n`);
    expect(run.stdout).toMatch(/\n4 errors, 0 warnings, 0 info\n$/);
  });

  it('exits 0 with only safe changes, listed as the changelog', async () => {
    const ws = petWorkspace(NEW_PARAMETER);
    const run = await cli(ws, ['diff', '--base', 'api/base.yaml', '--head', 'api/openapi.yaml']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No breaking changes.\n\nChangelog (non-breaking):\n\nGET /pets (listPets)\n  info    request-parameter-added  api/openapi.yaml:19  new optional query parameter `sort`\n');
  });

  it('warnings fail only with --fail-on warning', async () => {
    const ws = petWorkspace(NEW_STATUS);
    const args = ['diff', '--base', 'api/base.yaml', '--head', 'api/openapi.yaml'];
    const lenient = await cli(ws, args);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('warning response-enum-value-added');
    expect((await cli(ws, [...args, '--fail-on', 'warning'])).code).toBe(1);
    expect((await cli(ws, [...args, '--fail-on', 'error'])).code).toBe(0);
  });

  it('prints json, markdown and junit with --format', async () => {
    const ws = petWorkspace(NAME_REMOVED);
    const args = ['diff', '--base', 'api/base.yaml', '--head', 'api/openapi.yaml', '--format'];
    const json = await cli(ws, [...args, 'json']);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.version).toBe(1);
    expect(parsed.findings[0]).toMatchObject({ operation: 'GET /pets', rule: 'response-property-removed', severity: 'error', accepted: false, location: { file: 'api/openapi.yaml' } });
    const markdown = await cli(ws, [...args, 'markdown']);
    expect(markdown.stdout).toMatch(/^## API changes: `api\/base\.yaml` → `api\/openapi\.yaml`\n/);
    expect(markdown.stdout).toContain('| `GET /pets` | error | `response-property-removed` |');
    const junit = await cli(ws, [...args, 'junit']);
    expect(junit.code).toBe(1);
    expect(junit.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="specwright diff" tests="4" failures="4" errors="0">/);
  });

  it('the same output, byte for byte, on every run', async () => {
    const ws = petWorkspace(NAME_REMOVED);
    const args = ['diff', '--base', 'api/base.yaml', '--head', 'api/openapi.yaml', '--format', 'json'];
    expect((await cli(ws, args)).stdout).toBe((await cli(ws, args)).stdout);
  });

  it('accepts breaking changes listed in specwright.breaking.yaml beside the head spec, or in --accept', async () => {
    const accept = dedent(`
      accept:
        - operation: GET /pets
          rule: response-property-removed
          reason: name moved to /pets/{petId}/profile
        - { operation: getPet, rule: response-property-removed, reason: same }
        - { operation: 'PATCH /pets/{id}', rule: response-property-removed, reason: same }
        - { operation: createPet, rule: response-property-removed, reason: same }
    `);
    const ws = petWorkspace(NAME_REMOVED, { 'api/specwright.breaking.yaml': accept, 'review/accept.yaml': accept });
    const beside = await cli(ws, ['diff', '--base', 'api/base.yaml', '--head', 'api/openapi.yaml']);
    expect(beside.stderr).toBe('');
    expect(beside.code).toBe(0);
    expect(beside.stdout).toContain('[accepted: name moved to /pets/{petId}/profile]');
    expect(beside.stdout).toMatch(/4 errors \(4 accepted\), 0 warnings, 0 info\n$/);

    ws.remove('api/specwright.breaking.yaml');
    expect((await cli(ws, ['diff', '--base', 'api/base.yaml', '--head', 'api/openapi.yaml'])).code).toBe(1);
    expect((await cli(ws, ['diff', '--base', 'api/base.yaml', '--head', 'api/openapi.yaml', '--accept', 'review/accept.yaml'])).code).toBe(0);
  });

  it('accepts a breaking change marked with x-specwright-accept-breaking on the operation', async () => {
    const head = NEW_STATUS.replace('operationId: listPets', 'operationId: listPets\n      x-specwright-accept-breaking:\n        - { rule: response-enum-value-added, reason: clients treat unknown statuses as sold }');
    const ws = petWorkspace(head);
    const run = await cli(ws, ['diff', '--base', 'api/base.yaml', '--head', 'api/openapi.yaml', '--fail-on', 'warning']);
    // Only listPets accepts it: the other operations returning a Pet still fail.
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('GET /pets (listPets)\n  warning response-enum-value-added  api/openapi.yaml:');
    expect(run.stdout).toContain('[accepted: clients treat unknown statuses as sold]');
    expect(run.stdout).toMatch(/GET \/pets\/\{petId\} \(getPet\)\n {2}warning response-enum-value-added {2}api\/openapi\.yaml:\d+ {2}response 200 application\/json `status` may now be "adopted"\n/);
  });

  it('diffs a base spec outside the workspace (an older commit checked out elsewhere)', async () => {
    const ws = petWorkspace(NAME_REMOVED);
    const old = workspace({ 'openapi.yaml': PETSTORE });
    const run = await cli(ws, ['diff', '--base', old.path('openapi.yaml'), '--head', 'api/openapi.yaml']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^specwright diff openapi\.yaml → api\/openapi\.yaml\n/);
  });

  it.each([
    ['no --head', ['--base', 'api/base.yaml'], 'diff needs --base and --head.'],
    ['an unknown --format', ['--base', 'api/base.yaml', '--head', 'api/openapi.yaml', '--format', 'html'], '--format must be one of text, json, markdown, junit (got "html").'],
    ['an unknown --fail-on', ['--base', 'api/base.yaml', '--head', 'api/openapi.yaml', '--fail-on', 'info'], '--fail-on must be error or warning (got "info").'],
    ['a missing --accept file', ['--base', 'api/base.yaml', '--head', 'api/openapi.yaml', '--accept', 'nope.yaml'], '--accept nope.yaml: file not found.'],
  ])('exits 2 with the usage for %s', async (_, args, message) => {
    const ws = petWorkspace(PETSTORE);
    const run = await cli(ws, ['diff', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${message}\n\nUsage:`);
    expect(run.stdout).toBe('');
  });

  it.each([
    ['a base spec that does not exist', { 'api/base.yaml': undefined }, 'api/missing.yaml: File not found [FILE_NOT_FOUND]', ['--base', 'api/missing.yaml']],
    ['a head spec that does not parse', { 'api/openapi.yaml': 'openapi: 3.1.0\npaths: [\n' }, '[PARSE_ERROR]', []],
    ['an invalid accept file', { 'api/specwright.breaking.yaml': 'accept:\n  - { operation: listPets, rule: nope, reason: x }\n' }, 'api/specwright.breaking.yaml:2:28: entry 1 of api/specwright.breaking.yaml needs `rule`', []],
  ])('exits 2 with a located message for %s', async (_, files, message, args) => {
    const ws = petWorkspace(PETSTORE);
    for (const [path, text] of Object.entries(files)) if (text !== undefined) ws.write(path, text);
    const run = await cli(ws, ['diff', '--base', 'api/base.yaml', '--head', 'api/openapi.yaml', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('fix:');
    expect(run.stdout).toBe('');
  });

  it('is in --help', async () => {
    const run = await cli(workspace(), ['--help']);
    expect(run.stdout).toContain('specwright diff --base <old spec> --head <new spec> [--format text|json|markdown|junit]');
    expect(run.stdout).toContain('--fail-on <severity>');
  });
});

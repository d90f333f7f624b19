import { runCli } from './run-cli';
import { useTempWorkspaces, type TempWorkspace } from '../__fixtures__/workspace';

const workspace = useTempWorkspaces();

async function cli(ws: TempWorkspace, argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    cwd,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

/** One operation whose response schema is `schemaRef`. */
function api(schemaRef: string): object {
  return {
    openapi: '3.1.0',
    info: { title: 'Pets', version: '1' },
    paths: {
      '/pet': {
        get: {
          operationId: 'getPet',
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: schemaRef } } } } },
        },
      },
    },
  };
}
const PET = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };

describe('specwright --root (the workspace root outside Nx)', () => {
  it('generates from a spec outside the current folder, with paths relative to the spec folder', async () => {
    const ws = workspace({ 'elsewhere/api.json': JSON.stringify(api('#/components/schemas/Pet')).replace('"paths"', `"components":{"schemas":{"Pet":${JSON.stringify(PET)}}},"paths"`), 'project/x': '' });
    const run = await cli(ws, ['generate', '--spec', '../elsewhere/api.json', '--out', 'out'], ws.path('project'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(ws.list('project/out')).toContain('app.ts');
    // No nx.json or .git above it: the spec's own folder is the root.
    expect(JSON.parse(ws.read('project/out/manifest.json')).spec).toBe('api.json');
    expect(ws.exists('elsewhere/api.specwright.lock/index.json')).toBe(true);
  });

  it("refuses a $ref to ../common from a folder that is not in a repository, naming the file, the ref and --root", async () => {
    const ws = workspace({ 'specs/api.json': JSON.stringify(api('../common/pet.json')), 'common/pet.json': JSON.stringify(PET) });
    for (const command of [['lint'], ['generate', '--out', 'out']]) {
      const run = await cli(ws, [...command, '--spec', 'specs/api.json'], ws.root);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^api\.json:\d+:\d+: \$ref leaves the workspace: \.\.\/common\/pet\.json \[REF_OUTSIDE_WORKSPACE\]\n {2}fix: Pass --root <dir> with a folder that holds both the spec and the file it references.+ The root is now specs \(/);
      expect(ws.exists('out')).toBe(false);
    }
  });

  it('--root (or its older name --workspace-root) lets that $ref in', async () => {
    const ws = workspace({ 'specs/api.json': JSON.stringify(api('../common/pet.json')), 'common/pet.json': JSON.stringify(PET) });
    const run = await cli(ws, ['generate', '--spec', 'specs/api.json', '--out', 'out', '--root', '.'], ws.root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('from 2 spec file(s)');
    expect(JSON.parse(ws.read('out/manifest.json')).spec).toBe('specs/api.json');

    const lint = await cli(ws, ['lint', '--spec', 'api.json', '--workspace-root', '..'], ws.path('specs'));
    expect(lint).toMatchObject({ code: 0, stderr: '' });
  });

  it('is also the root of a git repository found above the spec', async () => {
    const ws = workspace({ 'repo/.git/HEAD': '', 'repo/specs/api.json': JSON.stringify(api('../common/pet.json')), 'repo/common/pet.json': JSON.stringify(PET) });
    const run = await cli(ws, ['lint', '--spec', 'repo/specs/api.json'], ws.root);
    expect(run).toMatchObject({ code: 0, stderr: '' });
  });

  it('exits 2 for a --root that does not hold the spec, or --root and --workspace-root that differ', async () => {
    const ws = workspace({ 'specs/api.json': JSON.stringify(api('../common/pet.json')), 'other/x': '' });
    const outside = await cli(ws, ['lint', '--spec', 'specs/api.json', '--root', 'other'], ws.root);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/^The spec specs\/api\.json is not inside --root other: pass a --root that holds it, or leave --root out\.\n/);
    const both = await cli(ws, ['lint', '--spec', 'specs/api.json', '--root', '.', '--workspace-root', 'specs'], ws.root);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--root and --workspace-root name different folders');
  });

  it('documents both names in --help', async () => {
    const run = await cli(workspace(), ['--help'], process.cwd());
    expect(run.stdout).toMatch(/^ {2}--root <dir> +Workspace root/m);
    expect(run.stdout).toMatch(/^ {2}--workspace-root <dir> +The same as --root$/m);
  });
});

import { mkdirSync, symlinkSync } from 'node:fs';
import { runCli } from './run-cli';
import { petstoreYaml, useTempWorkspaces, type TempWorkspace } from '../__fixtures__/workspace';

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

/** A repository with a spec, hand-owned code and handlers: everything generate must never delete. */
function repo(): TempWorkspace {
  return workspace({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'package.json': '{ "name": "repo" }\n',
    'api/openapi.yaml': petstoreYaml(),
    'api/src/index.ts': 'export const mine = 1;\n',
    'api/src/handlers/getPet.ts': 'export default async () => ({ status: 404 });\n',
    'notes.md': 'mine\n',
  });
}

function generateTo(out: string, ...extra: string[]): string[] {
  return ['generate', '--spec', 'api/openapi.yaml', '--out', out, ...extra];
}

describe('specwright generate refuses an output folder whose replacement would delete what is not its own', () => {
  it.each([
    ['the workspace root', '.', /it is the workspace root.*\.git included/],
    ['the workspace root spelled with ..', 'api/..', /it is the workspace root/],
    ['a folder holding the spec', 'api', /it contains the spec file api\/openapi\.yaml/],
    ['the spec file itself', 'api/openapi.yaml', /it is a file/],
    ['the handlers folder', 'api/src/handlers', /it is the hand-owned handlers folder api\/src\/handlers/],
    ['a folder inside the handlers', 'api/src/handlers/generated', /lies inside the hand-owned handlers folder api\/src\/handlers/],
    ['a folder holding the handlers', 'api/src', /it contains the hand-owned handlers folder api\/src\/handlers/],
    ['a folder of the user', 'docs', /already holds files Specwright did not write \(docs\/guide\.md\)/],
  ])('%s (--out %s): exit 2, a located message with a fix, and nothing touched', async (_what, out, why) => {
    const ws = repo();
    ws.write('docs/guide.md', 'mine\n');
    const before = ws.tree();
    // --handlers is explicit so that the default (beside --out) does not change between cases.
    const run = await cli(ws, generateTo(out, '--handlers', 'api/src/handlers'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(why);
    expect(run.stderr).toMatch(/^\S+: Refusing to write the output to \S+: .+ \[UNSAFE_OUTPUT_DIR\]\n {2}fix: \S.+\n$/);
    expect(run.stdout).toBe('');
    expect(ws.tree()).toEqual(before);
  });

  it('refuses the folder above the workspace root, which contains it', async () => {
    const ws = repo();
    const before = ws.tree();
    const run = await cli(ws, ['generate', '--workspace-root', '..', '--spec', 'openapi.yaml', '--out', '../..'], ws.path('api'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('it contains the workspace root');
    expect(ws.tree()).toEqual(before);
  });

  it('refuses a project root (package.json), found from the spec upwards', async () => {
    const ws = repo();
    ws.write('api/package.json', '{ "name": "api" }\n');
    ws.write('api/spec/openapi.yaml', petstoreYaml());
    const run = await cli(ws, ['generate', '--spec', 'api/spec/openapi.yaml', '--out', 'api', '--handlers', 'api/src/handlers']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('it is the project root api,');
    expect(ws.read('api/package.json')).toBe('{ "name": "api" }\n');
  });

  it('refuses a symlink that leads to the workspace root', async () => {
    const ws = repo();
    symlinkSync(ws.root, ws.path('api/out'), 'dir');
    const run = await cli(ws, generateTo('api/out'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('it is the workspace root');
    expect(ws.read('notes.md')).toBe('mine\n');
  });

  it('refuses a path through a symlinked folder that lands on the spec folder', async () => {
    const ws = repo();
    symlinkSync(ws.path('api'), ws.path('alias'), 'dir');
    const run = await cli(ws, generateTo('alias', '--handlers', 'api/src/handlers'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('it contains the spec file api/openapi.yaml');
    expect(ws.read('api/openapi.yaml')).toBe(petstoreYaml());
  });

  it("refuses an earlier output that the spec's $refs now point into", async () => {
    const ws = repo();
    expect((await cli(ws, generateTo('api/src/generated'))).code).toBe(0);
    // The spec now takes a schema from a file inside that output: replacing it would delete it.
    ws.write('api/src/generated/pet.yaml', 'type: object\n');
    ws.write('api/openapi.yaml', petstoreYaml().replace("'#/components/schemas/NewPet'", "'./src/generated/pet.yaml'"));
    const run = await cli(ws, generateTo('api/src/generated'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('it contains the spec file api/src/generated/pet.yaml');
    expect(ws.read('api/src/generated/pet.yaml')).toBe('type: object\n');
  });

  it('writes to a new folder, an empty one, and over its own earlier output, and says why it refuses a hand-edited one', async () => {
    const ws = repo();
    mkdirSync(ws.path('api/src/empty'));
    expect((await cli(ws, generateTo('api/src/empty'))).code).toBe(0);
    expect((await cli(ws, generateTo('api/src/generated'))).code).toBe(0);
    expect((await cli(ws, generateTo('api/src/generated'))).code).toBe(0);
    expect(ws.list('api/src/generated')).toContain('manifest.json');
    // A file the user put into it is replaced along with the output: the folder is Specwright's.
    ws.write('api/src/generated/extra.ts', 'export {};\n');
    expect((await cli(ws, generateTo('api/src/generated'))).code).toBe(0);
    expect(ws.exists('api/src/generated/extra.ts')).toBe(false);
    // Without the manifest, it is not recognisably Specwright's any more.
    ws.remove('api/src/generated/manifest.json');
    const run = await cli(ws, generateTo('api/src/generated'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('already holds files Specwright did not write (api/src/generated/app.ts, ');
    expect(run.stderr).toContain('and no Specwright manifest.json');
  });

  it('accepts the output of an earlier version (a manifest naming specwright) and a folder with only .DS_Store', async () => {
    const ws = repo();
    ws.write('api/src/generated/manifest.json', '{\n  "generator": "specwright",\n  "spec": "api/openapi.yaml"\n}\n');
    ws.write('api/src/generated/client.ts', 'export {};\n');
    ws.write('api/src/finder/.DS_Store', '\0');
    expect((await cli(ws, generateTo('api/src/generated'))).code).toBe(0);
    expect((await cli(ws, generateTo('api/src/finder'))).code).toBe(0);
    expect(ws.list('api/src/finder')).toContain('app.ts');
  });

  it('refuses a manifest.json that another tool wrote', async () => {
    const ws = repo();
    ws.write('web/manifest.json', '{ "name": "my web app", "generator": "vite" }\n');
    const run = await cli(ws, generateTo('web'));
    expect(run.code).toBe(2);
    expect(ws.read('web/manifest.json')).toContain('my web app');
  });
});

describe('generate refuses a --lock folder it could damage (exit 2, nothing written)', () => {
  it.each([
    ['the workspace root', '.', /the generation lock \.|it is or contains the workspace root/],
    ['a folder holding the spec', 'api', /inside the generation lock api |it is or contains the spec/],
    ['the handlers folder', 'api/src/handlers', /as the generation lock: it is or contains the hand-owned handlers folder/],
    ['a folder of the user\'s with no index.json', 'docs', /as the generation lock: it already holds files and no index\.json \(notes\.md\)/],
  ])('%s', async (_what, lock, message) => {
    const ws = repo();
    ws.write('docs/notes.md', 'mine\n');
    const before = ws.tree('.');
    const run = await cli(ws, ['generate', '--spec', 'api/openapi.yaml', '--out', 'out/gen', '--handlers', 'api/src/handlers', '--lock', lock]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('[UNSAFE_OUTPUT_DIR]');
    expect(ws.tree('.')).toEqual(before);
  });

  it('accepts an empty folder or an earlier lock', async () => {
    const ws = repo();
    mkdirSync(ws.path('locks/api'), { recursive: true });
    expect((await cli(ws, ['generate', '--spec', 'api/openapi.yaml', '--out', 'api/gen', '--lock', 'locks/api'])).code).toBe(0);
    expect(ws.exists('locks/api/index.json')).toBe(true);
    expect((await cli(ws, ['generate', '--spec', 'api/openapi.yaml', '--out', 'api/gen', '--lock', 'locks/api'])).code).toBe(0);
  });
});

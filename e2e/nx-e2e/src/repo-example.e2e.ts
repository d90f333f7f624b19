/**
 * The petstore example in this repository (`examples/petstore-api`, the README demo) passes its
 * own conformance target: this repo is an Nx workspace that runs @specwright/nx on its examples,
 * so this is the same `nx run` a contributor types, against the packages as built here.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { childEnv } from './support/env';
import { ensureBuilt, REPO_ROOT } from './support/packages';
import { run } from './support/run';

const JUNIT = join(REPO_ROOT, 'reports', 'conformance', 'petstore-api.xml');

jest.setTimeout(300_000);

describe('examples/petstore-api in this repository', () => {
  let existedBefore: boolean;

  beforeAll(async () => {
    await ensureBuilt();
    existedBefore = existsSync(JUNIT);
    rmSync(JUNIT, { force: true });
  }, 300_000);

  afterAll(() => {
    // Leave the repository as it was: the report is an artifact of this run only.
    if (existedBefore) return;
    rmSync(JUNIT, { force: true });
    for (const dir of [join(REPO_ROOT, 'reports', 'conformance'), join(REPO_ROOT, 'reports')]) {
      if (existsSync(dir) && readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
    }
  });

  it('regenerates from its committed specwright.lock with `generate --frozen` (no key, no provider call), changing no file of the lock', async () => {
    const lockDir = join(REPO_ROOT, 'examples', 'petstore-api', 'specwright.lock');
    const before = readdirSync(lockDir).map((name) => [name, readFileSync(join(lockDir, name), 'utf8')]);
    const env = childEnv({ NX_DAEMON: 'false' });
    delete env['ANTHROPIC_API_KEY'];
    const result = await run(join(REPO_ROOT, 'node_modules', '.bin', 'nx'), ['run', 'petstore-api:generate', '--frozen', '--skip-nx-cache', '--output-style=static'], {
      cwd: REPO_ROOT,
      env,
      timeoutMs: 280_000,
    });
    if (result.code !== 0) throw new Error(`\`${result.command}\` exited with ${result.code ?? result.signal}:\n${result.output}`);
    expect(result.output).toMatch(/3 hand-owned, 2 pinned earlier, 0 new offline pins/);
    expect(readdirSync(lockDir).map((name) => [name, readFileSync(join(lockDir, name), 'utf8')])).toEqual(before);
    // Its entries are the offline provider's: no model provenance is made up.
    const index = JSON.parse(readFileSync(join(lockDir, 'index.json'), 'utf8')) as { entries: Record<string, { provider: string; verdict: string; requestId?: string }> };
    for (const entry of Object.values(index.entries)) expect(entry).toMatchObject({ provider: 'offline', verdict: 'deterministic' });
    for (const entry of Object.values(index.entries)) expect(entry.requestId).toBeUndefined();
  });

  it('passes `nx run petstore-api:conformance` and writes its JUnit report', async () => {
    const result = await run(join(REPO_ROOT, 'node_modules', '.bin', 'nx'), ['run', 'petstore-api:conformance', '--skip-nx-cache', '--output-style=static'], {
      cwd: REPO_ROOT,
      env: childEnv({ NX_DAEMON: 'false' }),
      timeoutMs: 280_000,
    });
    if (result.code !== 0) throw new Error(`\`${result.command}\` exited with ${result.code ?? result.signal}:\n${result.output}`);
    expect(result.output).toMatch(/^conformance: \d+ checks passed, 0 failed, \d+ skipped; JUnit: reports\/conformance\/petstore-api\.xml$/m);
    const xml = readFileSync(JUNIT, 'utf8');
    expect(xml).toMatch(/^<\?xml /);
    const cases = [...xml.matchAll(/<testcase classname="[^"]*\.(\w+)" name="(\w+)"/g)].map((m) => `${m[1]}:${m[2]}`);
    for (const id of ['listPets', 'createPet', 'getPet', 'updatePet', 'deletePet']) expect(cases).toContain(`${id}:not_a_server_error`);
    // The example's links make the stateful checks apply; its shared store makes them pass.
    expect(cases).toEqual(expect.arrayContaining(['createPet:ensure_resource_availability', 'deletePet:use_after_free', 'deletePet:ignored_auth']));
    expect(xml).not.toContain('<failure');
  });
});

import '../../__fixtures__/nx-env';
import lintExecutor from './executor';
import { calls, executorContext, STACK_FRAME } from '../../__fixtures__/executor-context';
import { dedent, nxWorkspaceFiles, petstoreYaml, useTempWorkspaces, type TempWorkspace } from '../../__fixtures__/workspace';

/** Valid, but `minimal` reports the server URL's trailing slash as an error (line 4, column 10). */
const trailingSlashSpec = dedent(`
  openapi: 3.1.0
  info: { title: t, version: '1' }
  servers:
    - url: https://api.acme.test/v1/
  security: []
  paths:
    /a:
      get:
        operationId: getA
        summary: Get a
        responses:
          '200':
            description: ok
`);

describe('lint executor', () => {
  const workspace = useTempWorkspaces();
  let log: jest.SpyInstance;
  let error: jest.SpyInstance;
  beforeEach(() => {
    log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  function petsWorkspace(spec: string): TempWorkspace {
    return workspace({ ...nxWorkspaceFiles(), 'apps/pets/project.json': { name: 'pets' }, 'apps/pets/openapi.yaml': spec });
  }
  const context = (ws: TempWorkspace, verbose = false) => executorContext(ws.root, 'pets', 'spec-lint', verbose);

  it('passes the petstore template and says so', async () => {
    const ws = petsWorkspace(petstoreYaml());
    await expect(lintExecutor({ spec: 'apps/pets/openapi.yaml', ruleset: 'minimal' }, context(ws))).resolves.toEqual({ success: true });
    expect(calls(log)).toContain('apps/pets/openapi.yaml: 0 error(s), 0 warning(s).');
    expect(error).not.toHaveBeenCalled();
  });

  it('fails on an error and prints it as file:line:col rule message', async () => {
    const ws = petsWorkspace(trailingSlashSpec);
    await expect(lintExecutor({ spec: 'apps/pets/openapi.yaml' }, context(ws))).resolves.toEqual({ success: false });
    expect(calls(error)).toEqual([expect.stringMatching(/^apps\/pets\/openapi\.yaml:4:10 no-server-trailing-slash \S.*$/)]);
    expect(calls(log).join('\n')).toContain('1 error(s)');
  });

  it('locates a problem inside a referenced file in that file', async () => {
    const ws = petsWorkspace(dedent(`
      openapi: 3.1.0
      info: { title: t, version: '1' }
      servers: [{ url: 'https://api.acme.test' }]
      security: []
      paths:
        /a:
          $ref: '../../libs/paths/a.yaml'
    `));
    ws.write('libs/paths/a.yaml', dedent(`
      get:
        operationId: getA
        summary: Get a
        responses:
          '200':
            description: ok
          '2000':
            description: not a status code
    `));
    await expect(lintExecutor({ spec: 'apps/pets/openapi.yaml' }, context(ws))).resolves.toEqual({ success: false });
    expect(calls(error).some((line) => /^libs\/paths\/a\.yaml:\d+:\d+ \S+ /.test(line))).toBe(true);
  });

  it('uses a redocly.yaml given as lintConfig', async () => {
    const ws = petsWorkspace(petstoreYaml());
    ws.write('redocly.yaml', 'rules:\n  info-contact: error\n');
    await expect(lintExecutor({ spec: 'apps/pets/openapi.yaml', lintConfig: 'redocly.yaml' }, context(ws))).resolves.toEqual({ success: false });
    expect(calls(error)).toEqual([expect.stringMatching(/^apps\/pets\/openapi\.yaml:\d+:\d+ info-contact /)]);
  });

  it('fails with one clear message, without a stack trace, when the spec cannot be read', async () => {
    const ws = petsWorkspace(petstoreYaml().replace("$ref: '#/components/schemas/NewPet'", "$ref: './new-pet.yaml'"));
    await expect(lintExecutor({ spec: 'apps/pets/openapi.yaml' }, context(ws))).resolves.toEqual({ success: false });
    expect(error).toHaveBeenCalledTimes(1);
    expect(calls(error)[0]).toMatch(/^apps\/pets\/openapi\.yaml:\d+:\d+: .*new-pet\.yaml.*\[REF_UNRESOLVED\]/);
    expect(calls(error)[0]).not.toMatch(STACK_FRAME);
  });

  it('lints a Swagger 2.0 spec and prints the warning generate prints: it is converted to OpenAPI 3.0', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const ws = petsWorkspace(dedent(`
      swagger: '2.0'
      info: { title: t, version: '1' }
      security: []
      paths:
        /a:
          post:
            operationId: postA
            summary: Post a
            parameters:
              - { name: body, in: body, required: true, schema: { $ref: '#/definitions/A' } }
            responses:
              '204': { description: ok }
      definitions:
        A: { type: object, properties: { name: { type: string } } }
    `));
    await expect(lintExecutor({ spec: 'apps/pets/openapi.yaml' }, context(ws))).resolves.toEqual({ success: true });
    expect(calls(warn)).toEqual([expect.stringMatching(/^warning: apps\/pets\/openapi\.yaml is Swagger 2\.0: it was converted to OpenAPI 3\.0 .*migrating/)]);
    expect(calls(log)).toContain('apps/pets/openapi.yaml: 0 error(s), 0 warning(s).');
  });

  describe('with Spectral', () => {
    const titleRule = (name: string, severity: string): string =>
      `rules:\n  ${name}:\n    severity: ${severity}\n    given: $.info.title\n    then: { function: falsy }\n`;
    /** The context Nx passes, with the project's root (the executor looks for a ruleset there first). */
    const withProject = (ws: TempWorkspace) => ({ ...context(ws), projectsConfigurations: { version: 2, projects: { pets: { root: 'apps/pets' } } } });

    it('lints with the project\'s .spectral.yaml, not the workspace\'s, and fails on its errors', async () => {
      const ws = petsWorkspace(petstoreYaml());
      ws.write('apps/pets/.spectral.yaml', titleRule('project-title', 'error'));
      ws.write('.spectral.yaml', titleRule('workspace-title', 'error'));
      await expect(lintExecutor({ spec: 'apps/pets/openapi.yaml' }, withProject(ws))).resolves.toEqual({ success: false });
      expect(calls(error)).toEqual([expect.stringMatching(/^apps\/pets\/openapi\.yaml:\d+:\d+ spectral\/project-title "title" property must be falsy$/)]);
      expect(calls(log)).toContain('apps/pets/openapi.yaml: 1 error(s), 0 warning(s).');
    });

    it('falls back to the workspace root\'s ruleset; warnings do not fail; spectral: false skips it', async () => {
      const ws = petsWorkspace(petstoreYaml());
      ws.write('.spectral.yaml', titleRule('workspace-title', 'warn'));
      await expect(lintExecutor({ spec: 'apps/pets/openapi.yaml' }, withProject(ws))).resolves.toEqual({ success: true });
      expect(calls(log)).toEqual([
        expect.stringMatching(/^apps\/pets\/openapi\.yaml:\d+:\d+ spectral\/workspace-title "title" property must be falsy \(warning\)$/),
        'apps/pets/openapi.yaml: 0 error(s), 1 warning(s).',
      ]);
      log.mockClear();
      await expect(lintExecutor({ spec: 'apps/pets/openapi.yaml', spectral: false }, withProject(ws))).resolves.toEqual({ success: true });
      expect(calls(log)).toEqual(['apps/pets/openapi.yaml: 0 error(s), 0 warning(s).']);
    });

    it('fails with one clear message for a ruleset that extends a remote file', async () => {
      const ws = petsWorkspace(petstoreYaml());
      ws.write('apps/pets/.spectral.yaml', 'extends: [spectral:oas, https://rulesets.acme.test/api.yaml]\n');
      await expect(lintExecutor({ spec: 'apps/pets/openapi.yaml' }, withProject(ws))).resolves.toEqual({ success: false });
      expect(error).toHaveBeenCalledTimes(1);
      expect(calls(error)[0]).toMatch(/^apps\/pets\/\.spectral\.yaml: Spectral ruleset .*https:\/\/rulesets\.acme\.test\/api\.yaml.*offline \[LINT_CONFIG\]\n  fix: /);
      expect(calls(error)[0]).not.toMatch(STACK_FRAME);
    });
  });

  it('fails clearly on an unknown ruleset', async () => {
    const ws = petsWorkspace(petstoreYaml());
    await expect(lintExecutor({ spec: 'apps/pets/openapi.yaml', ruleset: 'strictest' }, context(ws))).resolves.toEqual({ success: false });
    expect(calls(error)[0]).toContain('Unknown lint ruleset "strictest"');
    expect(calls(error)[0]).toContain('fix:');
  });
});

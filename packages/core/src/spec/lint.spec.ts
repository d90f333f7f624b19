import { formatLintProblem, lintSpec } from './lint';
import { SpecwrightError } from '../errors';
import { dedent, petstoreYaml, TRAILING_SLASH_SPEC, CUSTOM_REDOCLY_CONFIG, useTempWorkspaces } from '../__fixtures__/workspace';

const workspace = useTempWorkspaces();


async function lintError(promise: Promise<unknown>): Promise<SpecwrightError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SpecwrightError)) throw new Error(`expected a SpecwrightError, got ${String(error)}`);
  return error;
}

describe('lintSpec', () => {
  it('finds no problems in the petstore template under the default (minimal) ruleset', async () => {
    const ws = workspace({ 'api/openapi.yaml': petstoreYaml() });
    const result = await lintSpec('api/openapi.yaml', { workspaceRoot: ws.root });
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('reports an error with workspace-relative file, line, column and rule', async () => {
    const ws = workspace({ 'api/openapi.yaml': TRAILING_SLASH_SPEC });
    const result = await lintSpec('api/openapi.yaml', { workspaceRoot: ws.root });
    expect(result.errors).toBe(1);
    const problem = result.problems.find((p) => p.severity === 'error');
    expect(problem).toMatchObject({ file: 'api/openapi.yaml', line: 4, column: 10, rule: 'no-server-trailing-slash' });
    expect(formatLintProblem(problem!)).toMatch(/^api\/openapi\.yaml:4:10 no-server-trailing-slash \S.*$/);
  });

  it('locates problems inside referenced files in those files', async () => {
    const ws = workspace({
      'apps/api/openapi.yaml': dedent(`
        openapi: 3.1.0
        info: { title: t, version: '1' }
        servers: [{ url: 'https://api.acme.test' }]
        security: []
        paths:
          /a:
            $ref: '../../libs/paths/a.yaml'
      `),
      'libs/paths/a.yaml': dedent(`
        get:
          operationId: getA
          summary: Get a
          responses:
            '2000':
              description: not a status code
      `),
    });
    const result = await lintSpec('apps/api/openapi.yaml', { workspaceRoot: ws.root });
    expect(result.problems.map(formatLintProblem)).toEqual([
      'libs/paths/a.yaml:4:3 operation-2xx-response Operation must have at least one `2XX` response. (warning)',
      'libs/paths/a.yaml:5:5 struct Property `2000` is not expected here.',
    ]);
    expect(result).toMatchObject({ errors: 1, warnings: 1 });
  });

  it('reports a syntax error in a referenced file with that file and line', async () => {
    const ws = workspace({
      'api/openapi.yaml': petstoreYaml().replace("$ref: '#/components/schemas/NewPet'", "$ref: './new-pet.yaml'"),
      'api/new-pet.yaml': 'type: object\nproperties:\n  name: { type: string }\n  name: { type: integer }\n',
    });
    const error = await lintError(lintSpec('api/openapi.yaml', { workspaceRoot: ws.root }));
    expect(error).toMatchObject({ code: 'PARSE_ERROR', location: { file: 'api/new-pet.yaml', line: 4, column: 3 } });
  });

  it('rejects an unknown ruleset with INVALID_OPTION', async () => {
    const ws = workspace({ 'api/openapi.yaml': petstoreYaml() });
    const error = await lintError(lintSpec('api/openapi.yaml', { workspaceRoot: ws.root, ruleset: 'bogus' }));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toContain('bogus');
    expect(error.fix).toContain('recommended');
  });

  it('honours a redocly.yaml: rules turned off and rules added', async () => {
    const ws = workspace({
      'api/openapi.yaml': TRAILING_SLASH_SPEC,
      'redocly.yaml': CUSTOM_REDOCLY_CONFIG,
    });
    const result = await lintSpec('api/openapi.yaml', { workspaceRoot: ws.root, config: 'redocly.yaml' });
    expect(result.problems.map((p) => p.rule)).not.toContain('no-server-trailing-slash');
    expect(result.problems.filter((p) => p.severity === 'error').map((p) => p.rule)).toEqual(['info-contact']);
  });

  it('reports a missing lint config as LINT_CONFIG', async () => {
    const ws = workspace({ 'api/openapi.yaml': petstoreYaml() });
    const error = await lintError(lintSpec('api/openapi.yaml', { workspaceRoot: ws.root, config: 'nope/redocly.yaml' }));
    expect(error.code).toBe('LINT_CONFIG');
    expect(error.location?.file).toBe('nope/redocly.yaml');
  });

  it('applies the same reference rules as loading (remote refs refused)', async () => {
    const ws = workspace({
      'api/openapi.yaml': petstoreYaml().replace("$ref: '#/components/schemas/NewPet'", "$ref: 'https://schemas.acme.test/new-pet.yaml'"),
    });
    const error = await lintError(lintSpec('api/openapi.yaml', { workspaceRoot: ws.root }));
    expect(error.code).toBe('REF_REMOTE');
    expect(error.location?.file).toBe('api/openapi.yaml');
  });
});

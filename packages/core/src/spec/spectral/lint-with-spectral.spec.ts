import { formatLintProblem, formatLintTotals, lintSpec, type LintResult } from '../lint';
import { SpecwrightError } from '../../errors';
import { dedent, useTempWorkspaces } from '../../__fixtures__/workspace';

const workspace = useTempWorkspaces();

/** Clean under Redocly's minimal ruleset; Spectral's oas ruleset has things to say about it. */
const SPEC = dedent(`
  openapi: 3.0.3
  info:
    title: Pets
    version: '1'
  servers: [{ url: 'https://api.acme.test' }]
  security: []
  paths:
    /pets:
      get:
        operationId: listPets
        summary: List pets
        responses:
          '200':
            description: ok
`);

/** `extends: spectral:oas` plus a rule of the workspace's own (a built-in function). */
const OAS_PLUS_CUSTOM = dedent(`
  extends: spectral:oas
  rules:
    operation-summary-short:
      description: Summaries fit in a menu
      severity: error
      given: $.paths[*][*].summary
      then:
        function: length
        functionOptions: { max: 5 }
`);

function lines(result: LintResult): string[] {
  return result.problems.map(formatLintProblem);
}

async function lintError(promise: Promise<unknown>): Promise<SpecwrightError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SpecwrightError)) throw new Error(`expected a SpecwrightError, got ${String(error)}`);
  return error;
}

describe('lintSpec with a Spectral ruleset', () => {
  it('runs spectral:oas (resolved from the installed package) and the ruleset\'s own rules, beside Redocly', async () => {
    const ws = workspace({ 'api/openapi.yaml': SPEC, 'api/.spectral.yaml': OAS_PLUS_CUSTOM });
    const result = await lintSpec('api/openapi.yaml', { workspaceRoot: ws.root });
    expect(result.spectralRuleset).toBe('api/.spectral.yaml');
    expect(lines(result)).toEqual([
      'api/openapi.yaml:2:6 spectral/info-contact Info object must have "contact" object. (warning)',
      'api/openapi.yaml:2:6 spectral/info-description Info "description" must be present and non-empty string. (warning)',
      'api/openapi.yaml:9:9 spectral/operation-description Operation "description" must be present and non-empty string. (warning)',
      'api/openapi.yaml:9:9 spectral/operation-tags Operation must have non-empty "tags" array. (warning)',
      'api/openapi.yaml:11:16 spectral/operation-summary-short Summaries fit in a menu',
    ]);
    expect(result).toMatchObject({ errors: 1, warnings: 4, infos: 0 });
    expect(formatLintTotals(result)).toBe('1 error(s), 4 warning(s)');
  });

  it('reports a problem inside a $ref\'d file at its line in that file', async () => {
    const ws = workspace({
      'apps/api/openapi.yaml': dedent(`
        openapi: 3.0.3
        info: { title: Pets, version: '1' }
        servers: [{ url: 'https://api.acme.test' }]
        security: []
        paths:
          /pets:
            $ref: '../../libs/paths/pets.yaml'
      `),
      'libs/paths/pets.yaml': dedent(`
        get:
          operationId: listPets
          summary: List all the pets
          responses:
            '200':
              description: ok
      `),
      '.spectral.yaml': dedent(`
        rules:
          operation-summary-short:
            severity: error
            given: $.paths[*][*].summary
            then:
              function: length
              functionOptions: { max: 5 }
      `),
    });
    const result = await lintSpec('apps/api/openapi.yaml', { workspaceRoot: ws.root });
    expect(lines(result)).toEqual(['libs/paths/pets.yaml:3:12 spectral/operation-summary-short "summary" property must be shorter than 5']);
  });

  it('maps severities: error fails, warn is a warning, info and hint are info', async () => {
    const rule = (severity: string): string => `  s-${severity}:\n    severity: ${severity}\n    given: $.info.title\n    then: { function: falsy }\n`;
    const ws = workspace({ 'openapi.yaml': SPEC, '.spectral.yaml': `rules:\n${['error', 'warn', 'info', 'hint'].map(rule).join('')}` });
    const result = await lintSpec('openapi.yaml', { workspaceRoot: ws.root });
    expect(lines(result)).toEqual([
      'openapi.yaml:3:10 spectral/s-error "title" property must be falsy',
      'openapi.yaml:3:10 spectral/s-hint "title" property must be falsy (info)',
      'openapi.yaml:3:10 spectral/s-info "title" property must be falsy (info)',
      'openapi.yaml:3:10 spectral/s-warn "title" property must be falsy (warning)',
    ]);
    expect(result).toMatchObject({ errors: 1, warnings: 1, infos: 2 });
    expect(formatLintTotals(result)).toBe('1 error(s), 1 warning(s), 2 info');

    ws.write('.spectral.yaml', `rules:\n${['warn', 'info'].map(rule).join('')}`);
    expect(await lintSpec('openapi.yaml', { workspaceRoot: ws.root })).toMatchObject({ errors: 0, warnings: 1, infos: 1 });
  });

  it.each([
    ['CommonJS', "module.exports = (input) => (input.includes('pet') ? [{ message: `${input} is about pets` }] : []);\n"],
    [
      'an ES module importing spectral-core',
      dedent(`
        import { createRulesetFunction } from '@stoplight/spectral-core';
        export default createRulesetFunction({ input: { type: 'string' }, options: null }, (input) =>
          input.includes('pet') ? [{ message: input + ' is about pets' }] : []);
      `),
    ],
  ])('runs a custom function from functions/ beside the ruleset (%s)', async (_kind, source) => {
    const ws = workspace({
      'openapi.yaml': SPEC,
      '.spectral.yml': dedent(`
        functions: [noPets]
        rules:
          no-pets:
            severity: warn
            message: '{{error}}'
            given: $.paths[*]~
            then: { function: noPets }
      `),
      'functions/noPets.js': source,
    });
    const result = await lintSpec('openapi.yaml', { workspaceRoot: ws.root });
    expect(lines(result)).toEqual(['openapi.yaml:8:9 spectral/no-pets /pets is about pets (warning)']);
  });

  it('prefers the project\'s ruleset (beside the spec) to the workspace\'s', async () => {
    const titleRule = (name: string): string => `rules:\n  ${name}:\n    given: $.info.title\n    then: { function: falsy }\n`;
    const ws = workspace({ 'api/openapi.yaml': SPEC, 'api/.spectral.json': JSON.stringify({ extends: [] }), '.spectral.yaml': titleRule('workspace-rule') });
    ws.write('api/.spectral.json', JSON.stringify({ rules: { 'project-rule': { given: '$.info.title', then: { function: 'falsy' } } } }));
    const project = await lintSpec('api/openapi.yaml', { workspaceRoot: ws.root });
    expect(project.spectralRuleset).toBe('api/.spectral.json');
    expect(project.problems.map((p) => p.rule)).toEqual(['spectral/project-rule']);

    // The Nx target names the project root, which need not be the spec's folder.
    const nx = await lintSpec('api/openapi.yaml', { workspaceRoot: ws.root, spectralDirs: ['libs/none', '.'] });
    expect(nx.problems.map((p) => p.rule)).toEqual(['spectral/workspace-rule']);

    ws.remove('api/.spectral.json');
    const workspaceWide = await lintSpec('api/openapi.yaml', { workspaceRoot: ws.root });
    expect(workspaceWide.spectralRuleset).toBe('.spectral.yaml');
    expect(workspaceWide.problems.map((p) => p.rule)).toEqual(['spectral/workspace-rule']);

    const explicit = await lintSpec('api/openapi.yaml', { workspaceRoot: ws.root, spectral: false });
    expect(explicit.problems).toEqual([]);
    expect(explicit.spectralRuleset).toBeUndefined();
  });

  it('refuses a remote extends, naming the ruleset file, the URL and the fix', async () => {
    const ws = workspace({
      'openapi.yaml': SPEC,
      '.spectral.yaml': 'extends: [spectral:oas, ./rules/base.yaml]\n',
      'rules/base.yaml': "extends: 'https://rulesets.acme.test/api.yaml'\n",
    });
    const error = await lintError(lintSpec('openapi.yaml', { workspaceRoot: ws.root }));
    expect(error.code).toBe('LINT_CONFIG');
    expect(error.location).toEqual({ file: '.spectral.yaml' });
    expect(error.message).toBe(
      'Spectral ruleset .spectral.yaml extends or imports a remote file (https://rulesets.acme.test/api.yaml): rulesets are loaded offline',
    );
    expect(error.fix).toContain('Download the file into the workspace');
  });

  it('reports a broken or missing ruleset as LINT_CONFIG naming the file', async () => {
    const ws = workspace({ 'openapi.yaml': SPEC, '.spectral.yaml': 'rules:\n  bad:\n    given: $.info\n    then: { function: noSuchFunction }\n' });
    const invalid = await lintError(lintSpec('openapi.yaml', { workspaceRoot: ws.root }));
    expect(invalid).toMatchObject({ code: 'LINT_CONFIG', location: { file: '.spectral.yaml' } });
    expect(invalid.message).toBe('Invalid Spectral ruleset: /rules/bad/then/function: Function is not defined');
    expect(invalid.fix).toContain('listed under functions:');

    const missing = await lintError(lintSpec('openapi.yaml', { workspaceRoot: ws.root, spectral: 'nope/.spectral.yaml' }));
    expect(missing).toMatchObject({ code: 'LINT_CONFIG', message: 'Spectral ruleset not found', location: { file: 'nope/.spectral.yaml' } });
  });
});

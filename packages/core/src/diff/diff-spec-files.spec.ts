import { stringify as toYaml } from 'yaml';
import { dedent, useTempWorkspaces } from '../__fixtures__/workspace';
import { loadSpec } from '../spec/load-spec';
import { diffSpecFiles } from './diff-spec-files';

const workspace = useTempWorkspaces();

const SWAGGER = dedent(`
  swagger: '2.0'
  info: { title: Pets, version: '1.0' }
  consumes: [application/json]
  produces: [application/json]
  paths:
    /pets:
      get:
        operationId: listPets
        parameters:
          - { name: limit, in: query, type: integer, maximum: 100 }
        responses:
          '200': { description: The pets, schema: { type: array, items: { $ref: '#/definitions/Pet' } } }
      post:
        operationId: createPet
        parameters:
          - { name: body, in: body, required: true, schema: { $ref: '#/definitions/Pet' } }
        responses:
          '201': { description: Created, schema: { $ref: '#/definitions/Pet' } }
  definitions:
    Pet:
      type: object
      required: [name]
      properties:
        id: { type: integer, readOnly: true }
        name: { type: string }
`);

describe('diffSpecFiles', () => {
  it('a Swagger 2.0 spec migrated to OpenAPI 3.0 finds nothing; a change made with the migration is found and located in the new file', async () => {
    const ws = workspace({ '.git/HEAD': '', 'api/swagger.yaml': SWAGGER });
    const converted = await loadSpec(ws.path('api/swagger.yaml'), { workspaceRoot: ws.root });
    ws.write('api/openapi.yaml', toYaml(converted.document));
    const migrated = await diffSpecFiles('api/swagger.yaml', 'api/openapi.yaml', { workspaceRoot: ws.root });
    expect(migrated.findings).toEqual([]);
    expect(migrated.warnings).toEqual([expect.stringContaining('api/swagger.yaml is Swagger 2.0')]);

    ws.write('api/openapi.yaml', toYaml(converted.document).replace('maximum: 100', 'maximum: 50'));
    const changed = await diffSpecFiles('api/swagger.yaml', 'api/openapi.yaml', { workspaceRoot: ws.root });
    const line = ws.read('api/openapi.yaml').split('\n').findIndex((l) => l.includes('maximum: 50'));
    expect(changed.findings.map((f) => [f.rule, f.message, `${f.location.file}:${f.location.line}`])).toEqual([
      ['request-maximum-decreased', 'query parameter `limit` maximum lowered from 100 to 50', `api/openapi.yaml:${line + 1}`],
    ]);
  });

  it('a schema moved from its own file into the spec finds nothing; a change in a referenced file is located at its operation', async () => {
    const pet = 'type: object\nrequired: [name]\nproperties:\n  name: { type: string }\n  tag: { type: string }\n';
    const spec = (schema: string): string =>
      dedent(`
        openapi: 3.1.0
        info: { title: t, version: '1' }
        paths:
          /pets:
            get:
              operationId: listPets
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: ${schema}
      `);
    const ws = workspace({
      '.git/HEAD': '',
      'old/openapi.yaml': spec("{ $ref: './pet.yaml' }"),
      'old/pet.yaml': pet,
      'new/openapi.yaml': `${spec("{ $ref: '#/components/schemas/Pet' }")}components:\n  schemas:\n    Pet:\n${pet.replace(/^/gm, '      ').trimEnd()}\n`,
      'next/openapi.yaml': spec("{ $ref: './pet.yaml' }"),
      'next/pet.yaml': pet.replace('required: [name]', 'required: []'),
    });
    expect((await diffSpecFiles('old/openapi.yaml', 'new/openapi.yaml', { workspaceRoot: ws.root })).findings).toEqual([]);
    const changed = await diffSpecFiles('old/openapi.yaml', 'next/openapi.yaml', { workspaceRoot: ws.root });
    expect(changed.findings.map((f) => [f.rule, `${f.location.file}:${f.location.line}`])).toEqual([['response-property-became-optional', 'next/openapi.yaml:5']]);
  });

  it('refuses a $ref leaving the workspace in either spec, naming the file', async () => {
    const ws = workspace({ 'ws/.git/HEAD': '', 'ws/openapi.yaml': "openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths: {}\n", 'ws/base.yaml': "openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths:\n  /a: { $ref: '../outside.yaml' }\n", 'outside.yaml': 'get: { responses: {} }\n' });
    await expect(diffSpecFiles('base.yaml', 'openapi.yaml', { workspaceRoot: ws.path('ws') })).rejects.toMatchObject({ code: 'REF_OUTSIDE_WORKSPACE', location: { file: 'base.yaml' } });
  });
});

import { generateToDisk } from '../generate';
import { runCli } from '../cli/run-cli';
import { dedent, useTempWorkspaces, type TempWorkspace } from '../__fixtures__/workspace';
import { projectWorkspace, typecheckProject } from '../emit/__fixtures__/generated-project';
import { lintSpec } from './lint';
import { loadSpec } from './load-spec';

const workspace = useTempWorkspaces();
jest.setTimeout(120_000);

/** Swagger 2.0 as people wrote it: a body parameter, formData with a file, definitions $refs. */
const SWAGGER = dedent(`
  swagger: '2.0'
  info: { title: Pets, version: '1.0' }
  host: api.example.com
  basePath: /v1
  schemes: [https]
  consumes: [application/json]
  produces: [application/json]
  securityDefinitions:
    key: { type: apiKey, in: header, name: X-Api-Key }
  security: [{ key: [] }]
  paths:
    /pets:
      get:
        operationId: listPets
        summary: List pets
        parameters:
          - { name: limit, in: query, type: integer, format: int32, maximum: 100 }
          - { name: tags, in: query, type: array, items: { type: string }, collectionFormat: csv }
        responses:
          '200':
            description: The pets
            schema: { type: array, items: { $ref: '#/definitions/Pet' } }
      post:
        operationId: createPet
        summary: Create a pet
        parameters:
          - { name: body, in: body, required: true, schema: { $ref: '#/definitions/NewPet' } }
        responses:
          '201': { description: Created, schema: { $ref: '#/definitions/Pet' } }
          '400': { $ref: '#/responses/BadRequest' }
    /pets/{petId}/photo:
      post:
        operationId: uploadPhoto
        summary: Upload a photo
        consumes: [multipart/form-data]
        parameters:
          - { name: petId, in: path, required: true, type: integer, format: int64 }
          - { name: caption, in: formData, type: string, maxLength: 80 }
          - { name: file, in: formData, type: file, required: true }
        responses:
          '204': { description: Uploaded }
          '404': { description: No such pet }
  responses:
    BadRequest:
      description: Invalid input
      schema: { $ref: '#/definitions/Error' }
  definitions:
    NewPet:
      type: object
      required: [name]
      properties:
        name: { type: string, minLength: 1 }
        tag: { type: string, x-nullable: true }
        status: { type: string, enum: [available, sold] }
    Pet:
      allOf:
        - $ref: '#/definitions/NewPet'
        - type: object
          required: [id]
          properties: { id: { type: integer, format: int64 } }
    Error:
      type: object
      required: [message]
      properties: { message: { type: string } }
`);

/** What a user of the generated code writes: it must compile, and misuses must not. */
const USAGE = dedent(`
  import { createApiClient } from './generated/client';
  import { createApp } from './generated/app';
  import type { CreatePetHandler, UploadPhotoHandler } from './generated/handler-types';
  import type { components } from './generated/types';

  export async function create(): Promise<number | undefined> {
    const client = createApiClient({ baseUrl: 'http://localhost' });
    const { data } = await client.POST('/pets', { body: { name: 'Rex', tag: null, status: 'sold' } });
    // @ts-expect-error name is required
    await client.POST('/pets', { body: { tag: 'x' } });
    // @ts-expect-error status is one of the enum values
    await client.POST('/pets', { body: { name: 'Rex', status: 'lost' } });
    await client.GET('/pets', { params: { query: { limit: 10, tags: ['a'] } } });
    return data?.id;
  }

  export const pet: components['schemas']['Pet'] = { id: 1, name: 'Rex' };
  export const createPet: CreatePetHandler = async ({ body }) => ({ status: 201, body: { id: 1, name: body.name } });
  // formData became a multipart/form-data body; the path parameter is a number.
  export const upload: UploadPhotoHandler = async ({ path, body }) => (path.petId > 0 && body?.caption !== 'x' ? { status: 204 } : { status: 404 });
  export const app = createApp({ handlers: { createPet, uploadPhoto: upload } });
`);

async function cli(ws: TempWorkspace, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { cwd: ws.root, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

const WARNING = /^apps\/api\/swagger\.yaml is Swagger 2\.0: it was converted to OpenAPI 3\.0 \(with swagger2openapi\) for this run\. Consider migrating: .*npx swagger2openapi apps\/api\/swagger\.yaml -o openapi\.yaml/;

describe('Swagger 2.0 specs are converted to OpenAPI 3.0', () => {
  it('generates code that typechecks, as a user would use it, and warns that the spec was converted', async () => {
    const ws = projectWorkspace(workspace);
    ws.write('.git/HEAD', '');
    ws.write('apps/api/swagger.yaml', SWAGGER);
    ws.write('apps/api/usage.ts', USAGE);
    const run = await cli(ws, ['generate', '--spec', 'apps/api/swagger.yaml', '--out', 'apps/api/generated', '--lock', 'apps/api/specwright.lock']);
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(new RegExp(`^warning: ${WARNING.source.slice(1)}`))]);
    expect(run.stdout).toContain('Generated ');
    expect(typecheckProject(ws)).toEqual([]);

    const spec = JSON.parse(ws.read('apps/api/generated/openapi.json')) as Record<string, unknown>;
    expect(spec.openapi).toBe('3.0.0');
    expect(spec.servers).toEqual([{ url: 'https://api.example.com/v1' }]);
    // Nothing of the converter's own is left in what is generated from.
    expect(JSON.stringify(spec)).not.toMatch(/x-s2o|x-origin/);
  });

  it('gives byte-identical output on two runs, in two places', async () => {
    const first = workspace({ 'apps/api/swagger.yaml': SWAGGER });
    const second = workspace({ 'apps/api/swagger.yaml': SWAGGER });
    const generate = (ws: TempWorkspace) => generateToDisk({ spec: 'apps/api/swagger.yaml', workspaceRoot: ws.root, outDir: 'apps/api/generated' });
    const a = await generate(first);
    await generate(second);
    expect(second.tree('apps')).toEqual(first.tree('apps'));
    expect(a.warnings).toEqual([expect.stringMatching(WARNING)]);
  });

  it('lint lints the file as written (its own lines) and prints the same warning', async () => {
    const spec = SWAGGER.replace(/\n +summary: Upload a photo/, '');
    const ws = workspace({ 'apps/api/swagger.yaml': spec });
    const result = await lintSpec('apps/api/swagger.yaml', { workspaceRoot: ws.root });
    const loaded = await loadSpec('apps/api/swagger.yaml', { workspaceRoot: ws.root });
    expect(result.notices).toEqual(loaded.warnings);
    expect(result.notices).toEqual([expect.stringMatching(WARNING)]);
    expect(result.errors).toBe(0);

    const run = await cli(ws, ['lint', '--root', '.', '--spec', 'apps/api/swagger.yaml', '--ruleset', 'recommended']);
    expect(run.stderr).toBe(`warning: ${loaded.warnings[0]}\n`);
    const uploadLine = spec.split('\n').indexOf('  /pets/{petId}/photo:') + 2;
    expect(run.stdout).toContain(`apps/api/swagger.yaml:${uploadLine}:5 operation-summary `);
    expect(run.code).toBe(1);
  });

  it('bundles a spec whose $refs reach other files, then converts it', async () => {
    const ws = workspace({
      'apps/api/swagger.yaml': SWAGGER.replace("schema: { $ref: '#/definitions/NewPet' }", "schema: { $ref: '../../libs/defs/new-pet.yaml' }"),
      'libs/defs/new-pet.yaml': dedent(`
        type: object
        required: [name, owner]
        properties:
          name: { type: string }
          owner: { $ref: 'owner.yaml' }
      `),
      'libs/defs/owner.yaml': 'type: object\nproperties: { email: { type: string, format: email } }\n',
    });
    const loaded = await loadSpec('apps/api/swagger.yaml', { workspaceRoot: ws.root });
    expect(loaded.files).toEqual(['apps/api/swagger.yaml', 'libs/defs/new-pet.yaml', 'libs/defs/owner.yaml']);
    const schemas = loaded.document.components?.schemas ?? {};
    const body = (loaded.document.paths?.['/pets']?.post as { requestBody: { content: Record<string, { schema: { $ref: string } }> } }).requestBody;
    const target = body.content['application/json']!.schema.$ref.replace('#/components/schemas/', '');
    expect(schemas[target]).toMatchObject({ required: ['name', 'owner'], properties: { owner: { $ref: expect.stringMatching(/^#\/components\/schemas\//) } } });
    expect(JSON.stringify(loaded.document)).not.toMatch(/\.yaml/);
  });

  it('reads `swagger: 2.0` written without quotes (a number in YAML) as Swagger 2.0', async () => {
    const ws = workspace({ 'swagger.yaml': SWAGGER.replace("swagger: '2.0'", 'swagger: 2.0') });
    const loaded = await loadSpec('swagger.yaml', { workspaceRoot: ws.root });
    expect(loaded.version).toBe('3.0');
    expect(loaded.document.openapi).toBe('3.0.0');
  });
});

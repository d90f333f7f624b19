import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { generate } from '../generate';
import { loadSpec } from '../spec/load-spec';
import { openapi, petstoreYaml, REPO_ROOT, useTempWorkspaces, type TempWorkspace } from '../__fixtures__/workspace';

const workspace = useTempWorkspaces();
const OPENAPI_TYPESCRIPT_CLI = join(REPO_ROOT, 'node_modules', '.bin', 'openapi-typescript');

jest.setTimeout(60_000);

/**
 * types.ts from generate, and what the real openapi-typescript CLI writes for the same bundled
 * document (saved as JSON and passed to the CLI as a file, the way a user would run it).
 */
async function oursAndTheirs(ws: TempWorkspace, spec: string): Promise<{ ours: string; theirs: string }> {
  const result = await generate({ spec, workspaceRoot: ws.root, outDir: 'out', emit: ['types'] });
  const ours = result.files.find((f) => f.path === 'types.ts')?.contents ?? '';
  ws.write('bundled.json', JSON.stringify(result.source.document, null, 2));
  execFileSync(OPENAPI_TYPESCRIPT_CLI, ['bundled.json', '-o', 'cli-types.ts'], { cwd: ws.root, stdio: 'pipe' });
  return { ours, theirs: ws.read('cli-types.ts') };
}

describe('types.ts', () => {
  it('is byte-identical to the openapi-typescript CLI for the petstore template', async () => {
    const ws = workspace({ 'api/openapi.yaml': petstoreYaml() });
    const { ours, theirs } = await oursAndTheirs(ws, 'api/openapi.yaml');
    expect(ours).toContain('export interface paths');
    expect(ours).toBe(theirs);
  });

  it('is byte-identical to the openapi-typescript CLI for a multi-file 3.0 spec', async () => {
    const json = (schema: object) => ({ content: { 'application/json': { schema } } });
    const ws = workspace({
      'apps/api/openapi.yaml': openapi('3.0.3', {
        '/pets': {
          parameters: [{ $ref: '../../libs/shared/parameters.yaml#/Trace' }],
          get: {
            operationId: 'listPets',
            parameters: [{ $ref: '../../libs/shared/parameters.yaml#/Limit' }],
            responses: {
              '200': {
                description: 'ok',
                headers: { 'X-Next': { schema: { type: 'string', nullable: true } } },
                ...json({ type: 'array', items: { $ref: '../../libs/shared/schemas/pet.yaml' } }),
              },
              default: { description: 'error', ...json({ $ref: '../../libs/shared/schemas/error.yaml' }) },
            },
          },
          post: {
            operationId: 'createPet',
            requestBody: { required: true, ...json({ $ref: '../../libs/shared/schemas/pet.yaml' }) },
            responses: { '201': { description: 'created', ...json({ $ref: '../../libs/shared/schemas/pet.yaml' }) } },
          },
        },
        '/pets/{id}': {
          delete: {
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', format: 'int64' } }],
            responses: { '204': { description: 'deleted' } },
          },
        },
      }),
      'libs/shared/schemas/pet.yaml': {
        type: 'object',
        required: ['id', 'name', 'kind'],
        properties: {
          id: { type: 'integer', readOnly: true },
          name: { type: 'string', description: 'The pet\'s name.' },
          nickname: { type: 'string', nullable: true },
          kind: { type: 'string', enum: ['dog', 'cat'] },
          owner: { $ref: './owner.yaml' },
          attributes: { type: 'object', additionalProperties: { type: 'string' } },
          diet: { oneOf: [{ $ref: './diet.yaml#/Herbivore' }, { $ref: './diet.yaml#/Carnivore' }], discriminator: { propertyName: 'type' } },
        },
      },
      'libs/shared/schemas/owner.yaml': {
        allOf: [{ $ref: './person.yaml' }, { type: 'object', properties: { pets: { type: 'array', items: { $ref: './pet.yaml' } } } }],
      },
      'libs/shared/schemas/person.yaml': { type: 'object', properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } } },
      'libs/shared/schemas/diet.yaml': {
        Herbivore: { type: 'object', required: ['type'], properties: { type: { type: 'string' }, plants: { type: 'array', items: { type: 'string' } } } },
        Carnivore: { type: 'object', required: ['type'], properties: { type: { type: 'string' }, meatPerDay: { type: 'number', minimum: 0 } } },
      },
      'libs/shared/schemas/error.yaml': { type: 'object', required: ['message'], properties: { message: { type: 'string' }, code: { type: 'integer' } } },
      'libs/shared/parameters.yaml': {
        Limit: { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, default: 20 } },
        Trace: { name: 'X-Trace-Id', in: 'header', schema: { type: 'string', format: 'uuid' } },
      },
    });
    const { ours, theirs } = await oursAndTheirs(ws, 'apps/api/openapi.yaml');
    expect(ours).toContain('nickname?: string | null;');
    expect(ours).toContain('discriminator enum property added by openapi-typescript');
    expect(ours).toBe(theirs);

    // openapi-typescript patches discriminators into the document it gets; generate's result must
    // still hold the spec as loaded (the CLI above was given that document, and agreed).
    const loaded = await loadSpec('apps/api/openapi.yaml', { workspaceRoot: ws.root });
    expect(JSON.parse(ws.read('bundled.json'))).toEqual(loaded.document);
  });
});

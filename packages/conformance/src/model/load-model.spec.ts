import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadConformanceModel } from './load-model';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'specwright-load-model-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, unknown>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), JSON.stringify(content));
  }
}

const PET = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };

describe('loadConformanceModel', () => {
  it('converts Swagger 2.0 (a body parameter becomes the request body) and warns that it did', async () => {
    write({
      'specs/swagger.json': {
        swagger: '2.0',
        info: { title: 'Pets', version: '1' },
        consumes: ['application/json'],
        paths: {
          '/pets': {
            post: {
              operationId: 'createPet',
              parameters: [{ name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/Pet' } }],
              responses: { '201': { description: 'created', schema: { $ref: '#/definitions/Pet' } } },
            },
          },
        },
        definitions: { Pet: PET },
      },
    });
    const model = await loadConformanceModel(join(dir, 'specs/swagger.json'));
    const createPet = model.operations.find((o) => o.operationId === 'createPet');
    expect(createPet?.requestBody?.required).toBe(true);
    expect(createPet?.requestBody?.content.map((c) => c.mediaType)).toEqual(['application/json']);
    expect(model.warnings).toEqual([expect.stringMatching(/^swagger\.json is Swagger 2\.0: it was converted to OpenAPI 3\.0/)]);
  });

  it("defaults the root to the spec's folder outside a repository, so a $ref to ../common needs workspaceRoot", async () => {
    const api = {
      openapi: '3.1.0',
      info: { title: 'Pets', version: '1' },
      paths: { '/pet': { get: { operationId: 'getPet', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '../common/pet.json' } } } } } } } },
    };
    write({ 'specs/api.json': api, 'common/pet.json': PET });
    await expect(loadConformanceModel(join(dir, 'specs/api.json'))).rejects.toMatchObject({ code: 'REF_OUTSIDE_WORKSPACE' });
    const model = await loadConformanceModel(join(dir, 'specs/api.json'), { workspaceRoot: dir });
    expect(model.operations.map((o) => o.operationId)).toEqual(['getPet']);
  });
});

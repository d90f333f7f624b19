import { stringify as toYaml } from 'yaml';
import { indexOperations, operationContract, operationKey, type Operation } from './index-operations';
import { loadSpec } from '../spec/load-spec';
import type { OpenApiDocument } from '../spec/openapi-version';
import { SpecwrightError } from '../errors';
import { EMITTED_INTERFACE_VERSION } from '../versions';
import { openapi, useTempWorkspaces, type TempWorkspace } from '../__fixtures__/workspace';

const workspace = useTempWorkspaces();

const json = (schema: object) => ({ content: { 'application/json': { schema } } });

/** A 3.0 spec with shared components, path-level parameters and an operation without an id. */
function storeSpec(): any {
  return openapi(
    '3.0.3',
    {
      '/pets': {
        parameters: [{ $ref: '#/components/parameters/TraceId' }],
        get: {
          operationId: 'listPets',
          summary: 'List pets',
          parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, exclusiveMaximum: false } }],
          responses: { '200': { description: 'A page of pets', ...json({ type: 'array', items: { $ref: '#/components/schemas/Pet' } }) } },
        },
        post: {
          operationId: 'createPet',
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/NewPet' }) },
          responses: { '201': { description: 'Created', ...json({ $ref: '#/components/schemas/Pet' }) } },
        },
      },
      '/pets/{petId}': {
        parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'integer' } }],
        get: { responses: { '200': { description: 'The pet', ...json({ $ref: '#/components/schemas/Pet' }) } } },
        delete: { operationId: 'deletePet', responses: { '204': { description: 'Deleted' } } },
      },
      '/store': {
        get: { operationId: 'getStore', responses: { '200': { description: 'The store', ...json({ $ref: '#/components/schemas/Store' }) } } },
      },
    },
    {
      parameters: { TraceId: { name: 'X-Trace-Id', in: 'header', schema: { type: 'string', format: 'uuid' } } },
      schemas: {
        Pet: {
          type: 'object',
          required: ['id', 'name'],
          properties: {
            id: { type: 'integer', readOnly: true },
            name: { type: 'string', example: 'Rex' },
            tag: { $ref: '#/components/schemas/Tag' },
            status: { type: 'string', enum: ['available', 'sold'], nullable: true },
          },
        },
        NewPet: { allOf: [{ $ref: '#/components/schemas/Pet' }, { type: 'object', properties: { note: { type: 'string' } } }] },
        Tag: { type: 'string', description: 'A free-form tag.', maxLength: 32 },
        Store: { type: 'object', properties: { name: { type: 'string' }, open: { type: 'boolean', default: true } } },
        Unused: { type: 'string', description: 'Reached by nobody.' },
      },
    },
  );
}

/** Recursively reverses the key order of every object (arrays keep their order: it is meaning). */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
}

/** The same document serialised in many ways a person or a formatter might write it. */
function reformattings(doc: object): Record<string, string> {
  return {
    'block.yaml': toYaml(doc),
    'flow.yaml': toYaml(doc, { collectionStyle: 'flow' }),
    'reordered.yaml': toYaml(reverseKeys(doc), { indent: 4, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }),
    'commented.yaml': toYaml(doc, { indent: 3 }).split('\n').map((line, i) => (i % 3 === 0 && line.trim() !== '' ? `${line} # note ${i}` : line)).join('\n'),
    'pretty.json': JSON.stringify(doc, null, 2),
    'minified-reordered.json': JSON.stringify(reverseKeys(doc)),
  };
}

function hashesById(operations: readonly Operation[]): Record<string, string> {
  return Object.fromEntries(operations.map((op) => [op.id, op.contractHash]));
}

async function indexFile(ws: TempWorkspace, spec: string): Promise<Operation[]> {
  const source = await loadSpec(spec, { workspaceRoot: ws.root });
  return indexOperations(source.document);
}

function byId(operations: readonly Operation[], id: string): Operation {
  const op = operations.find((o) => o.id === id);
  if (!op) throw new Error(`no operation ${id} among ${operations.map((o) => o.id).join(', ')}`);
  return op;
}

describe('indexOperations: contract hashes', () => {
  it('gives identical hashes for the same spec in any YAML/JSON formatting and key order', async () => {
    const variants = reformattings(storeSpec());
    const ws = workspace(Object.fromEntries(Object.entries(variants).map(([name, text]) => [`api/${name}`, text])));
    const reference = hashesById(await indexFile(ws, 'api/block.yaml'));
    expect(Object.keys(reference).sort()).toEqual(['createPet', 'deletePet', 'getPetsByPetId', 'getStore', 'listPets']);
    expect(new Set(Object.values(reference)).size).toBe(5);
    for (const name of Object.keys(variants)) {
      expect({ name, hashes: hashesById(await indexFile(ws, `api/${name}`)) }).toEqual({ name, hashes: reference });
    }
  });

  it('gives identical hashes when every file of a multi-file spec is reformatted', async () => {
    const root = openapi('3.1.0', {
      '/pets': { get: { operationId: 'listPets', responses: { '200': { description: 'ok', ...json({ type: 'array', items: { $ref: '../../libs/shared/pet.yaml' } }) } } } },
      '/owners': { get: { operationId: 'listOwners', responses: { '200': { description: 'ok', ...json({ $ref: '../../libs/shared/owner.yaml' }) } } } },
    });
    const pet = { type: 'object', required: ['name'], properties: { name: { type: 'string' }, owner: { $ref: './owner.yaml' } } };
    const owner = { type: 'object', description: 'Owns pets.', properties: { pets: { type: 'array', items: { $ref: './pet.yaml' } } } };
    const ws = workspace({ 'apps/api/openapi.yaml': root, 'libs/shared/pet.yaml': pet, 'libs/shared/owner.yaml': owner });
    const before = await loadSpec('apps/api/openapi.yaml', { workspaceRoot: ws.root });
    const reference = hashesById(indexOperations(before.document));

    ws.write('apps/api/openapi.yaml', toYaml(reverseKeys(root), { collectionStyle: 'flow' }));
    ws.write('libs/shared/pet.yaml', JSON.stringify(reverseKeys(pet)));
    ws.write('libs/shared/owner.yaml', toYaml(reverseKeys(owner), { indent: 6, defaultStringType: 'QUOTE_SINGLE' }));
    const after = await loadSpec('apps/api/openapi.yaml', { workspaceRoot: ws.root });
    // The bytes changed (so Nx reruns generate), but no contract did (so no pin is invalidated).
    expect(after.hash).not.toBe(before.hash);
    expect(hashesById(indexOperations(after.document))).toEqual(reference);
  });

  // Redocly names bundled components after their files in traversal order (`pet`, `pet-2`), so
  // swapping two paths swaps which operation's contract says `pet` and which `pet-2`.
  it.failing('KNOWN ISSUE: keeps hashes when two referenced files share a name and the paths are reordered', async () => {
    const op = (id: string, ref: string) => ({ get: { operationId: id, responses: { '200': { description: 'ok', ...json({ $ref: ref }) } } } });
    const a = op('getA', '../libs/a/pet.yaml');
    const b = op('getB', '../libs/b/pet.yaml');
    const ws = workspace({
      'api/ab.yaml': openapi('3.1.0', { '/a': a, '/b': b }),
      'api/ba.yaml': openapi('3.1.0', { '/b': b, '/a': a }),
      'libs/a/pet.yaml': { type: 'object', properties: { a: { type: 'string' } } },
      'libs/b/pet.yaml': { type: 'object', properties: { b: { type: 'string' } } },
    });
    expect(hashesById(await indexFile(ws, 'api/ba.yaml'))).toEqual(hashesById(await indexFile(ws, 'api/ab.yaml')));
  });

  it('changes the hash of exactly the operations that reach an edited schema', () => {
    const base = indexOperations(storeSpec());
    const edited = storeSpec();
    edited.components.schemas.Tag.description = 'A free-form tag, lower case.';
    const after = indexOperations(edited);
    // Tag is reached through Pet by listPets, createPet (via NewPet → allOf → Pet) and getPetsByPetId.
    for (const id of ['listPets', 'createPet', 'getPetsByPetId']) expect(byId(after, id).contractHash).not.toBe(byId(base, id).contractHash);
    for (const id of ['getStore', 'deletePet']) expect(byId(after, id).contractHash).toBe(byId(base, id).contractHash);
    expect(byId(base, 'listPets').refs).toEqual(['#/components/parameters/TraceId', '#/components/schemas/Pet', '#/components/schemas/Tag']);
  });

  it('ignores edits to components no operation reaches', () => {
    const base = hashesById(indexOperations(storeSpec()));
    const edited = storeSpec();
    edited.components.schemas.Unused.description = 'Still reached by nobody.';
    edited.info.description = 'Top-level prose is not part of any operation.';
    expect(hashesById(indexOperations(edited))).toEqual(base);
  });

  it('changes the hash when the operation itself, or its path-level parameters, change', () => {
    const base = indexOperations(storeSpec());
    const summary = storeSpec();
    summary.paths['/pets'].get.summary = 'List all pets';
    expect(byId(indexOperations(summary), 'listPets').contractHash).not.toBe(byId(base, 'listPets').contractHash);
    expect(byId(indexOperations(summary), 'createPet').contractHash).toBe(byId(base, 'createPet').contractHash);

    const pathParam = storeSpec();
    pathParam.paths['/pets/{petId}'].parameters[0].schema.minimum = 1;
    const after = indexOperations(pathParam);
    expect(byId(after, 'getPetsByPetId').contractHash).not.toBe(byId(base, 'getPetsByPetId').contractHash);
    expect(byId(after, 'deletePet').contractHash).not.toBe(byId(base, 'deletePet').contractHash);
    expect(byId(after, 'listPets').contractHash).toBe(byId(base, 'listPets').contractHash);
  });

  it('operationContract shows the operation with every component it reaches, descriptions included', () => {
    const doc = storeSpec();
    const op = byId(indexOperations(doc), 'createPet');
    const contract = JSON.parse(operationContract(doc, op));
    expect(contract.method).toBe('post');
    expect(contract.path).toBe('/pets');
    expect(Object.keys(contract.components).sort()).toEqual([
      '#/components/parameters/TraceId',
      '#/components/schemas/NewPet',
      '#/components/schemas/Pet',
      '#/components/schemas/Tag',
    ]);
    expect(contract.components['#/components/schemas/Tag'].description).toBe('A free-form tag.');
    expect(contract.operation.parameters).toEqual([{ $ref: '#/components/parameters/TraceId' }]);
  });

  it('terminates on recursive schemas', () => {
    const doc = openapi(
      '3.1.0',
      { '/n': { get: { operationId: 'getNode', responses: { '200': { description: 'ok', ...json({ $ref: '#/components/schemas/Node' }) } } } } },
      { schemas: { Node: { type: 'object', properties: { next: { $ref: '#/components/schemas/Node' }, other: { $ref: '#/components/schemas/Other' } } }, Other: { $ref: '#/components/schemas/Node' } } },
    ) as OpenApiDocument;
    expect(indexOperations(doc)[0]?.refs).toEqual(['#/components/schemas/Node', '#/components/schemas/Other']);
  });
});

describe('indexOperations: parameters', () => {
  it('merges path-level parameters, with operation-level ones overriding by name and location', () => {
    const doc = openapi(
      '3.1.0',
      {
        '/items': {
          parameters: [
            { name: 'limit', in: 'query', description: 'path level', schema: { type: 'integer' } },
            { $ref: '#/components/parameters/Trace' },
            { name: 'sort', in: 'query', schema: { type: 'string' } },
          ],
          get: {
            operationId: 'listItems',
            parameters: [
              { name: 'limit', in: 'query', description: 'operation level', schema: { type: 'integer', maximum: 10 } },
              { name: 'limit', in: 'header', schema: { type: 'string' } },
              { name: 'X-Trace', in: 'header', description: 'inline override of a $ref', schema: { type: 'string' } },
            ],
            responses: { '204': { description: 'ok' } },
          },
          post: { operationId: 'addItem', responses: { '204': { description: 'ok' } } },
        },
      },
      { parameters: { Trace: { name: 'X-Trace', in: 'header', schema: { type: 'string', format: 'uuid' } } } },
    ) as OpenApiDocument;
    const [list, add] = indexOperations(doc);
    expect(list?.parameters).toEqual([
      { name: 'sort', in: 'query', schema: { type: 'string' } },
      { name: 'limit', in: 'query', description: 'operation level', schema: { type: 'integer', maximum: 10 } },
      { name: 'limit', in: 'header', schema: { type: 'string' } },
      { name: 'X-Trace', in: 'header', description: 'inline override of a $ref', schema: { type: 'string' } },
    ]);
    // The overridden $ref is no longer part of listItems' contract; it still is for addItem.
    expect(list?.refs).toEqual([]);
    expect(add?.parameters).toEqual([
      { name: 'limit', in: 'query', description: 'path level', schema: { type: 'integer' } },
      { $ref: '#/components/parameters/Trace' },
      { name: 'sort', in: 'query', schema: { type: 'string' } },
    ]);
    expect(add?.refs).toEqual(['#/components/parameters/Trace']);
  });
});

describe('indexOperations: ids and names', () => {
  const noIds = () =>
    openapi('3.1.0', {
      '/': { get: { responses: { '204': { description: 'ok' } } } },
      '/pets/{petId}/toys': { get: { responses: { '204': { description: 'ok' } } }, post: { responses: { '204': { description: 'ok' } } } },
      '/foo-bar': { get: { responses: { '204': { description: 'ok' } } } },
      '/foo_bar': { get: { responses: { '204': { description: 'ok' } } } },
      '/things': { get: { responses: { '204': { description: 'ok' } } } },
      '/declared': { get: { operationId: 'getThings', responses: { '204': { description: 'ok' } } } },
    }) as any;

  const idsByRoute = (ops: readonly Operation[]) => Object.fromEntries(ops.map((op) => [`${op.method} ${op.path}`, op.id]));

  it('derives readable ids from method and path when operationId is missing', () => {
    const ops = indexOperations(noIds());
    expect(idsByRoute(ops)).toEqual({
      'get /': 'getRoot',
      'get /pets/{petId}/toys': 'getPetsByPetIdToys',
      'post /pets/{petId}/toys': 'postPetsByPetIdToys',
      'get /foo-bar': 'getFooBar',
      'get /foo_bar': 'getFooBar2',
      // The declared `getThings` keeps its name; the derived one steps aside.
      'get /things': 'getThings2',
      'get /declared': 'getThings',
    });
    expect(ops.filter((op) => op.declaredId).map((op) => op.id)).toEqual(['getThings']);
    expect(new Set(ops.map((op) => op.id)).size).toBe(ops.length);
  });

  it('derives the same ids whatever order the paths are written in', () => {
    const forward = idsByRoute(indexOperations(noIds()));
    const reversed = noIds();
    reversed.paths = reverseKeys(reversed.paths);
    expect(idsByRoute(indexOperations(reversed))).toEqual(forward);
  });

  it('refuses duplicate operationIds with OPERATION_ID_CONFLICT naming both operations', () => {
    const doc = openapi('3.1.0', {
      '/a': { get: { operationId: 'getThing', responses: { '204': { description: 'ok' } } } },
      '/b': { put: { operationId: 'getThing', responses: { '204': { description: 'ok' } } } },
    }) as OpenApiDocument;
    let error: unknown;
    try {
      indexOperations(doc);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecwrightError);
    expect((error as SpecwrightError).code).toBe('OPERATION_ID_CONFLICT');
    expect((error as SpecwrightError).message).toContain('/paths/~1a/get');
    expect((error as SpecwrightError).message).toContain('/paths/~1b/put');
  });

  const namedOps = (ids: readonly string[]) =>
    openapi('3.1.0', Object.fromEntries(ids.map((id, i) => [`/op${i}`, { get: { operationId: id, responses: { '204': { description: 'ok' } } } }]))) as any;
  const names = (ops: readonly Operation[]) => Object.fromEntries(ops.map((op) => [op.id, { fileName: op.fileName, identifier: op.identifier, typeName: op.typeName }]));

  it('turns GitHub-style ids into folders, camelCase identifiers and PascalCase type names', () => {
    const ops = indexOperations(namedOps(['repos/list-for-org', 'issues/get', 'delete', 'operation', '2fa-setup', 'list pets!']));
    expect(names(ops)).toEqual({
      'repos/list-for-org': { fileName: 'repos/list-for-org', identifier: 'reposListForOrg', typeName: 'ReposListForOrg' },
      'issues/get': { fileName: 'issues/get', identifier: 'issuesGet', typeName: 'IssuesGet' },
      delete: { fileName: 'delete', identifier: 'delete_', typeName: 'Delete' },
      operation: { fileName: 'operation', identifier: 'operation', typeName: expect.any(String) },
      '2fa-setup': { fileName: '2fa-setup', identifier: '_2faSetup', typeName: expect.any(String) },
      'list pets!': { fileName: 'list_pets_', identifier: 'listPets', typeName: 'ListPets' },
    });
    for (const op of ops) {
      // `${typeName}Handler` is declared next to the runtime's imported `OperationHandler`.
      expect(`${op.typeName}Handler`).toMatch(/^[A-Za-z_$][A-Za-z0-9_$]*$/);
      expect(`${op.typeName}Handler`).not.toBe('OperationHandler');
    }
  });

  it('keeps file names unique case-insensitively, and identifiers and type names unique', () => {
    const ops = indexOperations(namedOps(['getPet', 'GetPet', 'get-pet', 'repos/Get', 'repos/get']));
    const files = ops.map((op) => op.fileName.toLowerCase());
    expect(new Set(files).size).toBe(ops.length);
    expect(new Set(ops.map((op) => op.identifier)).size).toBe(ops.length);
    expect(new Set(ops.map((op) => op.typeName)).size).toBe(ops.length);
    // An id that collides with nothing keeps its plain name.
    expect(byId(ops, 'get-pet').fileName).toBe('get-pet');
  });

  it('assigns names independently of the order operations are written in', () => {
    const ids = ['getPet', 'GetPet', 'get_pet', 'repos/Get', 'repos/get'];
    const forward = names(indexOperations(namedOps(ids)));
    const backward = names(indexOperations(namedOps([...ids].reverse())));
    expect(backward).toEqual(forward);
  });
});

describe('operationKey', () => {
  const op = { contractHash: 'a'.repeat(64) };
  const inputs = { modelId: 'claude-x', promptVersion: '3', interfaceVersion: EMITTED_INTERFACE_VERSION };

  it('is stable for equal inputs and changes with each input', () => {
    const key = operationKey(op, inputs);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(operationKey({ ...op }, { ...inputs })).toBe(key);
    const variants = [
      operationKey({ contractHash: 'b'.repeat(64) }, inputs),
      operationKey(op, { ...inputs, modelId: 'claude-y' }),
      operationKey(op, { ...inputs, promptVersion: '4' }),
      operationKey(op, { ...inputs, interfaceVersion: `${EMITTED_INTERFACE_VERSION}.1` }),
    ];
    expect(new Set([key, ...variants]).size).toBe(5);
  });

  it('does not confuse inputs that only differ in where a boundary falls', () => {
    expect(operationKey(op, { modelId: 'a', promptVersion: 'bc', interfaceVersion: '1' })).not.toBe(
      operationKey(op, { modelId: 'ab', promptVersion: 'c', interfaceVersion: '1' }),
    );
  });
});

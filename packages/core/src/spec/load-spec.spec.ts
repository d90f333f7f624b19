import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { loadSpec, type SpecSource } from './load-spec';
import { getAt } from './ref-closure';
import { refTokens } from '../contract/index-operations';
import { SpecwrightError } from '../errors';
import { dedent, openapi, petstoreYaml, useTempWorkspaces, type TempWorkspace } from '../__fixtures__/workspace';

const workspace = useTempWorkspaces();

async function load(ws: TempWorkspace, spec: string, options: { allowRemoteRefs?: boolean } = {}): Promise<SpecSource> {
  return loadSpec(spec, { workspaceRoot: ws.root, ...options });
}

/** The SpecwrightError a load fails with (fails the test if it succeeds or throws something else). */
async function loadError(ws: TempWorkspace, spec: string, options: { allowRemoteRefs?: boolean } = {}): Promise<SpecwrightError> {
  const error = await load(ws, spec, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SpecwrightError)) throw new Error(`expected a SpecwrightError, got ${error === undefined ? 'success' : String(error)}`);
  return error;
}

/** Resolves an internal reference of a bundled document. */
function deref(document: object, ref: string): unknown {
  expect(ref.startsWith('#/')).toBe(true);
  return getAt(document, refTokens(ref));
}

const okResponse = (schema: object) => ({
  '200': { description: 'ok', content: { 'application/json': { schema } } },
});

/** A spec in apps/api whose Pet schema lives in libs/shared (another folder of the workspace). */
function multiFileWorkspace(): TempWorkspace {
  return workspace({
    'apps/api/openapi.yaml': openapi('3.0.3', {
      '/pets': {
        get: {
          operationId: 'listPets',
          responses: okResponse({ type: 'array', items: { $ref: '../../libs/shared/schemas/pet.yaml' } }),
        },
      },
      '/pets/{id}': {
        get: {
          operationId: 'getPet',
          parameters: [{ $ref: '../../libs/shared/parameters.yaml#/PetId' }],
          responses: okResponse({ $ref: '../../libs/shared/schemas/pet.yaml' }),
        },
      },
    }),
    'libs/shared/schemas/pet.yaml': {
      type: 'object',
      required: ['id', 'name'],
      properties: { id: { type: 'integer' }, name: { type: 'string' }, tag: { $ref: './tag.yaml' } },
    },
    'libs/shared/schemas/tag.yaml': { type: 'string', description: 'A tag.' },
    'libs/shared/parameters.yaml': { PetId: { name: 'id', in: 'path', required: true, schema: { type: 'integer' } } },
    'libs/shared/unrelated.yaml': { type: 'string' },
    'apps/api/README.md': 'not part of the spec\n',
  });
}

describe('loadSpec: single files', () => {
  it('loads a single-file OpenAPI 3.1 YAML spec as is', async () => {
    const ws = workspace({ 'api/openapi.yaml': petstoreYaml() });
    const source = await load(ws, 'api/openapi.yaml');
    expect(source.version).toBe('3.1');
    expect(source.rootFile).toBe('api/openapi.yaml');
    expect(source.files).toEqual(['api/openapi.yaml']);
    expect(source.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(source.remoteRefs).toEqual([]);
    expect(Object.keys(source.document.paths ?? {})).toEqual(['/pets', '/pets/{petId}']);
    expect(source.document.paths?.['/pets']?.get).toMatchObject({ operationId: 'listPets' });
  });

  it('loads a single-file OpenAPI 3.0 JSON spec, giving the same document as the YAML form', async () => {
    const doc = openapi('3.0.3', { '/a': { get: { operationId: 'getA', responses: okResponse({ type: 'string', nullable: true }) } } });
    const ws = workspace({ 'json/openapi.json': JSON.stringify(doc, null, 2), 'yaml/openapi.yaml': doc });
    const fromJson = await load(ws, 'json/openapi.json');
    const fromYaml = await load(ws, 'yaml/openapi.yaml');
    expect(fromJson.version).toBe('3.0');
    expect(fromJson.files).toEqual(['json/openapi.json']);
    expect(fromJson.document).toEqual(doc);
    expect(fromYaml.document).toEqual(fromJson.document);
  });

  it('accepts an absolute spec path and still reports workspace-relative files', async () => {
    const ws = workspace({ 'api/openapi.yaml': petstoreYaml() });
    const source = await loadSpec(ws.path('api/openapi.yaml'), { workspaceRoot: ws.root });
    expect(source.rootFile).toBe('api/openapi.yaml');
    expect(source.files).toEqual(['api/openapi.yaml']);
  });
});

describe('loadSpec: multi-file specs', () => {
  it('bundles a schema from another folder into components', async () => {
    const ws = multiFileWorkspace();
    const { document } = await load(ws, 'apps/api/openapi.yaml');
    const listSchema = (document.paths?.['/pets']?.get as any).responses['200'].content['application/json'].schema;
    const itemRef: string = listSchema.items.$ref;
    expect(itemRef).toMatch(/^#\/components\/schemas\//);
    const pet = deref(document, itemRef) as any;
    expect(pet).toMatchObject({ type: 'object', required: ['id', 'name'] });
    // The nested reference (pet.yaml → tag.yaml) is bundled too, as an internal reference.
    expect(deref(document, pet.properties.tag.$ref)).toEqual({ type: 'string', description: 'A tag.' });
    // Both operations reference the same component.
    const getSchema = (document.paths?.['/pets/{id}']?.get as any).responses['200'].content['application/json'].schema;
    expect(getSchema.$ref).toBe(itemRef);
    // A parameter from a pointer into another file.
    const param = (document.paths?.['/pets/{id}']?.get as any).parameters[0];
    expect(deref(document, param.$ref)).toMatchObject({ name: 'id', in: 'path' });
    // Nothing external is left.
    expect(JSON.stringify(document)).not.toMatch(/\.yaml/);
  });

  it('lists exactly the $ref closure: sorted, workspace-relative, POSIX', async () => {
    const ws = multiFileWorkspace();
    const source = await load(ws, 'apps/api/openapi.yaml');
    expect(source.files).toEqual([
      'apps/api/openapi.yaml',
      'libs/shared/parameters.yaml',
      'libs/shared/schemas/pet.yaml',
      'libs/shared/schemas/tag.yaml',
    ]);
  });

  it('changes the hash when any byte of a closure file changes, and not for unrelated files', async () => {
    const ws = multiFileWorkspace();
    const first = await load(ws, 'apps/api/openapi.yaml');
    expect((await load(ws, 'apps/api/openapi.yaml')).hash).toBe(first.hash);

    ws.write('libs/shared/unrelated.yaml', 'type: integer\n');
    ws.write('apps/api/README.md', 'changed\n');
    ws.write('libs/shared/new-file.yaml', 'type: boolean\n');
    expect((await load(ws, 'apps/api/openapi.yaml')).hash).toBe(first.hash);

    // A comment is a byte change too: the hash is over bytes, not meaning.
    ws.write('libs/shared/schemas/tag.yaml', ws.read('libs/shared/schemas/tag.yaml') + '# a comment\n');
    const afterTag = await load(ws, 'apps/api/openapi.yaml');
    expect(afterTag.hash).not.toBe(first.hash);

    ws.write('libs/shared/parameters.yaml', ws.read('libs/shared/parameters.yaml').replace('integer', 'string'));
    const afterParams = await load(ws, 'apps/api/openapi.yaml');
    expect(afterParams.hash).not.toBe(afterTag.hash);

    ws.write('apps/api/openapi.yaml', ws.read('apps/api/openapi.yaml') + '\n');
    expect((await load(ws, 'apps/api/openapi.yaml')).hash).not.toBe(afterParams.hash);
  });

  it('gives the same hash and document at another absolute path (no machine-specific input)', async () => {
    const ws = multiFileWorkspace();
    const copy = workspace.copy(ws);
    const a = await load(ws, 'apps/api/openapi.yaml');
    const b = await load(copy, 'apps/api/openapi.yaml');
    expect(b.hash).toBe(a.hash);
    expect(b.files).toEqual(a.files);
    expect(JSON.stringify(b.document)).toBe(JSON.stringify(a.document));
  });

  it('loads a self-recursive schema', async () => {
    const ws = workspace({
      'api/openapi.yaml': openapi(
        '3.1.0',
        { '/tree': { get: { operationId: 'getTree', responses: okResponse({ $ref: '#/components/schemas/Node' }) } } },
        {
          schemas: {
            Node: {
              type: 'object',
              properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Node' } }, parent: { $ref: '#/components/schemas/Node' } },
            },
          },
        },
      ),
      'api/tree.yaml': { type: 'object', properties: { children: { type: 'array', items: { $ref: '#' } } } },
      'api/external.yaml': openapi('3.1.0', { '/tree': { get: { responses: okResponse({ $ref: './tree.yaml' }) } } }),
    });
    const internal = await load(ws, 'api/openapi.yaml');
    expect((internal.document.components?.schemas?.Node as any).properties.parent).toEqual({ $ref: '#/components/schemas/Node' });

    const external = await load(ws, 'api/external.yaml');
    expect(external.files).toEqual(['api/external.yaml', 'api/tree.yaml']);
    const ref = (external.document.paths?.['/tree']?.get as any).responses['200'].content['application/json'].schema.$ref;
    const tree = deref(external.document, ref) as any;
    expect(tree.properties.children.items.$ref).toBe(ref);
  });

  it('loads a reference cycle across two files', async () => {
    const ws = workspace({
      'apps/api/openapi.yaml': openapi('3.0.3', {
        '/owners': { get: { operationId: 'listOwners', responses: okResponse({ $ref: '../../libs/model/owner.yaml' }) } },
      }),
      'libs/model/owner.yaml': { type: 'object', properties: { pets: { type: 'array', items: { $ref: './pet.yaml' } } } },
      'libs/model/pet.yaml': { type: 'object', properties: { owner: { $ref: './owner.yaml' } } },
    });
    const source = await load(ws, 'apps/api/openapi.yaml');
    expect(source.files).toEqual(['apps/api/openapi.yaml', 'libs/model/owner.yaml', 'libs/model/pet.yaml']);
    const ownerRef = (source.document.paths?.['/owners']?.get as any).responses['200'].content['application/json'].schema.$ref;
    const owner = deref(source.document, ownerRef) as any;
    const pet = deref(source.document, owner.properties.pets.items.$ref) as any;
    expect(pet.properties.owner.$ref).toBe(ownerRef);
  });
});

const refSpec = (ref: string) =>
  dedent(`
    openapi: 3.1.0
    info: { title: t, version: '1' }
    paths:
      /a:
        get:
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema:
                    $ref: '${ref}'
    components:
      schemas:
        Here: { type: string }
  `);
// The `$ref` above is on line 12, column 17.
const refLocation = { file: 'api/openapi.yaml', line: 12, column: 17 };

describe('loadSpec: errors name the file, line and a fix', () => {
  it('refuses Swagger 1.x (2.0 is converted: swagger2.spec.ts) with a fix that says how to convert it', async () => {
    const ws = workspace({ 'api/swagger.yaml': { swagger: '1.2', info: { title: 't', version: '1' }, paths: {} } });
    const error = await loadError(ws, 'api/swagger.yaml');
    expect(error.code).toBe('SWAGGER_2');
    expect(error.location?.file).toBe('api/swagger.yaml');
    expect(error.fix).toMatch(/convert/i);
    expect(error.fix).toContain('swagger2openapi');
  });

  it('refuses documents that are not OpenAPI 3.0/3.1', async () => {
    const ws = workspace({ 'a.yaml': { openapi: '4.0.0', info: { title: 't', version: '1' }, paths: {} }, 'b.yaml': { info: { title: 't' } } });
    expect((await loadError(ws, 'a.yaml')).code).toBe('UNSUPPORTED_OPENAPI_VERSION');
    expect((await loadError(ws, 'b.yaml')).code).toBe('NOT_OPENAPI');
  });

  it('names an unsupported `openapi` version as such, at /openapi with its line, instead of "field missing"', async () => {
    const spec = (version: string) => `openapi: ${version}\ninfo: { title: t, version: '1' }\npaths: {}\n`;
    const ws = workspace({ 'four.yaml': spec('4.0'), 'four-string.yaml': spec("'4.0.0'"), 'three-two.yaml': spec('3.2.0'), 'short.yaml': spec('3.1') });
    const four = await loadError(ws, 'four.yaml');
    expect(four).toMatchObject({ code: 'UNSUPPORTED_OPENAPI_VERSION', location: { file: 'four.yaml', line: 1, column: 1, pointer: '/openapi' } });
    expect(four.message).toBe('Unsupported OpenAPI version 4.0 at /openapi; supported: 3.0.x, 3.1.x');
    expect(four.fix).toMatch(/3\.1\.0/);
    expect((await loadError(ws, 'four-string.yaml')).message).toBe('Unsupported OpenAPI version 4.0.0 at /openapi; supported: 3.0.x, 3.1.x');
    expect((await loadError(ws, 'three-two.yaml')).message).toBe('Unsupported OpenAPI version 3.2.0 at /openapi; supported: 3.0.x, 3.1.x');
    // `openapi: 3.1` is the number 3.1 in YAML: the fix says how to write it.
    const short = await loadError(ws, 'short.yaml');
    expect(short.code).toBe('UNSUPPORTED_OPENAPI_VERSION');
    expect(short.fix).toContain('`openapi: 3.1.0`');
  });

  it('reports a missing root file as FILE_NOT_FOUND', async () => {
    const ws = workspace();
    const error = await loadError(ws, 'api/openapi.yaml');
    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.location?.file).toBe('api/openapi.yaml');
  });

  it('reports a YAML syntax error with its line and column', async () => {
    const ws = workspace({
      'api/openapi.yaml': dedent(`
        openapi: 3.1.0
        info:
          title: t
          version: '1'
        paths:
          /a:
            get:
              summary: a: b
      `),
    });
    const error = await loadError(ws, 'api/openapi.yaml');
    expect(error.code).toBe('PARSE_ERROR');
    expect(error.location).toMatchObject({ file: 'api/openapi.yaml', line: 8, column: 16 });
  });

  it('reports duplicate keys and JSON syntax errors with their positions', async () => {
    const ws = workspace({
      'dup.yaml': dedent(`
        openapi: 3.1.0
        info: { title: t, version: '1' }
        paths: {}
        components:
          schemas:
            A: { type: object }
            A: { type: string }
      `),
      'broken.json': '{\n  "openapi": "3.1.0",\n  "info": { "title": "t", "version": "1" },\n  "paths": {,}\n}\n',
    });
    expect(await loadError(ws, 'dup.yaml')).toMatchObject({ code: 'PARSE_ERROR', location: { file: 'dup.yaml', line: 7, column: 5 } });
    expect(await loadError(ws, 'broken.json')).toMatchObject({ code: 'PARSE_ERROR', location: { file: 'broken.json', line: 4, column: 13 } });
  });

  it('reports a syntax error in a referenced file with that file and line', async () => {
    const ws = workspace({
      'apps/api/openapi.yaml': openapi('3.1.0', { '/a': { get: { responses: okResponse({ $ref: '../../libs/s.yaml' }) } } }),
      'libs/s.yaml': 'type: object\nproperties:\n  a: [\n',
    });
    const error = await loadError(ws, 'apps/api/openapi.yaml');
    expect(error.code).toBe('PARSE_ERROR');
    expect(error.location?.file).toBe('libs/s.yaml');
    expect(error.location?.line).toBeGreaterThanOrEqual(3);
  });


  it('reports a pointer missing in the target file as REF_UNRESOLVED at the referencing line', async () => {
    const ws = workspace({ 'api/openapi.yaml': refSpec('./schemas.yaml#/components/schemas/Nope'), 'api/schemas.yaml': { components: { schemas: { Yes: { type: 'string' } } } } });
    const error = await loadError(ws, 'api/openapi.yaml');
    expect(error.code).toBe('REF_UNRESOLVED');
    expect(error.location).toMatchObject(refLocation);
    expect(error.message).toContain('./schemas.yaml#/components/schemas/Nope');
  });

  it('reports a missing internal pointer as REF_UNRESOLVED', async () => {
    const ws = workspace({ 'api/openapi.yaml': refSpec('#/components/schemas/Nope') });
    const error = await loadError(ws, 'api/openapi.yaml');
    expect(error.code).toBe('REF_UNRESOLVED');
    expect(error.location).toMatchObject(refLocation);
  });

  it('reports a referenced file that does not exist as REF_UNRESOLVED naming both files', async () => {
    const ws = workspace({ 'api/openapi.yaml': refSpec('./gone.yaml') });
    const error = await loadError(ws, 'api/openapi.yaml');
    expect(error.code).toBe('REF_UNRESOLVED');
    expect(error.location).toMatchObject(refLocation);
    expect(error.message).toContain('api/gone.yaml');
  });

  it('refuses a remote $ref unless allowRemoteRefs is set', async () => {
    const ws = workspace({ 'api/openapi.yaml': refSpec('https://schemas.example.com/pet.yaml') });
    const error = await loadError(ws, 'api/openapi.yaml');
    expect(error.code).toBe('REF_REMOTE');
    expect(error.location).toMatchObject(refLocation);
    expect(error.fix).toMatch(/allowRemoteRefs/);
  });

  it('fetches a remote $ref with allowRemoteRefs, listing it apart from the tracked files', async () => {
    const requests: string[] = [];
    const server: Server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.setHeader('content-type', 'application/yaml');
      res.end('type: object\nproperties:\n  id: { type: integer }\n');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/schemas/thing.yaml`;
      const ws = workspace({ 'api/openapi.yaml': refSpec(url) });
      const source = await load(ws, 'api/openapi.yaml', { allowRemoteRefs: true });
      expect(requests).toEqual(['/schemas/thing.yaml']);
      expect(source.remoteRefs).toEqual([url]);
      expect(source.files).toEqual(['api/openapi.yaml']);
      const ref = (source.document.paths?.['/a']?.get as any).responses['200'].content['application/json'].schema.$ref;
      expect(deref(source.document, ref)).toEqual({ type: 'object', properties: { id: { type: 'integer' } } });
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  it('refuses a $ref that leaves the workspace, even when the file exists', async () => {
    const ws = workspace({ 'inner/api/openapi.yaml': refSpec('../../outside.yaml'), 'outside.yaml': { type: 'string' } });
    const error = await loadSpec('api/openapi.yaml', { workspaceRoot: ws.path('inner') }).then(
      () => undefined,
      (e: unknown) => e as SpecwrightError,
    );
    expect(error?.code).toBe('REF_OUTSIDE_WORKSPACE');
    expect(error?.location).toMatchObject(refLocation);
  });
});

describe('loadSpec: symbolic links are judged by where they point', () => {
  // A workspace in `inner/`, with a secret next to it (outside) that links try to pull in.
  function linkedWorkspace(): TempWorkspace {
    const ws = workspace({ 'secret.yaml': { type: 'string', description: 'outside the workspace' } });
    ws.write('inner/api/openapi.yaml', refSpec('./schemas/pet.yaml'));
    return ws;
  }
  const loadInner = (ws: TempWorkspace) => loadSpec('api/openapi.yaml', { workspaceRoot: ws.path('inner') });
  const innerError = (ws: TempWorkspace) =>
    loadInner(ws).then(
      () => undefined,
      (e: unknown) => e as SpecwrightError,
    );

  it('refuses a symlinked file inside the workspace that points outside, naming the file, pointer and target', async () => {
    const ws = linkedWorkspace();
    mkdirSync(ws.path('inner/api/schemas'));
    symlinkSync(ws.path('secret.yaml'), ws.path('inner/api/schemas/pet.yaml'));
    const error = await innerError(ws);
    expect(error?.code).toBe('REF_OUTSIDE_WORKSPACE');
    expect(error?.location).toMatchObject({ ...refLocation, pointer: '/paths/~1a/get/responses/200/content/application~1json/schema/$ref' });
    expect(error?.message).toContain('./schemas/pet.yaml');
    expect(error?.message).toContain(realpathSync(ws.path('secret.yaml')));
    expect(error?.message).toMatch(/symbolic link/);
  });

  it('refuses a symlinked folder inside the workspace that points outside', async () => {
    const ws = linkedWorkspace();
    ws.write('elsewhere/pet.yaml', { type: 'string' });
    symlinkSync(ws.path('elsewhere'), ws.path('inner/api/schemas'));
    const error = await innerError(ws);
    expect(error?.code).toBe('REF_OUTSIDE_WORKSPACE');
    expect(error?.location).toMatchObject(refLocation);
    expect(error?.message).toContain(realpathSync(ws.path('elsewhere/pet.yaml')));
  });

  it('refuses a root spec that is a link to a file outside the workspace', async () => {
    const ws = workspace({ 'outside/openapi.yaml': petstoreYaml() });
    mkdirSync(ws.path('inner'));
    symlinkSync(ws.path('outside/openapi.yaml'), ws.path('inner/openapi.yaml'));
    const error = await loadSpec('openapi.yaml', { workspaceRoot: ws.path('inner') }).then(
      () => undefined,
      (e: unknown) => e as SpecwrightError,
    );
    expect(error?.code).toBe('REF_OUTSIDE_WORKSPACE');
    expect(error?.message).toContain('openapi.yaml resolves to');
  });

  it('follows links that stay inside the workspace, a linked workspace root included', async () => {
    const ws = linkedWorkspace();
    ws.write('inner/shared/pet.yaml', { type: 'object', properties: { name: { type: 'string' } } });
    symlinkSync(ws.path('inner/shared'), ws.path('inner/api/schemas')); // relative target would do as well
    const source = await loadInner(ws);
    expect(source.files).toEqual(['api/openapi.yaml', 'api/schemas/pet.yaml']);
    const ref = (source.document.paths?.['/a']?.get as any).responses['200'].content['application/json'].schema.$ref;
    expect(deref(source.document, ref)).toEqual({ type: 'object', properties: { name: { type: 'string' } } });

    // The workspace root reached through a link: its files are still inside.
    symlinkSync(ws.path('inner'), ws.path('linked-root'));
    const throughLink = await loadSpec('api/openapi.yaml', { workspaceRoot: ws.path('linked-root') });
    expect(throughLink.files).toEqual(['api/openapi.yaml', 'api/schemas/pet.yaml']);
    expect(throughLink.hash).toBe(source.hash);
  });
});

describe('loadSpec: literal $ref keys in example data', () => {
  /** Every place where `$ref` is data, with targets that would fail if they were resolved. */
  const literalData = {
    example: { $ref: 'https://example.com/not-fetched.json' },
    default: { $ref: './missing-default.yaml' },
    enum: [{ $ref: '#/does/not/exist' }],
    const: { $ref: 'http://example.com/const' },
    examples: [{ $ref: 'missing-examples.yaml#/x' }],
  };
  const mediaExamples = {
    literal: { summary: 'data that looks like a reference', value: { $ref: 'http://example.com/value', nested: [{ $ref: './missing.yaml' }] } },
  };

  function expectLiteralsKept(document: object, schema: any, examples: any): void {
    expect(schema.properties.data).toEqual({ type: 'object', ...literalData });
    expect(examples.literal).toEqual(mediaExamples.literal);
    expect(JSON.stringify(document)).not.toContain('x-specwright');
  }

  it('keeps them verbatim in a single-file spec, and still follows real references next to them', async () => {
    const spec = openapi(
      '3.1.0',
      {
        '/things': {
          get: {
            operationId: 'getThing',
            responses: {
              '200': {
                description: 'ok',
                content: {
                  'application/json': {
                    schema: { $ref: '#/components/schemas/Thing' },
                    examples: { ...mediaExamples, real: { $ref: '#/components/examples/ThingExample' } },
                  },
                },
              },
            },
          },
        },
      },
      {
        schemas: {
          Thing: { type: 'object', properties: { data: { type: 'object', ...literalData }, example: { $ref: '#/components/schemas/Owner' } } },
          Owner: { type: 'string' },
        },
        examples: { ThingExample: { value: { data: {} } } },
      },
    );
    const ws = workspace({ 'api/openapi.yaml': spec });
    const { document } = await load(ws, 'api/openapi.yaml');
    const media = (document.paths?.['/things']?.get as any).responses['200'].content['application/json'];
    expectLiteralsKept(document, (document.components?.schemas as any).Thing, media.examples);
    expect(media.examples.real).toEqual({ $ref: '#/components/examples/ThingExample' });

    // A property literally named `example` is a schema, so its $ref is followed (and checked).
    ws.write('api/openapi.yaml', ws.read('api/openapi.yaml').replace('$ref: "#/components/schemas/Owner"', '$ref: "#/components/schemas/Missing"'));
    const error = await loadError(ws, 'api/openapi.yaml');
    expect(error.code).toBe('REF_UNRESOLVED');
    expect(error.location?.pointer).toBe('/components/schemas/Thing/properties/example/$ref');
    // …and so is an Example Object reference.
    ws.write('api/openapi.yaml', ws.read('api/openapi.yaml').replace('"#/components/schemas/Missing"', '"#/components/schemas/Owner"').replace('"#/components/examples/ThingExample"', '"#/components/examples/Gone"'));
    expect((await loadError(ws, 'api/openapi.yaml')).code).toBe('REF_UNRESOLVED');
  });

  it('keeps them verbatim when the spec is bundled from several files, and follows real references', async () => {
    const ws = workspace({
      'apps/api/openapi.yaml': openapi('3.1.0', {
        '/things': {
          get: {
            operationId: 'getThing',
            responses: {
              '200': {
                description: 'ok',
                content: {
                  'application/json': {
                    schema: { $ref: '../../libs/shared/thing.yaml' },
                    examples: { ...mediaExamples, real: { $ref: '../../libs/shared/examples.yaml#/ThingExample' } },
                  },
                },
              },
            },
          },
        },
      }),
      'libs/shared/thing.yaml': { type: 'object', properties: { data: { type: 'object', ...literalData }, example: { $ref: './owner.yaml' } } },
      'libs/shared/owner.yaml': { type: 'string', description: 'The owner.' },
      'libs/shared/examples.yaml': { ThingExample: { summary: 'a thing', value: { data: {} } } },
    });
    const source = await load(ws, 'apps/api/openapi.yaml');
    expect(source.files).toEqual(['apps/api/openapi.yaml', 'libs/shared/examples.yaml', 'libs/shared/owner.yaml', 'libs/shared/thing.yaml']);
    const { document } = source;
    const media = (document.paths?.['/things']?.get as any).responses['200'].content['application/json'];
    const thing = deref(document, media.schema.$ref) as any;
    expectLiteralsKept(document, thing, media.examples);
    // The property named `example` was followed into owner.yaml and bundled.
    expect(deref(document, thing.properties.example.$ref)).toEqual({ type: 'string', description: 'The owner.' });
    // The Example Object reference was followed and bundled.
    expect(deref(document, media.examples.real.$ref)).toEqual({ summary: 'a thing', value: { data: {} } });
  });
});

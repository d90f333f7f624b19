/**
 * Hostile or malformed spec files: each must fail fast with a located SpecwrightError, and the
 * ordinary forms next to them must still load.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSpec } from './load-spec';
import { lintSpec } from './lint';
import { MAX_NESTING_DEPTH } from './nesting-depth';
import { MAX_ANCHORS_AND_ALIASES } from './yaml-aliases';
import { SpecwrightError } from '../errors';
import { redocly } from '../util/lazy';
import { dedent, useTempWorkspaces, type TempWorkspace } from '../__fixtures__/workspace';

const workspace = useTempWorkspaces();

async function failure(promise: Promise<unknown>): Promise<SpecwrightError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SpecwrightError)) throw new Error(`expected a SpecwrightError, got ${error === undefined ? 'success' : String(error)}`);
  return error;
}

const load = (ws: TempWorkspace, spec: string, options: { allowRemoteRefs?: boolean } = {}) => loadSpec(spec, { workspaceRoot: ws.root, ...options });

/** A "billion laughs": nine aliases of nine aliases …, 10^9 values from about 500 bytes. */
function billionLaughs(level0 = 'a: &a {type: object, description: lol}'): string {
  const levels = 'abcdefghi';
  const lines = [level0];
  for (let i = 1; i < levels.length; i++) {
    const prev = levels[i - 1];
    lines.push(`${levels[i]}: &${levels[i]} {allOf: [${Array(9).fill(`*${prev}`).join(',')}]}`);
  }
  return lines.join('\n');
}

function billionLaughsSpec(): string {
  const schemas = billionLaughs().split('\n').map((l) => `    ${l}`).join('\n');
  return `openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n${schemas}\n`;
}

describe('YAML aliases', () => {
  it('refuses a billion-laughs spec within 2 seconds, naming the file, line and pointer', async () => {
    const ws = workspace({ 'api/openapi.yaml': billionLaughsSpec() });
    expect(Buffer.byteLength(ws.read('api/openapi.yaml'))).toBeLessThan(600);
    const started = Date.now();
    const error = await failure(load(ws, 'api/openapi.yaml'));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.code).toBe('YAML_ALIAS_LIMIT');
    expect(error.message).toMatch(/alias expansion limit reached/);
    // The last level, the list of nine aliases that multiplies everything before it.
    expect(error.location).toMatchObject({ file: 'api/openapi.yaml', line: 14, pointer: '/components/schemas/i/allOf' });
    expect(error.fix).toMatch(/\$ref/);
  });

  it('refuses an alias inside its own anchor (a cycle) instead of building a circular value', async () => {
    const ws = workspace({
      'api/openapi.yaml': dedent(`
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths: {}
        components:
          schemas:
            Loop: &loop
              type: object
              properties:
                self: *loop
      `),
    });
    const error = await failure(load(ws, 'api/openapi.yaml'));
    expect(error).toMatchObject({ code: 'YAML_ALIAS_LIMIT', location: { file: 'api/openapi.yaml', line: 9 } });
    expect(error.message).toMatch(/cycle/);
  });

  it('loads ordinary anchors, aliases and merge keys, an anchor reused in 150 operations included', async () => {
    // More uses of one anchor than the yaml library's default alias limit (100) allows.
    const paths = Array.from({ length: 150 }, (_, i) => `  /r${i}:\n    get:\n      operationId: get${i}\n      responses: *responses`).join('\n');
    const ws = workspace({
      'api/openapi.yaml': dedent(`
        openapi: 3.1.0
        info: {title: t, version: '1'}
        x-defaults:
          responses: &responses
            '200':
              description: ok
              content:
                application/json:
                  schema: { $ref: '#/components/schemas/Pet' }
            default: &error
              description: error
        components:
          schemas:
            Base: &base
              type: object
              properties: { id: { type: integer } }
            Pet:
              <<: *base
              required: [id]
      `) + `paths:\n${paths}\n`,
    });
    const { document } = await load(ws, 'api/openapi.yaml');
    expect(Object.keys(document.paths ?? {})).toHaveLength(150);
    expect((document.paths?.['/r149']?.get as any).responses.default).toEqual({ description: 'error' });
    expect(document.components?.schemas?.Pet).toEqual({ type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] });
  });

  it(`refuses more than ${MAX_ANCHORS_AND_ALIASES} anchors and aliases, whose resolution grows with their square`, async () => {
    const n = 20_000; // 700 KB; converting it took 46 s
    const anchors = Array.from({ length: n }, (_, i) => `  a${i}: &a${i} v`).join('\n');
    const aliases = Array.from({ length: n }, (_, i) => `  b${i}: *a${i}`).join('\n');
    const ws = workspace({ 'api/openapi.yaml': `openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-a:\n${anchors}\nx-b:\n${aliases}\n` });
    const started = Date.now();
    const error = await failure(load(ws, 'api/openapi.yaml'));
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(error).toMatchObject({ code: 'YAML_ALIAS_LIMIT', location: { file: 'api/openapi.yaml', line: 5 + MAX_ANCHORS_AND_ALIASES } });
  });

  it('bounds documents fetched by the bundler too (allowRemoteRefs)', async () => {
    const server: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/yaml');
      res.end(`${billionLaughs()}\n`);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bomb.yaml`;
      const ws = workspace({
        'api/openapi.yaml': dedent(`
          openapi: 3.1.0
          info: {title: t, version: '1'}
          paths:
            /a:
              get:
                responses:
                  '200':
                    description: ok
                    content: { application/json: { schema: { $ref: '${url}#/i' } } }
        `),
      });
      redocly(); // loaded once per process; not part of the time measured
      const started = Date.now();
      const error = await failure(load(ws, 'api/openapi.yaml', { allowRemoteRefs: true }));
      expect(Date.now() - started).toBeLessThan(2000);
      expect(error).toMatchObject({ code: 'YAML_ALIAS_LIMIT', location: { file: url, pointer: '/i/allOf' } });
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});

describe('YAML maps', () => {
  it('parses a map with 40,000 keys in linear time, and still refuses a duplicate key', async () => {
    // The yaml library's duplicate-key check compares each key with all earlier ones: 40,000 keys took a minute.
    const keys = Array.from({ length: 40_000 }, (_, i) => `  k${i}: v`).join('\n');
    const ws = workspace({
      'wide.yaml': `openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-wide:\n${keys}\n`,
      'dup.yaml': `openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-wide:\n${keys}\n  k7: again\n`,
    });
    const started = Date.now();
    const { document } = await load(ws, 'wide.yaml');
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(Object.keys(document['x-wide'] as object)).toHaveLength(40_000);
    const error = await failure(load(ws, 'dup.yaml'));
    expect(error).toMatchObject({ code: 'PARSE_ERROR', location: { file: 'dup.yaml', line: 40_005, column: 3 } });
    expect(error.message).toMatch(/Map keys must be unique/);
  });
});

describe('JSON files', () => {
  const trailingComma = '{\n  "openapi": "3.1.0",\n  "info": { "title": "t", "version": "1" },\n  "paths": {},\n}\n';

  it('reports a trailing comma in a .json file as a JSON error at its line and column, not YAML', async () => {
    const ws = workspace({ 'api/openapi.json': trailingComma });
    const error = await failure(load(ws, 'api/openapi.json'));
    expect(error).toMatchObject({ code: 'PARSE_ERROR', location: { file: 'api/openapi.json', line: 5, column: 1 } });
    expect(error.message).toMatch(/JSON syntax error: trailing comma/);
    expect(error.fix).toMatch(/Remove the comma/);
  });

  it('reports other JSON errors with JSON.parse\'s reason and a position', async () => {
    const ws = workspace({ 'a.json': '{\n  "openapi": "3.1.0",\n  "info": tru\n}\n', 'b.json': '{ "openapi": "3.1.0"' });
    const a = await failure(load(ws, 'a.json'));
    expect(a).toMatchObject({ code: 'PARSE_ERROR', location: { file: 'a.json', line: 3, column: 11 } });
    expect(a.message).toMatch(/^JSON syntax error: /);
    expect(await failure(load(ws, 'b.json'))).toMatchObject({ code: 'PARSE_ERROR', location: { file: 'b.json', line: 1, column: 21 } });
  });

  it('still reads a .yaml file that starts with `{` as YAML (flow style allows the comma)', async () => {
    const ws = workspace({ 'api/openapi.yaml': trailingComma });
    const source = await load(ws, 'api/openapi.yaml');
    expect(source.document).toEqual({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} });
  });
});

describe('nesting depth', () => {
  /** A schema nested `levels` objects deep under /components/schemas/Deep. */
  function deepSpec(levels: number): object {
    let schema: object = { type: 'string' };
    for (let i = 0; i < levels; i++) schema = { type: 'array', items: schema };
    return { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {}, components: { schemas: { Deep: schema } } };
  }

  it('refuses 1,000-level nesting with a clear error naming file and pointer, in JSON and YAML, on load and lint', async () => {
    // YAML in block style, written by hand: the yaml library's stringifier recurses per level.
    const lines = ['openapi: 3.1.0', 'info: {title: t, version: "1"}', 'paths: {}', 'components:', '  schemas:', '    Deep:'];
    for (let i = 0; i < 1000; i++) lines.push(`${'  '.repeat(i + 3)}type: array`, `${'  '.repeat(i + 3)}items:`);
    lines.push(`${'  '.repeat(1003)}type: string`);
    const ws = workspace({ 'deep.json': JSON.stringify(deepSpec(1000)), 'deep.yaml': lines.join('\n') + '\n' });
    for (const file of ['deep.json', 'deep.yaml']) {
      for (const error of [await failure(load(ws, file)), await failure(lintSpec(file, { workspaceRoot: ws.root }))]) {
        expect(error.code).toBe('NESTING_TOO_DEEP');
        expect(error.location?.file).toBe(file);
        expect(error.message).not.toMatch(/call stack/);
      }
    }
    const pointer = '/components/schemas/Deep' + '/items'.repeat(MAX_NESTING_DEPTH - 3);
    const json = await failure(load(ws, 'deep.json'));
    expect(json.location).toMatchObject({ pointer, line: 1 });
    // YAML: refused from its syntax tokens, before the recursive composer runs.
    const yaml = await failure(load(ws, 'deep.yaml'));
    expect(yaml.location).toMatchObject({ pointer, line: 7 + 2 * (MAX_NESTING_DEPTH - 3) }); // its first key
  });

  it('loads and lints a spec nested just under the limit', async () => {
    // 3 levels (document, components, schemas) above the schema; each array level adds 1.
    const ws = workspace({ 'api/openapi.json': JSON.stringify(deepSpec(MAX_NESTING_DEPTH - 4)) });
    await expect(load(ws, 'api/openapi.json')).resolves.toMatchObject({ version: '3.1' });
    await expect(lintSpec('api/openapi.json', { workspaceRoot: ws.root })).resolves.toMatchObject({ errors: 0 });
  });
});

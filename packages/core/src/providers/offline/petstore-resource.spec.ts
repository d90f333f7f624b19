/**
 * The offline provider made worth using, end to end: the example petstore spec generated into a
 * temp project, its app loaded in-process, and a pet created, listed, read, changed and deleted
 * through it, with every response checked against the spec.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateToDisk } from '../../generate';
import { refTokens } from '../../contract/index-operations';
import { getAt } from '../../spec/ref-closure';
import { documentValidator, explain } from '../../__fixtures__/validators';
import { openapi, REPO_ROOT, useTempWorkspaces, type TempWorkspace } from '../../__fixtures__/workspace';
import { projectWorkspace } from '../../emit/__fixtures__/generated-project';
import type { GenerateResult } from '../../generate';

jest.setTimeout(120_000);

const workspace = useTempWorkspaces();
const EXAMPLE_SPEC = join(REPO_ROOT, 'examples', 'petstore-api', 'openapi.yaml');
const OUT = 'api/src/generated';

interface FetchApp {
  request(path: string, init?: RequestInit): Promise<Response>;
}
type Obj = Record<string, any>;

async function generateExample(ws: TempWorkspace): Promise<GenerateResult> {
  ws.write('api/openapi.yaml', readFileSync(EXAMPLE_SPEC, 'utf8'));
  return generateToDisk({ spec: 'api/openapi.yaml', workspaceRoot: ws.root, outDir: OUT });
}

/** Loads the generated app in this process (Jest transpiles the TypeScript; `.js` specifiers map to `.ts`). */
function loadCreateApp(ws: TempWorkspace): (options?: { services?: unknown }) => FetchApp {
  return (require(ws.path(`${OUT}/app.ts`)) as { createApp: (options?: { services?: unknown }) => FetchApp }).createApp;
}

/** Checks a response against the operation's declared response (status, media type, schema) and returns its body. */
function responseChecker(result: GenerateResult) {
  const { document, version } = result.source;
  const deref = (node: any): any => (node && typeof node.$ref === 'string' ? deref(getAt(document, refTokens(node.$ref))) : node);
  const compile = documentValidator(document, version, 'response');
  return async (operationId: string, response: Response): Promise<unknown> => {
    const operation = result.operations.find((o) => o.id === operationId)!;
    const declared = operation.definition.responses as Obj;
    const key = [String(response.status), `${String(response.status)[0]}XX`, 'default'].find((k) => k in declared);
    expect({ operationId, status: response.status, declared: key !== undefined }).toEqual({ operationId, status: response.status, declared: true });
    const content = (deref(declared[key as string]).content ?? {}) as Obj;
    const text = await response.text();
    if (Object.keys(content).length === 0) {
      expect(text).toBe('');
      return undefined;
    }
    const contentType = response.headers.get('content-type') ?? '';
    const mediaType = Object.keys(content).find((m) => contentType.startsWith(m));
    expect({ operationId, contentType, declared: mediaType !== undefined }).toEqual({ operationId, contentType, declared: true });
    const body = JSON.parse(text) as unknown;
    const validate = compile(deref(content[mediaType as string]).schema);
    if (!validate(body)) throw new Error(`${operationId} ${response.status}: ${explain(validate, body)}`);
    return body;
  };
}

const json = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const API_KEY = { 'x-api-key': 'test-key' };

describe('offline provider: the example petstore keeps its pets', () => {
  it('creates a pet, lists it, reads it, changes it, deletes it, and then answers 404', async () => {
    const ws = projectWorkspace(workspace);
    const result = await generateExample(ws);
    const check = responseChecker(result);
    const app = loadCreateApp(ws)();

    const created = (await check('createPet', await app.request('/pets', json('POST', { name: 'Rex', tag: 'dog' })))) as Obj;
    // The stored record: the request body, the id the store made, and the required status from the example.
    expect(created).toEqual({ id: 1, name: 'Rex', tag: 'dog', status: 'available' });
    const second = (await check('createPet', await app.request('/pets', json('POST', { name: 'Tom', tag: null, status: 'sold' })))) as Obj;
    expect(second).toEqual({ id: 2, name: 'Tom', tag: null, status: 'sold' });

    expect(await check('listPets', await app.request('/pets'))).toEqual([created, second]);
    expect(await check('getPet', await app.request('/pets/1'))).toEqual(created);

    const changed = await check('updatePet', await app.request('/pets/1', json('PATCH', { status: 'pending' })));
    expect(changed).toEqual({ ...created, status: 'pending' });
    expect(await check('getPet', await app.request('/pets/1'))).toEqual(changed);

    const deleted = await app.request('/pets/1', { method: 'DELETE', headers: API_KEY });
    expect(deleted.status).toBe(204);
    await check('deletePet', deleted);
    const gone = await app.request('/pets/1');
    expect(gone.status).toBe(404);
    expect(await check('getPet', gone)).toMatchObject({ status: 404, title: 'Not Found' });
    expect((await app.request('/pets/1', { method: 'DELETE', headers: API_KEY })).status).toBe(404);
    expect((await app.request('/pets/1', json('PATCH', { name: 'Ghost' }))).status).toBe(404);
    expect(await check('listPets', await app.request('/pets'))).toEqual([second]);

    // Each app has a store of its own.
    expect((await app.request('/pets/2')).status).toBe(200);
    expect((await loadCreateApp(ws)().request('/pets/2')).status).toBe(404);
  });

  it('stays stateless, sending the example responses, when the app is given services without a memory store', async () => {
    const ws = projectWorkspace(workspace);
    const result = await generateExample(ws);
    const check = responseChecker(result);
    const app = loadCreateApp(ws)({ services: { db: 'not a store' } });

    const created = (await check('createPet', await app.request('/pets', json('POST', { name: 'Rex' })))) as Obj;
    expect(created).toEqual({ id: 3, name: 'Kitty', tag: 'cat', status: 'available' });
    expect(await check('getPet', await app.request('/pets/42'))).toEqual({ id: 1, name: 'Rex', tag: 'dog', status: 'available' });
    expect((await app.request('/pets/42', { method: 'DELETE', headers: API_KEY })).status).toBe(204);
  });
});

describe('offline provider: a record the response schema would reject', () => {
  it('is neither stored nor sent: the example response goes out instead', async () => {
    const ws = projectWorkspace(workspace);
    const note = { type: 'object', required: ['id', 'text'], additionalProperties: false, properties: { id: { type: 'integer' }, text: { type: 'string' } } };
    const ok = (status: string) => ({ [status]: { description: 'ok', content: { 'application/json': { schema: note, example: { id: 7, text: 'example' } } } } });
    ws.write(
      'api/openapi.yaml',
      openapi('3.1.0', {
        '/notes': {
          post: {
            operationId: 'createNote',
            // The request may carry `tags`, which the response does not allow.
            requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['text'], properties: { text: { type: 'string' }, tags: { type: 'array' } } } } } },
            responses: ok('201'),
          },
        },
        '/notes/{noteId}': {
          parameters: [{ name: 'noteId', in: 'path', required: true, schema: { type: 'integer' } }],
          get: { operationId: 'getNote', responses: { ...ok('200'), '404': { description: 'missing' } } },
        },
      }),
    );
    await generateToDisk({ spec: 'api/openapi.yaml', workspaceRoot: ws.root, outDir: OUT });
    const app = loadCreateApp(ws)();

    const refused = await app.request('/notes', json('POST', { text: 'hi', tags: ['a'] }));
    expect(refused.status).toBe(201);
    expect(await refused.json()).toEqual({ id: 7, text: 'example' });
    expect((await app.request('/notes/1')).status).toBe(404);

    const stored = await app.request('/notes', json('POST', { text: 'hi' }));
    expect(await stored.json()).toEqual({ text: 'hi', id: 1 });
    expect(await (await app.request('/notes/1')).json()).toEqual({ text: 'hi', id: 1 });
  });
});

import { loadSpec } from './load-spec';
import { SpecwrightError } from '../errors';
import { openapi, useTempWorkspaces } from '../__fixtures__/workspace';

const workspace = useTempWorkspaces();

async function loadError(file: string, text: string): Promise<SpecwrightError> {
  const ws = workspace({ [file]: text });
  try {
    await loadSpec(file, { workspaceRoot: ws.root });
  } catch (error) {
    if (error instanceof SpecwrightError) return error;
    throw error;
  }
  throw new Error('expected the spec to be refused');
}

const spec = (properties: object): string =>
  JSON.stringify(openapi('3.0.3', { '/a': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties } } } } } } } }));

describe('unpaired UTF-16 surrogates (text no UTF-8 file can hold)', () => {
  it('are refused in a property name, naming the pointer (ajv could not compile it: every request would 500)', async () => {
    const error = await loadError('api/openapi.json', spec({ 'a\uD800': { type: 'string' } }));
    expect(error.code).toBe('INVALID_TEXT');
    expect(error.message).toMatch(/key holds an unpaired UTF-16 surrogate/);
    expect(error.location).toEqual({ file: 'api/openapi.json', pointer: '/paths/~1a/get/responses/200/content/application~1json/schema/properties/a\uD800' });
    expect(error.fix).toMatch(/complete surrogate pair/);
  });

  it('are refused in a YAML string value', async () => {
    const error = await loadError('api/openapi.yaml', 'openapi: 3.0.3\ninfo: { title: "t\\uDC00", version: "1" }\npaths: {}\n');
    expect({ code: error.code, pointer: error.location?.pointer }).toEqual({ code: 'INVALID_TEXT', pointer: '/info/title' });
  });

  it('leave complete pairs, written as escapes or as characters, alone', async () => {
    const ws = workspace({ 'api/openapi.json': spec({ 'smile\uD83D\uDE00': { type: 'string' } }).replace('smile😀', 'smile\\ud83d\\ude00') });
    const source = await loadSpec('api/openapi.json', { workspaceRoot: ws.root });
    expect(JSON.stringify(source.document)).toContain('smile😀');
  });
});

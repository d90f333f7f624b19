import { loadSpec } from './load-spec';
import { generateToDisk } from '../generate';
import { SpecwrightError } from '../errors';
import { dedent, openapi, useTempWorkspaces, type TempWorkspace } from '../__fixtures__/workspace';
import { projectWorkspace, typecheckProject } from '../emit/__fixtures__/generated-project';

const workspace = useTempWorkspaces();
jest.setTimeout(120_000);

async function loadError(ws: TempWorkspace, spec: string): Promise<SpecwrightError> {
  const error = await loadSpec(spec, { workspaceRoot: ws.root }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SpecwrightError)) throw new Error(`expected a SpecwrightError, got ${error === undefined ? 'success' : String(error)}`);
  return error;
}

/** A spec whose one operation returns schema A, with the given schemas (YAML text, indented 4). */
function specWith(schemas: string): string {
  return (
    dedent(`
      openapi: 3.1.0
      info: { title: t, version: '1' }
      paths:
        /a:
          get:
            operationId: getA
            responses:
              '200':
                description: ok
                content: { application/json: { schema: { $ref: '#/components/schemas/A' } } }
      components:
        schemas:
    `) + dedent(schemas).replace(/^(?=.)/gm, '    ')
  );
}

describe('pure $ref cycles', () => {
  it('refuses A → B → A, naming both pointers and the file, at the first $ref', async () => {
    const ws = workspace({
      'api/openapi.yaml': specWith(`
        A:
          $ref: '#/components/schemas/B'
        B:
          $ref: '#/components/schemas/A'
      `),
    });
    const error = await loadError(ws, 'api/openapi.yaml');
    expect(error.code).toBe('REF_CYCLE');
    expect(error.message).toContain('api/openapi.yaml#/components/schemas/A → api/openapi.yaml#/components/schemas/B → api/openapi.yaml#/components/schemas/A');
    expect(error.location).toMatchObject({ file: 'api/openapi.yaml', line: 14, pointer: '/components/schemas/A/$ref' });
    expect(error.fix).toMatch(/property or array items/);
  });

  it('refuses a schema that is a $ref to itself, and a cycle through allOf or oneOf members', async () => {
    const ws = workspace({
      'self.yaml': specWith(`
        A: { $ref: '#/components/schemas/A', description: only itself }
      `),
      'allof.yaml': specWith(`
        A: { allOf: [{ $ref: '#/components/schemas/B' }] }
        B: { allOf: [{ $ref: '#/components/schemas/A' }, { type: object }] }
      `),
      'oneof.yaml': specWith(`
        A: { oneOf: [{ $ref: '#/components/schemas/B' }, { type: string }] }
        B: { anyOf: [{ $ref: '#/components/schemas/A' }, { type: 'null' }] }
      `),
    });
    const self = await loadError(ws, 'self.yaml');
    expect(self).toMatchObject({ code: 'REF_CYCLE', location: { file: 'self.yaml', pointer: '/components/schemas/A/$ref' } });
    expect(self.message).toContain('self.yaml#/components/schemas/A → self.yaml#/components/schemas/A');
    const allOf = await loadError(ws, 'allof.yaml');
    expect(allOf.code).toBe('REF_CYCLE');
    expect(allOf.message).toContain('allof.yaml#/components/schemas/A/allOf/0 → allof.yaml#/components/schemas/B');
    expect((await loadError(ws, 'oneof.yaml')).code).toBe('REF_CYCLE');
  });

  it('refuses a cycle across files, naming each file', async () => {
    const ws = workspace({
      'apps/api/openapi.yaml': openapi('3.1.0', {
        '/a': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '../../libs/a.yaml' } } } } } } },
      }),
      'libs/a.yaml': { $ref: './b.yaml' },
      'libs/b.yaml': { $ref: './a.yaml#' },
    });
    const error = await loadError(ws, 'apps/api/openapi.yaml');
    expect(error.code).toBe('REF_CYCLE');
    expect(error.message).toContain('libs/a.yaml# → libs/b.yaml# → libs/a.yaml#');
    expect(error.location?.file).toMatch(/^libs\/[ab]\.yaml$/);
  });

  it('still generates recursive schemas whose recursion goes through properties or items, and they typecheck', async () => {
    const ws = projectWorkspace(workspace);
    ws.write(
      'apps/tree/openapi.yaml',
      specWith(`
        A:
          type: object
          properties:
            children: { type: array, items: { $ref: '#/components/schemas/A' } }
            parent: { $ref: '#/components/schemas/B' }
        B:
          allOf:
            - $ref: '#/components/schemas/A'
            - type: object
              properties: { next: { $ref: '#/components/schemas/B' } }
      `),
    );
    await generateToDisk({ spec: 'apps/tree/openapi.yaml', workspaceRoot: ws.root, outDir: 'apps/tree/src/generated' });
    expect(typecheckProject(ws)).toEqual([]);
  });
});

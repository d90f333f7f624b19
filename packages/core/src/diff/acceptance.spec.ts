import { dedent, useTempWorkspaces } from '../__fixtures__/workspace';
import { formatError, SpecwrightError } from '../errors';
import { loadAcceptFile } from './accept-file';
import { diffSpecFiles } from './diff-spec-files';
import { failingFindings } from './diff-result';

const BASE = dedent(`
  openapi: 3.1.0
  info: { title: t, version: '1' }
  paths:
    /pets/{id}:
      get:
        operationId: getPet
        parameters:
          - { name: id, in: path, required: true, schema: { type: string } }
        responses:
          '200':
            description: ok
            content:
              application/json:
                schema:
                  type: object
                  required: [id, nickname]
                  properties:
                    id: { type: string }
                    nickname: { type: string }
    /toys:
      get:
        operationId: listToys
        responses:
          '200': { description: ok }
`);

/** The base without `nickname` and without /toys: two breaking changes. */
const HEAD = BASE.replace('required: [id, nickname]', 'required: [id]').replace(/\n +nickname: \{ type: string \}/, '').replace(/ {2}\/toys:[\s\S]*$/, '');

describe('accepting breaking changes', () => {
  const workspace = useTempWorkspaces();

  it('an accept file entry turns a finding accepted (reported, not failing); entries matching nothing are listed', async () => {
    const ws = workspace({
      'api/old.yaml': BASE,
      'api/openapi.yaml': HEAD,
      'api/specwright.breaking.yaml': dedent(`
        accept:
          - operation: GET /pets/{petId}
            rule: response-property-removed
            reason: nickname was never filled in (API-12)
          - operation: listToys
            rule: path-removed
            reason: toys moved to another API
          - operation: DELETE /pets/{id}
            rule: operation-removed
            reason: stale entry
      `),
    });
    const result = await diffSpecFiles(ws.path('api/old.yaml'), ws.path('api/openapi.yaml'), { workspaceRoot: ws.root });
    expect(result.acceptFile).toBe('api/specwright.breaking.yaml');
    expect(result.findings.map((f) => [f.rule, f.accepted, f.acceptedReason, f.acceptedBy])).toEqual([
      ['response-property-removed', true, 'nickname was never filled in (API-12)', 'api/specwright.breaking.yaml:2'],
      ['path-removed', true, 'toys moved to another API', 'api/specwright.breaking.yaml:5'],
    ]);
    expect(failingFindings(result)).toEqual([]);
    expect(result.summary.accepted).toBe(2);
    expect(result.unusedAcceptances).toEqual([{ operation: 'DELETE /pets/{id}', rule: 'operation-removed', reason: 'stale entry', source: 'api/specwright.breaking.yaml:8' }]);
  });

  it('x-specwright-accept-breaking on the head operation accepts that operation\'s findings of the rules it lists', async () => {
    const head = HEAD.replace('operationId: getPet', 'operationId: getPet\n      x-specwright-accept-breaking:\n        - { rule: response-property-removed, reason: unused field }');
    const ws = workspace({ 'old.yaml': BASE, 'openapi.yaml': head });
    const result = await diffSpecFiles(ws.path('old.yaml'), ws.path('openapi.yaml'), { workspaceRoot: ws.root });
    const removed = result.findings.find((f) => f.rule === 'response-property-removed');
    expect(removed).toMatchObject({ accepted: true, acceptedReason: 'unused field', acceptedBy: 'openapi.yaml:8' });
    // The removed path has no head operation to carry the extension: it still fails.
    expect(failingFindings(result).map((f) => f.rule)).toEqual(['path-removed']);
  });

  it('an accept file is read only when asked for or beside the head spec; false reads none', async () => {
    const ws = workspace({ 'old.yaml': BASE, 'openapi.yaml': HEAD, 'elsewhere/accept.yaml': 'accept:\n  - { operation: listToys, rule: path-removed, reason: moved }\n' });
    const none = await diffSpecFiles(ws.path('old.yaml'), ws.path('openapi.yaml'), { workspaceRoot: ws.root });
    expect(none.acceptFile).toBeUndefined();
    const given = await diffSpecFiles(ws.path('old.yaml'), ws.path('openapi.yaml'), { workspaceRoot: ws.root, acceptFile: 'elsewhere/accept.yaml' });
    expect(given.findings.find((f) => f.rule === 'path-removed')?.accepted).toBe(true);
    ws.write('specwright.breaking.yaml', 'accept:\n  - { operation: listToys, rule: path-removed, reason: moved }\n');
    const off = await diffSpecFiles(ws.path('old.yaml'), ws.path('openapi.yaml'), { workspaceRoot: ws.root, acceptFile: false });
    expect(off.summary.accepted).toBe(0);
  });

  it.each([
    ['a misspelt rule id', '  - { operation: listToys, rule: path-remove, reason: x }', 'entry 1 of specwright.breaking.yaml needs `rule`: one of the rule ids (got "path-remove"; did you mean "path-removed"?)', 2],
    ['a missing reason', '  - operation: listToys\n    rule: path-removed', 'entry 1 of specwright.breaking.yaml needs `reason`: why the breaking change is accepted', 2],
    ['an unknown key', '  - { operation: listToys, rule: path-removed, reason: x, until: 2026 }', 'entry 1 of specwright.breaking.yaml has an unknown key `until`', 2],
    ['a missing operation', '  - { rule: path-removed, reason: x }', 'entry 1 of specwright.breaking.yaml needs `operation`', 2],
    ['an entry that is not a map', '  - path-removed', 'entry 1 of specwright.breaking.yaml must be a map', 2],
  ])('refuses %s with ACCEPT_INVALID naming the file, line and entry', (_, entry, message, line) => {
    const ws = workspace({ 'specwright.breaking.yaml': `accept:\n${entry}\n` });
    let error: unknown;
    try {
      loadAcceptFile(ws.path('specwright.breaking.yaml'), ws.root);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SpecwrightError);
    const e = error as SpecwrightError;
    expect(e.code).toBe('ACCEPT_INVALID');
    expect(e.message).toContain(message);
    expect(e.location).toMatchObject({ file: 'specwright.breaking.yaml', line });
    expect(formatError(e)).toContain('fix: Each entry is { operation: "GET /pets/{petId}", rule: <rule id>, reason: <why> }');
  });

  it('refuses an accept file that is not a map of `accept`, and accepts an empty one', () => {
    const ws = workspace({ 'a.yaml': '- { operation: x, rule: path-removed, reason: y }\n', 'b.yaml': 'accepted: []\n', 'c.yaml': '# nothing yet\n' });
    expect(() => loadAcceptFile(ws.path('a.yaml'), ws.root)).toThrow('The accept file must be a map with an `accept` list');
    expect(() => loadAcceptFile(ws.path('b.yaml'), ws.root)).toThrow('Unknown key `accepted` in the accept file');
    expect(loadAcceptFile(ws.path('c.yaml'), ws.root)).toEqual([]);
  });

  it('refuses an invalid x-specwright-accept-breaking in the head spec, naming the operation and line', async () => {
    const head = HEAD.replace('operationId: getPet', 'operationId: getPet\n      x-specwright-accept-breaking:\n        - { rule: response-property-gone, reason: x }');
    const ws = workspace({ 'old.yaml': BASE, 'openapi.yaml': head });
    await expect(diffSpecFiles(ws.path('old.yaml'), ws.path('openapi.yaml'), { workspaceRoot: ws.root })).rejects.toMatchObject({
      code: 'ACCEPT_INVALID',
      message: expect.stringContaining('x-specwright-accept-breaking entry 1 of GET /pets/{id} needs `rule`'),
      location: { file: 'openapi.yaml', line: 8 },
    });
  });
});

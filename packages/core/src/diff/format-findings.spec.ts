import { diffSpecs } from './diff-specs';
import { formatFindings, DIFF_FORMATS } from './format-findings';
import { doc, OBJECT, operation, response, type Json } from './__fixtures__/specs';

const STRING = { type: 'string' };
const BASE_TEXT = 'openapi: 3.1.0\n';

/** Two operations: GET /pets loses a required property and gains an enum value; POST /toys is new. */
function result(order: 'as-is' | 'reversed' = 'as-is') {
  const pets = (schema: Json): Json => operation({ operationId: 'listPets', ...response(schema) }, 'get', '/pets');
  const base = doc({ ...pets(OBJECT({ id: STRING, status: { type: 'string', enum: ['a'] } }, ['id'])) });
  const headPaths = { ...pets(OBJECT({ status: { type: 'string', enum: ['a', 'b|c'] } })), ...operation({ operationId: 'addToy' }, 'post', '/toys') };
  const head = doc(order === 'as-is' ? headPaths : Object.fromEntries(Object.entries(headPaths).reverse()));
  return diffSpecs({
    base: { document: base, file: 'old.yaml', text: BASE_TEXT },
    head: { document: head, file: 'api/openapi.yaml' },
    accept: [{ operation: 'GET /pets', rule: 'response-enum-value-added', reason: 'clients ignore unknown statuses', source: 'specwright.breaking.yaml:3' }],
  });
}

describe('formatFindings', () => {
  it('text: breaking findings per operation, then the changelog, then the counts', () => {
    expect(formatFindings(result(), 'text')).toBe(
      [
        'specwright diff old.yaml → api/openapi.yaml',
        '',
        'Breaking changes:',
        '',
        'GET /pets (listPets)',
        '  error   response-property-removed  api/openapi.yaml#/paths/~1pets/get/responses/200/content/application~1json/schema  response 200 application/json `id` was removed',
        '  warning response-enum-value-added  api/openapi.yaml#/paths/~1pets/get/responses/200/content/application~1json/schema/properties/status  response 200 application/json `status` may now be "b|c" [accepted: clients ignore unknown statuses]',
        '',
        'Changelog (non-breaking):',
        '',
        'POST /toys (addToy)',
        '  info    operation-added  api/openapi.yaml#/paths/~1toys/post  new operation',
        '',
        '1 error, 1 warning (1 accepted), 1 info',
        '',
      ].join('\n'),
    );
  });

  it('json: the documented shape, version 1', () => {
    const json = JSON.parse(formatFindings(result(), 'json'));
    expect(Object.keys(json)).toEqual(['base', 'findings', 'head', 'summary', 'unusedAcceptances', 'version']);
    expect(json.version).toBe(1);
    expect(json.summary).toEqual({ accepted: 1, error: 1, info: 1, operations: { base: 1, head: 2, unchanged: 0 }, warning: 1 });
    expect(json.findings[1]).toEqual({
      accepted: true,
      acceptedBy: 'specwright.breaking.yaml:3',
      acceptedReason: 'clients ignore unknown statuses',
      location: { file: 'api/openapi.yaml', pointer: '/paths/~1pets/get/responses/200/content/application~1json/schema/properties/status' },
      message: 'response 200 application/json `status` may now be "b|c"',
      operation: 'GET /pets',
      operationId: 'listPets',
      rule: 'response-enum-value-added',
      severity: 'warning',
    });
  });

  it('markdown: tables with pipes escaped', () => {
    const md = formatFindings(result(), 'markdown');
    expect(md).toContain('## API changes: `old.yaml` → `api/openapi.yaml`');
    expect(md).toContain('| `GET /pets` | warning (accepted: clients ignore unknown statuses) | `response-enum-value-added` | response 200 application/json `status` may now be "b\\|c" |');
    expect(md).toContain('### Changelog\n\n| Operation | Rule | Change | Location |\n| --- | --- | --- | --- |\n| `POST /toys` | `operation-added` | new operation |');
  });

  it('junit: a test case per operation, failing on findings at or above --fail-on that are not accepted', () => {
    const xml = formatFindings(result(), 'junit');
    expect(xml).toContain('<testsuites name="specwright diff" tests="2" failures="1" errors="0">');
    expect(xml).toContain('<testcase classname="specwright.diff" name="GET /pets">\n      <failure type="response-property-removed" message="response 200 application/json `id` was removed">');
    expect(xml).toContain('may now be &quot;b|c&quot; [accepted: clients ignore unknown statuses]</system-out>');
    // The accepted warning does not fail even with --fail-on warning.
    expect(formatFindings(result(), 'junit', { failOn: 'warning' })).toContain('failures="1"');
    const none = diffSpecs({ base: { document: doc({}), file: 'a' }, head: { document: doc({}), file: 'b' } });
    expect(formatFindings(none, 'junit')).toContain('<testcase classname="specwright.diff" name="no changes"/>');
  });

  it.each(DIFF_FORMATS)('%s: the same bytes every run and whatever the order of the spec', (format) => {
    const first = formatFindings(result(), format);
    expect(formatFindings(result(), format)).toBe(first);
    expect(formatFindings(result('reversed'), format)).toBe(first);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../__fixtures__/workspace';
import type { OpenApiDocument } from '../spec/openapi-version';
import { diff, doc, OBJECT, operation, parameters, requestBody, response, rulesOf, type Json } from './__fixtures__/specs';
import { DIFF_RULE_IDS, DIFF_RULES, type DiffRuleId } from './rules';

/**
 * One minimal pair of specs per rule: the pair differs in exactly the thing the rule is about,
 * and the diff finds exactly that rule (nothing else), with the rule's severity and a message
 * naming the part.
 */
interface Case {
  readonly rule: DiffRuleId;
  readonly base: OpenApiDocument;
  readonly head: OpenApiDocument;
  /** A fragment the message must contain. */
  readonly message: string;
}

const STRING = { type: 'string' };
const req = (schema: unknown, required = true): OpenApiDocument => doc(operation(requestBody(schema, required)));
const res = (schema: unknown, status = '200'): OpenApiDocument => doc(operation(response(schema, status)));
const param = (...list: Json[]): OpenApiDocument => doc(operation(parameters(...list)));
const q = (name: string, more: Json = {}): Json => ({ name, in: 'query', schema: STRING, ...more });
const reqProp = (schema: Json, required: string[] = []): OpenApiDocument => req(OBJECT({ a: schema }, required));
const resProp = (schema: Json, required: string[] = ['a']): OpenApiDocument => res(OBJECT({ a: schema }, required));

const CASES: Case[] = [
  // Operations and paths
  { rule: 'path-removed', base: doc({ ...operation(), ...operation({ operationId: 'gone' }, 'get', '/gone') }), head: doc(operation()), message: 'the path /gone was removed' },
  { rule: 'operation-removed', base: doc({ '/items': { get: { operationId: 'a', responses: { '200': { description: 'ok' } } }, post: { operationId: 'b', responses: { '200': { description: 'ok' } } } } }), head: doc({ '/items': { get: { operationId: 'a', responses: { '200': { description: 'ok' } } } } }), message: 'the operation was removed' },
  { rule: 'operation-added', base: doc({}), head: doc(operation()), message: 'new operation' },
  { rule: 'operation-deprecated', base: doc(operation()), head: doc(operation({ deprecated: true })), message: 'deprecated' },
  { rule: 'operation-id-changed', base: doc(operation()), head: doc(operation({ operationId: 'createItem' })), message: 'operationId changed from op to createItem' },
  { rule: 'security-requirement-added', base: doc(operation()), head: doc(operation({ security: [{ key: [] }] })), message: 'security now requires key (was none)' },
  { rule: 'security-requirement-removed', base: doc(operation({ security: [{ oauth: ['read', 'write'] }] })), head: doc(operation({ security: [{ oauth: ['read'] }] })), message: 'oauth(read, write) → oauth(read)' },

  // Parameters
  { rule: 'request-parameter-required-added', base: param(), head: param(q('limit', { required: true })), message: 'new required query parameter `limit`' },
  { rule: 'request-parameter-added', base: param(), head: param(q('limit')), message: 'new optional query parameter `limit`' },
  { rule: 'request-parameter-removed', base: param(q('limit')), head: param(), message: 'query parameter `limit` was removed' },
  { rule: 'request-parameter-became-required', base: param(q('limit')), head: param(q('limit', { required: true })), message: 'query parameter `limit` became required' },
  { rule: 'request-parameter-became-optional', base: param(q('limit', { required: true })), head: param(q('limit')), message: 'became optional' },
  { rule: 'request-parameter-location-changed', base: param(q('token')), head: param({ name: 'token', in: 'header', schema: STRING }), message: 'parameter `token` moved from query to header' },
  { rule: 'request-parameter-style-changed', base: param(q('ids', { schema: { type: 'array', items: STRING } })), head: param(q('ids', { schema: { type: 'array', items: STRING }, explode: false })), message: 'serialisation changed from style=form, explode=true to style=form, explode=false' },

  // Request bodies
  { rule: 'request-body-required-added', base: doc(operation()), head: req(STRING), message: 'a required request body was added' },
  { rule: 'request-body-added', base: doc(operation()), head: req(STRING, false), message: 'an optional request body was added' },
  { rule: 'request-body-became-required', base: req(STRING, false), head: req(STRING), message: 'became required' },
  { rule: 'request-body-became-optional', base: req(STRING), head: req(STRING, false), message: 'became optional' },
  { rule: 'request-body-removed', base: req(STRING), head: doc(operation()), message: 'the request body was removed' },
  { rule: 'request-media-type-removed', base: doc(operation({ requestBody: { content: { 'application/json': { schema: STRING }, 'text/plain': { schema: STRING } } } })), head: req(STRING, false), message: 'media type text/plain was removed' },
  { rule: 'request-media-type-added', base: req(STRING, false), head: doc(operation({ requestBody: { content: { 'application/json': { schema: STRING }, 'text/plain': { schema: STRING } } } })), message: 'media type text/plain was added' },

  // Request values
  { rule: 'request-property-required-added', base: req(OBJECT({})), head: req(OBJECT({ b: STRING }, ['b'])), message: 'request body application/json `b` is a new required property' },
  { rule: 'request-property-added', base: req(OBJECT({})), head: req(OBJECT({ b: STRING })), message: '`b` is a new optional property' },
  { rule: 'request-property-became-required', base: reqProp(STRING), head: reqProp(STRING, ['a']), message: '`a` became required' },
  { rule: 'request-property-became-optional', base: reqProp(STRING, ['a']), head: reqProp(STRING), message: '`a` became optional' },
  { rule: 'request-property-removed', base: reqProp(STRING), head: req(OBJECT({})), message: '`a` was removed' },
  { rule: 'request-additional-properties-closed', base: reqProp(STRING), head: req(OBJECT({ a: STRING }, [], { additionalProperties: false })), message: 'no longer accepts additional properties' },
  { rule: 'request-type-narrowed', base: reqProp({ type: 'number' }), head: reqProp({ type: 'integer' }), message: '`a` type narrowed from number to integer' },
  { rule: 'request-type-widened', base: reqProp({ type: 'integer' }), head: reqProp({ type: ['integer', 'null'] }), message: 'type widened from integer to integer | null' },
  { rule: 'request-enum-value-removed', base: reqProp({ type: 'string', enum: ['a', 'b'] }), head: reqProp({ type: 'string', enum: ['a'] }), message: 'no longer accepts "b"' },
  { rule: 'request-enum-value-added', base: reqProp({ type: 'string', enum: ['a'] }), head: reqProp({ type: 'string', enum: ['a', 'b'] }), message: 'now accepts "b"' },
  { rule: 'request-enum-added', base: reqProp(STRING), head: reqProp({ type: 'string', enum: ['a'] }), message: 'is now restricted to "a"' },
  { rule: 'request-max-length-decreased', base: reqProp({ type: 'string', maxLength: 10 }), head: reqProp({ type: 'string', maxLength: 5 }), message: 'maxLength lowered from 10 to 5' },
  { rule: 'request-min-length-increased', base: reqProp(STRING), head: reqProp({ type: 'string', minLength: 2 }), message: 'minLength raised from none to 2' },
  { rule: 'request-maximum-decreased', base: reqProp({ type: 'integer', maximum: 10 }), head: reqProp({ type: 'integer', exclusiveMaximum: 10 }), message: 'maximum lowered from 10 to 10 (exclusive)' },
  { rule: 'request-minimum-increased', base: reqProp({ type: 'integer', minimum: 0 }), head: reqProp({ type: 'integer', minimum: 1 }), message: 'minimum raised from 0 to 1' },
  { rule: 'request-max-items-decreased', base: reqProp({ type: 'array', items: STRING }), head: reqProp({ type: 'array', items: STRING, maxItems: 3 }), message: 'maxItems lowered from none to 3' },
  { rule: 'request-min-items-increased', base: reqProp({ type: 'array', items: STRING, minItems: 1 }), head: reqProp({ type: 'array', items: STRING, minItems: 2 }), message: 'minItems raised from 1 to 2' },
  { rule: 'request-pattern-added', base: reqProp(STRING), head: reqProp({ type: 'string', pattern: '^[a-z]+$' }), message: 'must now match ^[a-z]+$' },
  { rule: 'request-pattern-changed', base: reqProp({ type: 'string', pattern: '^[a-z]+$' }), head: reqProp({ type: 'string', pattern: '^[a-z0-9]+$' }), message: 'pattern changed from ^[a-z]+$ to ^[a-z0-9]+$' },
  { rule: 'request-format-changed', base: reqProp({ type: 'string', format: 'date-time' }), head: reqProp({ type: 'string', format: 'date' }), message: 'format changed from date-time to date' },
  { rule: 'request-constraint-relaxed', base: reqProp({ type: 'string', maxLength: 5 }), head: reqProp({ type: 'string', maxLength: 10 }), message: 'maxLength relaxed from 5 to 10' },
  {
    rule: 'request-variant-removed',
    base: reqProp({ oneOf: [STRING, { type: 'integer' }] }),
    head: reqProp({ oneOf: [STRING] }),
    message: 'no longer accepts the variant integer',
  },
  { rule: 'request-variant-added', base: reqProp({ oneOf: [STRING] }), head: reqProp({ oneOf: [STRING, { type: 'integer' }] }), message: 'accepts a new variant integer' },

  // Responses
  { rule: 'response-status-removed', base: doc(operation({ responses: { '200': { description: 'ok' }, '202': { description: 'later' } } })), head: doc(operation()), message: 'response status 202 was removed' },
  { rule: 'response-error-status-removed', base: doc(operation({ responses: { '200': { description: 'ok' }, '404': { description: 'no' } } })), head: doc(operation()), message: 'response status 404 was removed' },
  { rule: 'response-status-added', base: doc(operation()), head: doc(operation({ responses: { '200': { description: 'ok' }, '404': { description: 'no' } } })), message: 'response status 404 was added' },
  { rule: 'response-media-type-removed', base: doc(operation({ responses: { '200': { description: 'ok', content: { 'application/json': { schema: STRING }, 'application/xml': { schema: STRING } } } } })), head: res(STRING), message: 'response 200 application/xml media type was removed' },
  { rule: 'response-media-type-added', base: res(STRING), head: doc(operation({ responses: { '200': { description: 'ok', content: { 'application/json': { schema: STRING }, 'application/xml': { schema: STRING } } } } })), message: 'response 200 application/xml media type was added' },
  { rule: 'response-property-removed', base: resProp(STRING), head: res(OBJECT({})), message: 'response 200 application/json `a` was removed' },
  { rule: 'response-optional-property-removed', base: resProp(STRING, []), head: res(OBJECT({})), message: '`a` (optional) was removed' },
  { rule: 'response-property-became-optional', base: resProp(STRING), head: resProp(STRING, []), message: '`a` became optional' },
  { rule: 'response-property-became-required', base: resProp(STRING, []), head: resProp(STRING), message: '`a` became required' },
  { rule: 'response-property-added', base: res(OBJECT({})), head: resProp(STRING), message: '`a` is a new property' },
  { rule: 'response-type-changed', base: resProp(STRING), head: resProp({ type: 'integer' }), message: '`a` type changed from string to integer' },
  { rule: 'response-type-widened', base: resProp(STRING), head: resProp({ type: 'string', nullable: true }), message: 'type widened from string to string | null' },
  { rule: 'response-type-narrowed', base: resProp({ type: 'number' }), head: resProp({ type: 'integer' }), message: 'type narrowed from number to integer' },
  { rule: 'response-enum-value-added', base: resProp({ type: 'string', enum: ['open'] }), head: resProp({ type: 'string', enum: ['open', 'closed'] }), message: '`a` may now be "closed"' },
  { rule: 'response-enum-value-removed', base: resProp({ type: 'string', enum: ['open', 'closed'] }), head: resProp({ type: 'string', enum: ['open'] }), message: '`a` is no longer "closed"' },
  { rule: 'response-format-changed', base: resProp({ type: 'string', format: 'uuid' }), head: resProp(STRING), message: 'format changed from uuid to none' },
  { rule: 'response-constraint-changed', base: resProp({ type: 'string', maxLength: 5 }), head: resProp({ type: 'string', maxLength: 50 }), message: 'maxLength changed from 5 to 50' },
  { rule: 'response-variant-added', base: resProp({ oneOf: [STRING] }), head: resProp({ oneOf: [STRING, { type: 'integer' }] }), message: 'may now be the variant integer' },
  { rule: 'response-variant-removed', base: resProp({ oneOf: [STRING, { type: 'integer' }] }), head: resProp({ oneOf: [STRING] }), message: 'is no longer the variant integer' },
];

describe('diff rules: one minimal pair of specs per rule', () => {
  it('covers every rule of the catalogue', () => {
    expect(CASES.map((c) => c.rule).sort()).toEqual([...DIFF_RULE_IDS]);
  });

  it('the README documents every rule with its severity and explanation', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    for (const id of DIFF_RULE_IDS) expect(readme).toContain(`| \`${id}\` | ${DIFF_RULES[id].severity} | ${DIFF_RULES[id].explanation.replace(/\|/g, '\\|')} |`);
  });

  it.each(CASES.map((c) => [c.rule, c] as const))('%s', (_, c) => {
    const result = diff(c.base, c.head);
    expect(rulesOf(result)).toEqual([c.rule]);
    const [finding] = result.findings;
    expect(finding?.severity).toBe(DIFF_RULES[c.rule].severity);
    expect(finding?.message).toContain(c.message);
    expect(finding?.accepted).toBe(false);
    // Swapping the pair never crashes, and comparing a spec with itself finds nothing.
    diff(c.head, c.base);
    expect(diff(c.head, c.head).findings).toEqual([]);
  });
});

describe('diff rules: severity follows the direction a value travels', () => {
  it('a type widened in a request is safe, in a response possibly breaking; narrowed the other way round', () => {
    const number = { type: 'number' };
    const integer = { type: 'integer' };
    expect(rulesOf(diff(reqProp(integer), reqProp(number)))).toEqual(['request-type-widened']);
    expect(rulesOf(diff(reqProp(number), reqProp(integer)))).toEqual(['request-type-narrowed']);
    expect(rulesOf(diff(resProp(integer), resProp(number)))).toEqual(['response-type-widened']);
    expect(rulesOf(diff(resProp(number), resProp(integer)))).toEqual(['response-type-narrowed']);
  });

  it('a readOnly property is not part of requests, a writeOnly one not of responses', () => {
    const id = { type: 'integer', readOnly: true };
    // A required readOnly property added to a schema used for both: only the response changes.
    const base = doc(operation({ ...requestBody({ $ref: '#/components/schemas/Pet' }), ...response({ $ref: '#/components/schemas/Pet' }) }), { schemas: { Pet: OBJECT({ name: STRING }) } });
    const head = doc(operation({ ...requestBody({ $ref: '#/components/schemas/Pet' }), ...response({ $ref: '#/components/schemas/Pet' }) }), { schemas: { Pet: OBJECT({ name: STRING, id }, ['id']) } });
    expect(rulesOf(diff(base, head))).toEqual(['response-property-added']);
    const secret = { type: 'string', writeOnly: true };
    const withSecret = doc(operation({ ...requestBody({ $ref: '#/components/schemas/Pet' }), ...response({ $ref: '#/components/schemas/Pet' }) }), { schemas: { Pet: OBJECT({ name: STRING, secret }, ['secret']) } });
    expect(rulesOf(diff(base, withSecret))).toEqual(['request-property-required-added']);
  });

  it('a new scope on an existing scheme is a security requirement added; another alternative is not', () => {
    const before = doc(operation({ security: [{ oauth: ['read'] }] }));
    expect(rulesOf(diff(before, doc(operation({ security: [{ oauth: ['read', 'admin'] }] }))))).toEqual(['security-requirement-added']);
    expect(rulesOf(diff(before, doc(operation({ security: [{ oauth: ['read'] }, { key: [] }] }))))).toEqual(['security-requirement-removed']);
    // The document-level requirement applies to operations without their own.
    expect(rulesOf(diff(doc(operation()), doc(operation(), {}, { security: [{ key: [] }] })))).toEqual(['security-requirement-added']);
  });

  it('a path parameter renamed with its template is no change; one moved to another position is', () => {
    const get = (path: string, name: string): OpenApiDocument =>
      doc(operation(parameters({ name, in: 'path', required: true, schema: STRING }), 'get', path));
    expect(diff(get('/pets/{id}', 'id'), get('/pets/{petId}', 'petId')).findings).toEqual([]);
  });

  it('a success status removed while its range is declared compares against the range', () => {
    const base = doc(operation(response(OBJECT({ a: STRING }, ['a']))));
    const head = doc(operation({ responses: { '2XX': { description: 'ok', content: { 'application/json': { schema: OBJECT({}) } } } } }));
    expect(rulesOf(diff(base, head))).toEqual(['response-property-removed', 'response-status-added']);
  });

  it('a removed enum in a response (any value may come) is possibly breaking', () => {
    expect(rulesOf(diff(resProp({ type: 'string', enum: ['a'] }), resProp(STRING)))).toEqual(['response-enum-value-added']);
  });

  it('a changed request property inside an array inside a map is located by its path', () => {
    const schema = (max: number): Json => OBJECT({ tags: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string', maxLength: max } } } });
    const [finding] = diff(req(schema(10)), req(schema(5))).findings;
    expect(finding?.message).toBe('request body application/json `tags.*[]` maxLength lowered from 10 to 5');
    expect(finding?.location).toEqual({ file: 'head.yaml', pointer: '/paths/~1items/post/requestBody/content/application~1json/schema/properties/tags/additionalProperties/items' });
  });
});

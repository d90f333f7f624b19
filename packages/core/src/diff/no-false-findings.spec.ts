import { stringify as toYaml } from 'yaml';
import { petstoreYaml, useTempWorkspaces } from '../__fixtures__/workspace';
import { diffSpecFiles } from './diff-spec-files';
import { diff, doc, OBJECT, operation, parameters, requestBody, response, rulesOf, type Json } from './__fixtures__/specs';

/**
 * Refactorings that keep the contract must find nothing: the diff compares resolved contracts,
 * not how the spec is written.
 */
const STRING = { type: 'string' };
const PET = OBJECT({ id: { type: 'integer' }, name: STRING, tag: { type: 'string', maxLength: 10 } }, ['id', 'name']);
const both = (schema: unknown): Json => ({ ...requestBody(schema), ...response(schema) });

describe('diff: refactorings that keep the contract find nothing', () => {
  const workspace = useTempWorkspaces();

  it('a $ref replaced by its schema inline', () => {
    const base = doc(operation(both({ $ref: '#/components/schemas/Pet' })), { schemas: { Pet: PET } });
    const head = doc(operation(both(PET)));
    expect(diff(base, head).findings).toEqual([]);
    expect(diff(head, base).findings).toEqual([]);
  });

  it('a component renamed (every reference with it), also through a chain of references', () => {
    const base = doc(operation(both({ type: 'array', items: { $ref: '#/components/schemas/Pet' } })), { schemas: { Pet: PET } });
    const head = doc(operation(both({ type: 'array', items: { $ref: '#/components/schemas/Animal' } })), {
      schemas: { Animal: { $ref: '#/components/schemas/AnimalBody' }, AnimalBody: PET },
    });
    expect(diff(base, head).findings).toEqual([]);
  });

  it('a recursive schema, renamed, and mutual recursion: terminates with nothing found', () => {
    const tree = (name: string): Json => OBJECT({ name: STRING, children: { type: 'array', items: { $ref: `#/components/schemas/${name}` } } }, ['name']);
    const base = doc(operation(both({ $ref: '#/components/schemas/Node' })), { schemas: { Node: tree('Node') } });
    const head = doc(operation(both({ $ref: '#/components/schemas/TreeNode' })), { schemas: { TreeNode: tree('TreeNode') } });
    expect(diff(base, head).findings).toEqual([]);

    const mutual = (a: string, b: string): Json => ({
      [a]: OBJECT({ b: { $ref: `#/components/schemas/${b}` } }),
      [b]: OBJECT({ a: { $ref: `#/components/schemas/${a}` }, n: STRING }),
    });
    const m1 = doc(operation(both({ $ref: '#/components/schemas/A' })), { schemas: mutual('A', 'B') });
    const m2 = doc(operation(both({ $ref: '#/components/schemas/X' })), { schemas: mutual('X', 'Y') });
    expect(diff(m1, m2).findings).toEqual([]);
  });

  it('a change inside a recursive schema is found once per place, and the comparison terminates', () => {
    const tree = (name: object): Json => OBJECT({ name, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } }, ['name']);
    const base = doc(operation(response({ $ref: '#/components/schemas/Node' })), { schemas: { Node: tree(STRING) } });
    const head = doc(operation(response({ $ref: '#/components/schemas/Node' })), { schemas: { Node: tree({ type: 'integer' }) } });
    const found = diff(base, head).findings;
    expect(found.map((f) => f.message)).toEqual(['response 200 application/json `name` type changed from string to integer']);
  });

  it('allOf split differently, or flattened', () => {
    const base = doc(operation(both({ allOf: [{ $ref: '#/components/schemas/Base' }, OBJECT({ tag: { type: 'string', maxLength: 10 } })] })), {
      schemas: { Base: OBJECT({ id: { type: 'integer' }, name: STRING }, ['id', 'name']) },
    });
    const split = doc(operation(both({ allOf: [OBJECT({ id: { type: 'integer' } }, ['id']), OBJECT({ name: STRING, tag: { type: 'string', maxLength: 10 } }, ['name'])] })));
    expect(diff(base, split).findings).toEqual([]);
    expect(diff(base, doc(operation(both(PET)))).findings).toEqual([]);
  });

  it('nullable written the OpenAPI 3.0 way or the 3.1 way, and GitHub-style nullable references', () => {
    const v30 = doc(operation(both(OBJECT({ a: { type: 'string', nullable: true }, owner: { nullable: true, allOf: [{ $ref: '#/components/schemas/User' }] } }))), {
      schemas: { User: OBJECT({ login: STRING }) },
    });
    const v31 = doc(operation(both(OBJECT({ a: { type: ['string', 'null'] }, owner: { type: ['object', 'null'], properties: { login: STRING }, required: [] } }))));
    expect(diff(v30, v31).findings).toEqual([]);
    expect(diff(v31, v30).findings).toEqual([]);
  });

  it('oneOf branches reordered, renamed, or split between the outer schema and the branches', () => {
    const cat = OBJECT({ kind: { type: 'string', enum: ['cat'] }, meows: { type: 'boolean' } }, ['kind']);
    const dog = OBJECT({ kind: { type: 'string', enum: ['dog'] }, barks: { type: 'boolean' } }, ['kind']);
    const base = doc(operation(both({ oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }] })), { schemas: { Cat: cat, Dog: dog } });
    const head = doc(operation(both({ oneOf: [{ $ref: '#/components/schemas/Hound' }, { $ref: '#/components/schemas/Kitty' }] })), { schemas: { Kitty: cat, Hound: dog } });
    expect(diff(base, head).findings).toEqual([]);
    const outer = doc(operation(both({ type: 'object', required: ['kind'], properties: { kind: STRING }, oneOf: [
      OBJECT({ kind: { type: 'string', enum: ['cat'] }, meows: { type: 'boolean' } }),
      OBJECT({ kind: { type: 'string', enum: ['dog'] }, barks: { type: 'boolean' } }),
    ] })));
    expect(diff(base, outer).findings).toEqual([]);
  });

  it('parameters: a $ref inlined, moved between path and operation level, reordered', () => {
    const limit = { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 100 } };
    const id = { name: 'id', in: 'path', required: true, schema: STRING };
    const base = doc({ '/items/{id}': { parameters: [{ $ref: '#/components/parameters/Id' }], get: { operationId: 'op', parameters: [{ $ref: '#/components/parameters/Limit' }], responses: { '200': { description: 'ok' } } } } }, {
      parameters: { Id: id, Limit: limit },
    });
    const head = doc(operation(parameters(limit, id), 'get', '/items/{id}'));
    expect(diff(base, head).findings).toEqual([]);
  });

  it('responses and request bodies through components', () => {
    const base = doc(operation({ requestBody: { $ref: '#/components/requestBodies/Pet' }, responses: { '200': { $ref: '#/components/responses/Pet' } } }), {
      requestBodies: { Pet: { required: true, content: { 'application/json': { schema: PET } } } },
      responses: { Pet: { description: 'ok', content: { 'application/json': { schema: PET } } } },
    });
    expect(diff(base, doc(operation(both(PET)))).findings).toEqual([]);
  });

  it('a reformatted YAML file (keys reordered, flow style, comments), and the same spec as JSON', async () => {
    const original = petstoreYaml();
    const ws = workspace({
      'old/openapi.yaml': original,
      'new/openapi.yaml': `# reformatted\n${toYaml(reorder(toYamlValue(original)), { indent: 4, lineWidth: 0 })}`,
      'json/openapi.json': JSON.stringify(toYamlValue(original)),
    });
    const reformatted = await diffSpecFiles(ws.path('old/openapi.yaml'), ws.path('new/openapi.yaml'), { workspaceRoot: ws.root });
    expect(reformatted.findings).toEqual([]);
    expect(reformatted.summary.operations).toEqual({ base: 5, head: 5, unchanged: 5 });
    const json = await diffSpecFiles(ws.path('old/openapi.yaml'), ws.path('json/openapi.json'), { workspaceRoot: ws.root });
    expect(json.findings).toEqual([]);
  });

  it('still finds a real change next to a refactoring', () => {
    const base = doc(operation(both({ $ref: '#/components/schemas/Pet' })), { schemas: { Pet: PET } });
    const changed = OBJECT({ id: { type: 'integer' }, name: STRING }, ['id', 'name']);
    expect(rulesOf(diff(base, doc(operation(both(changed)))))).toEqual(['request-property-removed', 'response-optional-property-removed']);
  });
});

function toYamlValue(text: string): Json {
  return require('yaml').parse(text) as Json;
}

/** The same value with every object's keys in reverse order. */
function reorder(value: unknown): Json {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node as Json).reverse().map(([k, v]) => [k, walk(v)]));
  };
  return walk(value) as Json;
}

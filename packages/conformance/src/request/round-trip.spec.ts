/**
 * The strongest check of serialisation: send serializeRequest's output through the real runtime
 * (createSpecApp, in-process) and compare what the handler parsed with the case's values, for
 * every style/explode/shape per location, with fast-check strings full of reserved characters.
 *
 * Excluded on purpose, because no serialisation can carry them through the runtime: a literal
 * delimiter inside an item (the runtime splits after decoding; see parameter-style.ts), path
 * segments that are empty or dot segments (URL normalisation), empty keys in exploded matrix
 * and deepObject values (`;` alone, `v[]`), header items with outer
 * whitespace or above U+00FF, cookie names outside the unreserved set (not decoded), and empty
 * lists/objects whose wire form is nothing (they arrive as absent or as `[]`).
 */
import fc from 'fast-check';
import type { JsonSchema } from '@specwright/runtime';
import type { ConformanceOperation, ConformanceParameter, RequestCase } from '../model/types';
import { echoApp, operation, parameter } from './__fixtures__/echo-app';
import { serializeRequest } from './index';

type Location = ConformanceParameter['in'];
type Shape = 'primitive' | 'array' | 'object';
type Style = ConformanceParameter['style'];

const CASE_KEY = { path: 'path', query: 'query', header: 'headers', cookie: 'cookies' } as const;
const SCHEMAS: Record<Shape, JsonSchema> = {
  primitive: { type: 'string' },
  array: { type: 'array', items: { type: 'string' } },
  object: { type: 'object', additionalProperties: { type: 'string' } },
};
const RUNS = { numRuns: 60 };

/** Characters where encoding bugs hide, plus ordinary ones and any grapheme. */
const SPECIAL = [...`/?#&=,;. %é+[]|"'\\:@!$()*<>{}^\`~-_\t`, '😀', 'ÿ', '%2F', '%zz'];
const unit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 2, arbitrary: fc.constantFrom('a', 'Z', '0', '9') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);

interface TextRules {
  /** Characters a value must not contain (the style's delimiters). */
  readonly without?: string;
  /** Header rules: Latin-1 only, no outer whitespace. */
  readonly header?: boolean;
  /** Only unreserved characters (cookie names). */
  readonly unreserved?: boolean;
  readonly nonEmpty?: boolean;
}

function text(rules: TextRules = {}): fc.Arbitrary<string> {
  const banned = [...(rules.without ?? '')];
  let chars = unit.filter((char) => !banned.some((b) => char.includes(b)));
  if (rules.header) chars = chars.filter((char) => [...char].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) <= 0xff && c !== '\x7f'));
  if (rules.unreserved) chars = fc.constantFrom(...'abcXYZ019-._~');
  const value = fc.string({ unit: chars, maxLength: 8, minLength: rules.nonEmpty ? 1 : 0 });
  return rules.header ? value.filter((v) => v.trim() === v) : value;
}

function valueOf(shape: Shape, item: TextRules, key: TextRules = item, minLength = 0): fc.Arbitrary<unknown> {
  if (shape === 'primitive') return text(item);
  if (shape === 'array') return fc.array(text(item), { minLength: Math.max(minLength, 1), maxLength: 4 }).filter((list) => list.join('') !== '' || list.length > 1);
  return fc.dictionary(text(key), text(item), { minKeys: Math.max(minLength, 1), maxKeys: 4 });
}

/** A path that survives URL parsing unchanged: no empty or dot segments after the fixed prefix. */
function sendablePath(url: string): boolean {
  const last = url.split('?')[0].split('/').pop() ?? '';
  return last !== '' && !/^(?:\.|%2e){1,2}$/i.test(last);
}

interface Scenario {
  readonly location: Location;
  readonly style: Style;
  readonly explode: boolean;
  readonly shape: Shape;
  readonly value: fc.Arbitrary<unknown>;
}

const scenarios: Scenario[] = [];
const add = (location: Location, style: Style, explode: boolean, shape: Shape, value: fc.Arbitrary<unknown>): void => {
  scenarios.push({ location, style, explode, shape, value });
};

// Path: simple, label, matrix.
add('path', 'simple', false, 'primitive', text());
add('path', 'simple', false, 'array', valueOf('array', { without: ',' }));
add('path', 'simple', true, 'array', valueOf('array', { without: ',' }));
add('path', 'simple', false, 'object', valueOf('object', { without: ',' }));
add('path', 'simple', true, 'object', valueOf('object', { without: ',' }, { without: ',=' }));
add('path', 'label', false, 'primitive', text());
add('path', 'label', false, 'array', valueOf('array', { without: ',' }));
add('path', 'label', true, 'array', valueOf('array', { without: '.' }));
add('path', 'label', false, 'object', valueOf('object', { without: ',' }));
add('path', 'label', true, 'object', valueOf('object', { without: '.' }, { without: '.=' }));
add('path', 'matrix', false, 'primitive', text({ without: ';' }));
add('path', 'matrix', false, 'array', valueOf('array', { without: ',;' }));
add('path', 'matrix', true, 'array', valueOf('array', { without: ';' }));
add('path', 'matrix', false, 'object', valueOf('object', { without: ',;' }));
// An empty key with an empty value is `;` alone (RFC 6570), which the runtime skips.
add('path', 'matrix', true, 'object', valueOf('object', { without: ';' }, { without: ';=', nonEmpty: true }));
// Query: form, spaceDelimited, pipeDelimited, deepObject.
add('query', 'form', true, 'primitive', text());
add('query', 'form', false, 'primitive', text());
add('query', 'form', true, 'array', fc.array(text(), { minLength: 1, maxLength: 4 }));
add('query', 'form', false, 'array', valueOf('array', { without: ',' }));
add('query', 'form', true, 'object', valueOf('object', {}));
add('query', 'form', false, 'object', valueOf('object', { without: ',' }));
add('query', 'spaceDelimited', false, 'array', valueOf('array', { without: ' ' }));
add('query', 'spaceDelimited', true, 'array', fc.array(text(), { minLength: 1, maxLength: 4 }));
add('query', 'spaceDelimited', false, 'object', valueOf('object', { without: ' ' }));
add('query', 'pipeDelimited', false, 'array', valueOf('array', { without: '|' }));
add('query', 'pipeDelimited', true, 'array', fc.array(text(), { minLength: 1, maxLength: 4 }));
add('query', 'pipeDelimited', false, 'object', valueOf('object', { without: '|' }));
// `v[]` is the runtime's array marker, so an empty key cannot be told from it.
add('query', 'deepObject', true, 'object', valueOf('object', {}, { without: '[]', nonEmpty: true }));
// Headers: simple only.
add('header', 'simple', false, 'primitive', text({ header: true }));
add('header', 'simple', false, 'array', valueOf('array', { without: ',', header: true }));
add('header', 'simple', true, 'array', valueOf('array', { without: ',', header: true }));
add('header', 'simple', false, 'object', valueOf('object', { without: ',', header: true }));
add('header', 'simple', true, 'object', valueOf('object', { without: ',', header: true }, { without: ',=', header: true }));
// Cookies: form.
add('cookie', 'form', true, 'primitive', text());
add('cookie', 'form', true, 'array', fc.array(text(), { minLength: 1, maxLength: 4 }));
add('cookie', 'form', false, 'array', valueOf('array', { without: ',' }));
add('cookie', 'form', true, 'object', valueOf('object', {}, { unreserved: true }));
add('cookie', 'form', false, 'object', valueOf('object', { without: ',' }));

const idOf = (s: Scenario): string => `${s.location}-${s.style}-${s.explode}-${s.shape}`;
const operationOf = (s: Scenario): ConformanceOperation =>
  operation(idOf(s), 'get', s.location === 'path' ? `/${idOf(s)}/{v}` : `/${idOf(s)}`, {
    parameters: [parameter('v', s.location, SCHEMAS[s.shape], { style: s.style, explode: s.explode, required: true })],
  });

const contentOperations = (['path', 'query', 'header', 'cookie'] as const).map((location) =>
  operation(`content-${location}`, 'get', location === 'path' ? `/content-${location}/{v}` : `/content-${location}`, {
    parameters: [parameter('v', location, {}, { contentType: 'application/json', required: true })],
  }),
);
const mixed = operation('mixed', 'get', '/files/{name}.{ext}', {
  parameters: [parameter('name', 'path', SCHEMAS.primitive), parameter('ext', 'path', SCHEMAS.primitive)],
});
const reserved = operation('reserved', 'get', '/reserved', { parameters: [parameter('v', 'query', SCHEMAS.primitive, { allowReserved: true })] });
const typed = operation('typed', 'get', '/typed/{ids}', {
  parameters: [
    parameter('ids', 'path', { type: 'array', items: { type: 'integer' } }, { style: 'label', explode: true }),
    parameter('person', 'query', { type: 'object', properties: { role: { type: 'string' }, age: { type: 'integer' } } }),
    parameter('filter', 'query', { type: 'object', properties: { range: { type: 'object', properties: { min: { type: 'number' } } }, tags: { type: 'array', items: { type: 'string' } } } }, { style: 'deepObject', explode: true }),
    parameter('X-Flags', 'header', { type: 'array', items: { type: 'boolean' } }),
    parameter('limit', 'cookie', { type: 'integer' }),
    parameter('nullable', 'query', { type: ['integer', 'null'] }),
  ],
});

const app = echoApp([...scenarios.map(operationOf), ...contentOperations, mixed, reserved, typed]);

function caseOf(operationId: string, values: Partial<Omit<RequestCase, 'operationId'>>): RequestCase {
  return { operationId, path: {}, query: {}, headers: {}, cookies: {}, ...values };
}

describe('parameters survive a round trip through the runtime', () => {
  it.each(scenarios.map((s) => [idOf(s), s] as const))('%s', async (_, scenario) => {
    const op = operationOf(scenario);
    const key = CASE_KEY[scenario.location];
    await fc.assert(
      fc.asyncProperty(scenario.value, async (value) => {
        const request = serializeRequest(op, caseOf(op.operationId, { [key]: { v: value } }));
        if (scenario.location === 'path') fc.pre(sendablePath(request.url));
        const echo = await app.send(request);
        expect(echo[key]).toEqual({ v: value });
      }),
      RUNS,
    );
  });

  it.each(contentOperations.map((op) => [op.operationId, op] as const))('%s: JSON content parameters', async (_, op) => {
    const location = op.parameters[0].in;
    const key = CASE_KEY[location];
    // Header values above U+00FF are percent-encoded, which JSON.parse does not undo.
    const json = location === 'header' ? fc.jsonValue({ maxDepth: 2, stringUnit: 'grapheme-ascii' }) : fc.jsonValue({ maxDepth: 2 });
    await fc.assert(
      fc.asyncProperty(json, async (value) => {
        const echo = await app.send(serializeRequest(op, caseOf(op.operationId, { [key]: { v: value } })));
        expect(echo[key]).toEqual({ v: JSON.parse(JSON.stringify(value)) });
      }),
      RUNS,
    );
  });

  it('mixed template segments: "." inside values is data, not the literal delimiter', async () => {
    const part = text().filter((v) => v !== '');
    await fc.assert(
      fc.asyncProperty(part, part, async (name, ext) => {
        const echo = await app.send(serializeRequest(mixed, caseOf('mixed', { path: { name, ext } })));
        expect(echo.path).toEqual({ name, ext });
      }),
      RUNS,
    );
  });

  it('allowReserved values', async () => {
    await fc.assert(
      fc.asyncProperty(text(), async (v) => {
        const request = serializeRequest(reserved, caseOf('reserved', { query: { v } }));
        expect((await app.send(request)).query).toEqual({ v });
      }),
      RUNS,
    );
  });

  it('numbers, booleans, nested deepObjects and null are coerced back by schema', async () => {
    const values = {
      path: { ids: [3, 4, 5] },
      query: { person: { role: 'admin', age: 5 }, filter: { range: { min: 1.5 }, tags: ['a', 'b'] }, nullable: null },
      headers: { 'X-Flags': [true, false] },
      cookies: { limit: 20 },
    };
    const request = serializeRequest(typed, caseOf('typed', values));
    expect(request.url).toBe('/typed/.3.4.5?role=admin&age=5&filter%5Brange%5D%5Bmin%5D=1.5&filter%5Btags%5D=a&filter%5Btags%5D=b&nullable=');
    const echo = await app.send(request);
    expect({ path: echo.path, query: echo.query, headers: echo.headers, cookies: echo.cookies }).toEqual(values);
  });
});

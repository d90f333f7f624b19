import { locateLines } from './locate-lines';

describe('locateLines', () => {
  it('finds the line of each pointer in JSON (the key for members, the value for items), escapes included', () => {
    const text = JSON.stringify({ paths: { '/a/{id}': { get: { parameters: [{ name: 'x' }, { name: 'y' }] } } }, components: { schemas: { 'q"x': { type: 'string' }, 'a~b': {} } } }, null, 2);
    const lines = locateLines(text, [
      '/paths/~1a~1{id}/get',
      '/paths/~1a~1{id}/get/parameters/1',
      '/components/schemas/q"x/type',
      '/components/schemas/a~0b',
      '/components/schemas/missing',
    ]);
    const lineOf = (needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(Object.fromEntries(lines)).toEqual({
      '/paths/~1a~1{id}/get': lineOf('"get"'),
      '/paths/~1a~1{id}/get/parameters/1': lineOf('"y"') - 1,
      '/components/schemas/q"x/type': lineOf('"type"'),
      '/components/schemas/a~0b': lineOf('"a~b"'),
    });
  });

  it('finds lines in minified JSON (all on line 1) and in YAML, block and flow style', () => {
    expect(locateLines('{"a":{"b":[1,{"c":2}]}}', ['/a/b/1/c'])).toEqual(new Map([['/a/b/1/c', 1]]));
    const yaml = 'openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses: { "200": { description: ok } }\n';
    expect(locateLines(yaml, ['/paths/~1a/get', '/paths/~1a/get/responses/200', '/nope'])).toEqual(
      new Map([
        ['/paths/~1a/get', 4],
        ['/paths/~1a/get/responses/200', 5],
      ]),
    );
  });
});

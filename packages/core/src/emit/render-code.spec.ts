import { typescript } from '../util/lazy';
import { commentText, definePropertyStatement, docComment, identifier, lineComment, objectKey, objectLiteral, stringLiteral, typeKey } from './render-code';

/** Runs a TypeScript snippet as CommonJS and returns what it exports. */
function run(source: string, target: 'ES5' | 'ES2015' | 'ES2022' = 'ES2022'): Record<string, unknown> {
  const ts = typescript();
  const { outputText, diagnostics } = ts.transpileModule(source, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget[target] } });
  expect(diagnostics ?? []).toEqual([]);
  const exports: Record<string, unknown> = {};
  new Function('exports', outputText)(exports);
  return exports;
}

const HOSTILE = [
  "x\nglobalThis.pwned = 1;\n//",
  'x\rglobalThis.pwned = 1;\r//',
  'x\u2028globalThis.pwned = 1;\u2029//',
  'x */ globalThis.pwned = 1; /* ',
  '"; globalThis.pwned = 1; "',
  "'; globalThis.pwned = 1; '",
  '`${globalThis.pwned = 1}`',
  '\\',
  '\\"',
  "\\'",
  'a\u0000b\u0085c\u202Ed\u2066e',
  '</script><script>globalThis.pwned = 1</script>',
  '😀 \uD800 lone \uDC00',
];

describe('render-code', () => {
  afterEach(() => {
    delete (globalThis as { pwned?: unknown }).pwned;
  });

  it.each(HOSTILE)('keeps %j inside a line comment, a doc comment and a string literal', (text) => {
    const exported = run(
      [lineComment(text), docComment(text), `export const double = ${stringLiteral(text)};`, `export const single = ${stringLiteral(text, "'")};`].join('\n'),
    );
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
    expect(exported).toEqual({ double: text, single: text });
  });

  it('makes comment text one line without comment terminators, bidi controls or lone surrogates', () => {
    expect(commentText('a\n\r\u2028\u2029\tb */ c')).toBe('a b *\\/ c');
    expect(commentText('safe\u202Eevil\u2066')).toBe('safe evil');
    expect(commentText('x\uD800y')).toBe('x\uFFFDy');
    // Cut without splitting a surrogate pair.
    expect(commentText('ab😀', 3)).toBe('ab');
  });

  it('leaves ordinary text as it was', () => {
    expect(commentText('List all pets')).toBe('List all pets');
    expect(stringLiteral('/pets/{petId}')).toBe('"/pets/{petId}"');
    expect(stringLiteral('./implementations/getPet.js', "'")).toBe("'./implementations/getPet.js'");
    expect(objectKey('getPet')).toBe('"getPet"');
    const data = { a: [1, 'two', { b: null, c: true }], d: {}, e: [] };
    expect(objectLiteral(data)).toBe(JSON.stringify(data, null, 2));
  });

  it('escapes line separators and bidi controls in string literals, so the source shows them', () => {
    expect(stringLiteral('a\u2028b\u202Ec')).toBe('"a\\u2028b\\u202ec"');
    expect(objectLiteral({ 'k\u2029': 'v\u2066' })).toBe('{\n  "k\\u2029": "v\\u2066"\n}');
  });

  it.each(['ES5', 'ES2015', 'ES2022'] as const)('keeps `__proto__` a key of the object instead of its prototype (compiled for %s)', (target) => {
    // Parsed, not written as a literal here: `{ __proto__: ... }` in this file would set the prototype.
    const json = '{"properties":{"__proto__":{"type":"string"},"x":"\\"__proto__\\": {}"}}';
    const { handlers, data } = run(
      [
        `export const handlers = { ${objectKey('constructor')}: 2, ${objectKey('toString')}: 3 };`,
        definePropertyStatement('handlers', '__proto__', '1'),
        `export const data = ${objectLiteral(JSON.parse(json))};`,
      ].join('\n'),
      target,
    ) as { handlers: object; data: { properties: object } };
    expect(Object.getPrototypeOf(handlers)).toBe(Object.prototype);
    expect(Object.entries(handlers)).toEqual([['constructor', 2], ['toString', 3], ['__proto__', 1]]);
    expect(Object.getPrototypeOf(data.properties)).toBe(Object.prototype);
    expect(Object.keys(data.properties)).toEqual(['__proto__', 'x']);
    expect(JSON.stringify(data)).toBe(json);
    expect(() => objectKey('__proto__')).toThrow('definePropertyStatement');
    expect(typeKey('__proto__')).toBe('"__proto__"');
  });

  it('refuses an identifier that is not one', () => {
    expect(identifier('GetPet_2')).toBe('GetPet_2');
    expect(() => identifier('a;b')).toThrow('Not a safe TypeScript identifier');
    expect(() => identifier('1a')).toThrow();
  });
});

/**
 * Parameter serialisation against OpenAPI's own style table (color = "blue",
 * ["blue","black","brown"], {R:100,G:200,B:150}), plus encoding and negative values.
 * https://spec.openapis.org/oas/v3.1.0#style-examples
 */
import type { ConformanceParameter, RequestCase } from '../model/types';
import { operation, parameter } from './__fixtures__/echo-app';
import { serializeRequest } from './index';

const blue = 'blue';
const list = ['blue', 'black', 'brown'];
const rgb = { R: 100, G: 200, B: 150 };

function caseOf(values: Partial<Omit<RequestCase, 'operationId'>>): RequestCase {
  return { operationId: 'op', path: {}, query: {}, headers: {}, cookies: {}, ...values };
}

/** The URL of a request with one parameter `color`. */
function url(location: 'path' | 'query', extra: Partial<ConformanceParameter>, value: unknown, path = '/t/{color}'): string {
  const op = operation('op', 'get', location === 'path' ? path : '/t', { parameters: [parameter('color', location, {}, extra)] });
  return serializeRequest(op, caseOf({ [location]: { color: value } })).url;
}

describe('path styles (OpenAPI style table)', () => {
  it.each([
    ['simple', false, blue, '/t/blue'],
    ['simple', false, list, '/t/blue,black,brown'],
    ['simple', true, list, '/t/blue,black,brown'],
    ['simple', false, rgb, '/t/R,100,G,200,B,150'],
    ['simple', true, rgb, '/t/R=100,G=200,B=150'],
    ['label', false, blue, '/t/.blue'],
    ['label', false, list, '/t/.blue,black,brown'],
    ['label', true, list, '/t/.blue.black.brown'],
    ['label', false, rgb, '/t/.R,100,G,200,B,150'],
    ['label', true, rgb, '/t/.R=100.G=200.B=150'],
    ['matrix', false, blue, '/t/;color=blue'],
    ['matrix', false, list, '/t/;color=blue,black,brown'],
    ['matrix', true, list, '/t/;color=blue;color=black;color=brown'],
    ['matrix', false, rgb, '/t/;color=R,100,G,200,B,150'],
    ['matrix', true, rgb, '/t/;R=100;G=200;B=150'],
    ['matrix', false, '', '/t/;color'],
    ['matrix', true, [], '/t/'],
  ] as const)('%s explode=%s %j → %s', (style, explode, value, expected) => {
    expect(url('path', { style, explode }, value)).toBe(expected);
  });

  it('percent-encodes data, including "." (the label delimiter) but not the template literals', () => {
    expect(url('path', {}, 'a/b?c#d e%f.g,h;é')).toBe('/t/a%2Fb%3Fc%23d%20e%25f%2Eg%2Ch%3B%C3%A9');
    expect(url('path', {}, 'v1.0', '/my files/{color}.json')).toBe('/my%20files/v1%2E0.json');
  });
});

describe('query styles (OpenAPI style table)', () => {
  it.each([
    ['form', true, blue, '/t?color=blue'],
    ['form', false, list, '/t?color=blue,black,brown'],
    ['form', true, list, '/t?color=blue&color=black&color=brown'],
    ['form', false, rgb, '/t?color=R,100,G,200,B,150'],
    ['form', true, rgb, '/t?R=100&G=200&B=150'],
    ['spaceDelimited', false, list, '/t?color=blue%20black%20brown'],
    ['spaceDelimited', false, rgb, '/t?color=R%20100%20G%20200%20B%20150'],
    ['pipeDelimited', false, list, '/t?color=blue%7Cblack%7Cbrown'],
    ['pipeDelimited', true, list, '/t?color=blue&color=black&color=brown'],
    ['deepObject', true, rgb, '/t?color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150'],
    ['deepObject', true, { a: { b: 1 }, ids: [1, 2], items: [{ x: 1 }] }, '/t?color%5Ba%5D%5Bb%5D=1&color%5Bids%5D=1&color%5Bids%5D=2&color%5Bitems%5D%5B0%5D%5Bx%5D=1'],
  ] as const)('%s explode=%s %j → %s', (style, explode, value, expected) => {
    expect(url('query', { style, explode }, value)).toBe(expected);
  });

  it('encodes RFC 3986 style (space %20, + %2B), and allowReserved keeps reserved characters but not & = + #', () => {
    const value = "a b+c&d=e#f/g?h:i@j!k$l'm(n)o*p,q;r[s]t%u";
    expect(url('query', {}, value)).toBe(
      '/t?color=a%20b%2Bc%26d%3De%23f%2Fg%3Fh%3Ai%40j%21k%24l%27m%28n%29o%2Ap%2Cq%3Br%5Bs%5Dt%25u',
    );
    expect(url('query', { allowReserved: true }, value)).toBe("/t?color=a%20b%2Bc%26d%3De%23f/g?h:i@j!k$l'm(n)o*p,q;r[s]t%25u");
  });
});

describe('headers and cookies', () => {
  const op = operation('op', 'get', '/t', {
    parameters: [
      parameter('X-List', 'header', {}),
      parameter('X-Obj', 'header', {}, { explode: true }),
      parameter('X-Json', 'header', {}, { contentType: 'application/json' }),
      parameter('a', 'cookie', {}),
      parameter('b', 'cookie', {}, { explode: false }),
      parameter('c', 'cookie', {}),
    ],
  });

  it('writes headers in simple style under their declared names, and folds cookies into one header', () => {
    const request = serializeRequest(
      op,
      caseOf({
        headers: { 'X-List': [1, 2], 'X-Obj': { k: 'v', n: 1 }, 'X-Json': { q: [1] }, Authorization: 'Bearer t' },
        cookies: { a: 'x y', b: ['1', '2'], c: ['3', '4'], session: 's' },
      }),
    );
    expect(request.headers).toEqual([
      ['X-List', '1,2'],
      ['X-Obj', 'k=v,n=1'],
      ['X-Json', '{"q":[1]}'],
      ['Authorization', 'Bearer t'],
      ['cookie', 'a=x%20y; b=1,2; c=3; c=4; session=s'],
    ]);
  });

  it('makes every header value sendable: no CR/LF/NUL, nothing above U+00FF, no outer whitespace', () => {
    const request = serializeRequest(op, caseOf({ headers: { 'X-List': ' a\r\nb\u0000é€ ' } }));
    expect(request.headers).toEqual([['X-List', 'a%0D%0Ab%00é%E2%82%AC']]);
    expect(() => new Headers(request.headers.map(([n, v]): [string, string] => [n, v]))).not.toThrow();
  });
});

describe('values that do not fit the schema (negative cases)', () => {
  const op = operation('op', 'post', '/t/{id}', {
    parameters: [parameter('id', 'path', { type: 'integer' }), parameter('q', 'query', { type: 'string' }), parameter('h', 'header', { type: 'string' })],
  });

  it.each([
    ['null', null, '/t/?q=', ''],
    ['an object', { a: 1 }, '/t/a,1?a=1', 'a,1'],
    ['a nested object', [{ a: 1 }], '/t/%7B%22a%22%3A1%7D?q=%7B%22a%22%3A1%7D', '{"a":1}'],
    ['a boolean', false, '/t/false?q=false', 'false'],
    ['a bigint', 12345678901234567890n, '/t/12345678901234567890?q=12345678901234567890', '12345678901234567890'],
    ['NaN', Number.NaN, '/t/NaN?q=NaN', 'NaN'],
    ['a lone surrogate', '\uD800', '/t/%EF%BF%BD?q=%EF%BF%BD', '%EF%BF%BD'],
  ])('serialises %s without throwing', (_, value, expectedUrl, expectedHeader) => {
    const request = serializeRequest(op, caseOf({ path: { id: value }, query: { q: value }, headers: { h: value } }));
    expect(request.url).toBe(expectedUrl);
    expect(request.headers).toEqual([['h', expectedHeader]]);
  });

  it('leaves out undefined values, and sends an absent path value as an empty segment', () => {
    const request = serializeRequest(op, caseOf({ query: { q: undefined, extra: 1 }, headers: { h: undefined } }));
    expect(request).toEqual({ method: 'POST', url: '/t/?extra=1', headers: [] });
  });
});

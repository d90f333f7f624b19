/** Edge cases of style deserialisation; the full style matrix is in request-parameters.spec.ts. */
import { fromPairs, fromPathValue, type StyleOptions } from './parameter-style';

const options = (extra: Partial<StyleOptions>): StyleOptions => ({ name: 'id', style: 'simple', explode: false, shape: 'primitive', ...extra });
const pairs = (search: string) => {
  const map = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(search)) map.set(key, [...(map.get(key) ?? []), value]);
  return map;
};
const everyKey = () => true;

describe('parameter styles', () => {
  it('keeps a primitive whole, delimiters included', () => {
    expect(fromPathValue('a,b', options({}))).toEqual({ ok: true, value: 'a,b' });
  });

  it('reads an empty non-exploded value as an empty array', () => {
    expect(fromPairs(pairs('id='), options({ style: 'form', shape: 'array' }), everyKey)).toEqual({ ok: true, value: [] });
  });

  it('returns undefined for an absent parameter, including an exploded object with no keys', () => {
    expect(fromPairs(pairs('other=1'), options({ style: 'form' }), everyKey)).toBeUndefined();
    expect(fromPairs(pairs('other=1'), options({ style: 'form', explode: true, shape: 'object' }), () => false)).toBeUndefined();
    expect(fromPairs(pairs('other=1'), options({ style: 'deepObject', shape: 'object' }), everyKey)).toBeUndefined();
  });

  it('rejects an odd key,value list', () => {
    expect(fromPathValue('role,admin,age', options({ shape: 'object' }))).toEqual({ ok: false, message: 'must be a list of key,value pairs' });
  });

  it('rejects a matrix value for another name', () => {
    expect(fromPathValue(';other=5', options({ style: 'matrix' }))).toEqual({ ok: false, message: 'must be written ";id=…" (matrix style)' });
  });

  it('rejects malformed and conflicting deepObject keys', () => {
    const deep = options({ style: 'deepObject', explode: true, shape: 'object' });
    expect(fromPairs(pairs('id[a=1'), deep, everyKey)).toMatchObject({ ok: false });
    expect(fromPairs(pairs('id[a]=1&id[a][b]=2'), deep, everyKey)).toMatchObject({ ok: false });
  });

  it('treats a "__proto__" key as data', () => {
    const result = fromPathValue('__proto__,x', options({ shape: 'object' }));
    expect(result.ok && Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    expect(result.ok && Object.keys(result.value as object)).toEqual(['__proto__']);
  });
});

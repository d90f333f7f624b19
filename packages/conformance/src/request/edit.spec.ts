import type { HttpRequest } from '../model/types';
import { withHeader, withMethod } from './index';

const request: HttpRequest = {
  method: 'POST',
  url: '/t',
  headers: [
    ['X-Key', 'a'],
    ['accept', 'application/json'],
    ['x-key', 'b'],
  ],
  body: '{}',
};

describe('withHeader / withMethod', () => {
  it('replaces a header case-insensitively in place, dropping duplicates', () => {
    expect(withHeader(request, 'x-KEY', 'c').headers).toEqual([
      ['X-Key', 'c'],
      ['accept', 'application/json'],
    ]);
  });

  it('removes every occurrence, appends a new one, and never mutates the original', () => {
    expect(withHeader(request, 'X-KEY', undefined).headers).toEqual([['accept', 'application/json']]);
    expect(withHeader(request, 'Authorization', 'Bearer x').headers.at(-1)).toEqual(['Authorization', 'Bearer x']);
    expect(withHeader(request, 'missing', undefined).headers).toEqual(request.headers);
    expect(request.headers).toHaveLength(3);
  });

  it('changes the method, upper-cased, keeping everything else', () => {
    expect(withMethod(request, 'patch')).toEqual({ ...request, method: 'PATCH' });
  });
});

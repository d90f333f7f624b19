import { evaluate, UNRESOLVED, type LinkSource } from './link-expressions';

/** A link source whose request and response carry `__proto__` but not `constructor`. */
const source: LinkSource = {
  requestCase: { operationId: 'createThing', path: {}, query: JSON.parse('{"__proto__": "q"}'), headers: {}, cookies: {} },
  method: 'POST',
  url: '/things',
  response: { status: 201, headers: {}, bodyText: '{"__proto__": 7, "items": [{"id": 1}]}', elapsedMs: 1 },
};

describe('link runtime expressions on names that are Object.prototype keys', () => {
  it('read own keys named __proto__', () => {
    expect(evaluate('$response.body#/__proto__', source)).toBe(7);
    expect(evaluate('$request.query.__proto__', source)).toBe('q');
    expect(evaluate('$response.body#/items/0/id', source)).toBe(1);
  });

  it('leave inherited names unresolved instead of reading Object.prototype', () => {
    expect(evaluate('$response.body#/constructor', source)).toBe(UNRESOLVED);
    expect(evaluate('$response.body#/items/0/toString', source)).toBe(UNRESOLVED);
    expect(evaluate('$request.query.hasOwnProperty', source)).toBe(UNRESOLVED);
    expect(evaluate('/things/{$response.body#/constructor}', source)).toBe(UNRESOLVED);
  });
});

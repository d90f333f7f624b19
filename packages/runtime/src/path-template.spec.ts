import { compareSpecificity, matchPath, parsePathTemplate } from './path-template';

describe('parsePathTemplate', () => {
  it.each([
    ['/pets', '/pets'],
    ['/', '/'],
    ['/pets/{petId}', '/pets/:p1'],
    ['/repos/{owner}/{repo}/compare/{base}...{head}', '/repos/:p1/:p2/compare/:p4'],
    ['/files/{name}.{ext}', '/files/:p1'],
    ['/v1/models/{model}:generate', '/v1/models/:p2'],
    ['/v1/literal:with:colons/*star', '/v1/:p1/:p2'],
    ['/files/v1.0/index', '/files/v1.0/index'],
  ])('%s → Hono route %s', (template, route) => {
    expect(parsePathTemplate(template).route).toBe(route);
  });
});

describe('matchPath', () => {
  const compare = parsePathTemplate('/compare/{base}...{head}');

  it('extracts and decodes values from the raw path', () => {
    expect(matchPath(compare, '/compare/a%20b...c')).toEqual({ matched: true, params: { base: 'a b', head: 'c' }, malformed: [] });
  });

  it('does not match when the literals of a mixed segment are missing', () => {
    expect(matchPath(compare, '/compare/main').matched).toBe(false);
    expect(matchPath(compare, '/compare/...x').matched).toBe(false);
  });

  it('matches literal-only segments with Hono syntax characters exactly', () => {
    const verb = parsePathTemplate('/x/run:now');
    expect(matchPath(verb, '/x/run:now').matched).toBe(true);
    expect(matchPath(verb, '/x/run:later').matched).toBe(false);
  });

  it('reports values that are not valid percent-encoding', () => {
    expect(matchPath(parsePathTemplate('/p/{id}'), '/p/%E0%A4')).toEqual({ matched: true, params: { id: '%E0%A4' }, malformed: ['id'] });
  });
});

describe('compareSpecificity', () => {
  it('orders literal before mixed before parameter segments', () => {
    const templates = ['/pets/{id}', '/pets/{id}.json', '/pets/mine', '/{any}/mine'].map(parsePathTemplate);
    expect(templates.sort(compareSpecificity).map((t) => t.template)).toEqual([
      '/pets/mine',
      '/pets/{id}.json',
      '/pets/{id}',
      '/{any}/mine',
    ]);
  });
});

/**
 * `pattern` validation in linear time (issue 7, item 5): the engine agrees with JavaScript's
 * RegExp on what matches, does not backtrack, and falls back to RegExp only where RE2 cannot
 * express the pattern. Over real HTTP, because a stalled event loop is what a client notices.
 */
import { createSpecApp } from './create-spec-app';
import { apiSpec, op, param } from './__fixtures__/specs';
import { useLoopbackServer } from './__fixtures__/loopback-server';
import { compilePattern, toRe2Syntax } from './pattern-engine';

/** Patterns seen in real specs (GitHub's, APIs.guru's) and the corners where RE2 and JavaScript differ. */
const PATTERNS = [
  '^[A-Za-z-0-9+/=]+$',
  '^[a-zA-Z0-9_.-]+$',
  '^\\d{3}-\\d{4}$',
  '^[\\w.-]+@[\\w-]+\\.\\w+$',
  '^(?:[a-z0-9]+(?:-[a-z0-9]+)*)$',
  '^refs/heads/(?<branch>.+)$',
  '^.$',
  '^.*$',
  '^\\s$',
  '^\\S+$',
  '^[\\s\\S]$',
  '^[^\\s]$',
  '^[\\s,]+$',
  '^\\uD83D\\uDE00$',
  '^\\u{1F600}$',
  '^[😀-😂]$',
  '^\\u00e9$',
  '^\\p{L}+$',
  '^\\P{Lu}$',
  '\\bfoo\\b',
  '^\\W$',
  '^\\cJ$',
  '^\\/$',
  '^[\\]\\-^]$',
  '^a{2,4}$',
  '^(a+)+$',
];
const INPUTS = ['a', 'aa', 'aaaaa', '', '\r', '\n', '\u2028', '\u00a0', '\ufeff', '\v', ' ', '\t', ', ', '😀', '😁', 'é', 'É', 'foo', 'é foo', 'x@y.z', '123-4567', 'refs/heads/main', 'my-repo_1.0', 'Zm9v+/=', '/', ']', '-', '^', 'abc def', 'αβγ', '\ud83d'];

describe('compilePattern', () => {
  it.each(PATTERNS)('agrees with RegExp(…, "u") on %s, in linear time', (source) => {
    const matcher = compilePattern(source);
    expect(matcher.linear).toBe(true);
    const js = new RegExp(source, 'u');
    for (const input of INPUTS) expect([input, matcher.test(input)]).toEqual([input, js.test(input)]);
  });

  it('falls back to RegExp, correctly, where RE2 has no equivalent', () => {
    for (const [source, yes, no] of [
      ['(?!^.*--)(?!^[0-9]+$)^[A-Za-z0-9-]+$', 'my-ledger', 'my--ledger'],
      ['^(?<=)a(?=b)', 'ab', 'ac'],
      ['^(a)\\1$', 'aa', 'ab'],
      ['^(?<x>a)\\k<x>$', 'aa', 'ab'],
      ['^[a\\S]$', '\u00e9', '\u00a0'],
      ['^\\p{Script=Greek}+$', 'αβ', 'ab'],
      ['^[^]$', '\n', ''],
      // RE2 caps repeat counts at 1000 (AWS's ARNs: `[^/].{0,1023}`).
      ['^arn:[a-z]{0,1023}$', `arn:${'a'.repeat(1023)}`, `arn:${'a'.repeat(1024)}`],
    ] as const) {
      const matcher = compilePattern(source);
      expect([source, matcher.linear]).toEqual([source, false]);
      expect(matcher.fallbackReason).toMatch(/^(a lookaround|a backreference|\\S inside a character class|a construct RE2 rejects .*|an empty character class|a repeat count over 1000)$/);
      expect([source, matcher.test(yes), matcher.test(no)]).toEqual([source, true, false]);
    }
  });

  it('rejects what JavaScript rejects, as ajv would', () => {
    for (const source of ['([a-', '\\x{41}', '(?i)a', 'a{,5}', '\\-']) expect(() => compilePattern(source)).toThrow(SyntaxError);
  });

  it('spells out what RE2 reads differently', () => {
    expect(toRe2Syntax('^.\\s$')).toBe('^[^\\n\\r\\x{2028}\\x{2029}][\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]$');
    expect(toRe2Syntax('[.]\\.')).toBe('[.]\\.');
  });
});

describe('pattern validation over HTTP', () => {
  const spec = apiSpec([
    op('get', '/evil', 'evil', { parameters: [param('q', 'query', { type: 'string', pattern: '^(a+)+$' })] }),
    op('post', '/evil', 'evilBody', {
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string', pattern: '^(a|aa)+$' } } } } } },
    }),
    op('get', '/repos/{owner}', 'repo', { parameters: [param('owner', 'path', { type: 'string', pattern: '^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$' })] }),
  ]);
  const app = createSpecApp(spec, { evil: () => ({ status: 200 }), evilBody: () => ({ status: 200 }), repo: () => ({ status: 200 }) });
  const base = useLoopbackServer(app.fetch);

  it('rejects a 10,000-character adversarial value for ^(a+)+$ in under 100 ms', async () => {
    expect((await fetch(`${base()}/evil?q=aaaa`)).status).toBe(200);
    const adversarial = `${'a'.repeat(10_000)}!`;
    const started = performance.now();
    const query = await fetch(`${base()}/evil?q=${adversarial}`);
    const queryMs = performance.now() - started;
    expect(query.status).toBe(400);
    expect(queryMs).toBeLessThan(100);

    const body = JSON.stringify({ name: adversarial });
    await fetch(`${base()}/evil`, { method: 'POST', body: '{"name":"aa"}', headers: { 'content-type': 'application/json' } });
    const bodyStarted = performance.now();
    const posted = await fetch(`${base()}/evil`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(posted.status).toBe(400);
    expect(performance.now() - bodyStarted).toBeLessThan(100);
  });

  it('still validates an ordinary pattern both ways (GitHub-style owner with a lookahead fallback)', async () => {
    expect((await fetch(`${base()}/repos/octo-cat`)).status).toBe(200);
    expect((await fetch(`${base()}/repos/octo--cat`)).status).toBe(400);
    expect((await fetch(`${base()}/repos/-octo`)).status).toBe(400);
  });
});

describe('internal errors', () => {
  it('are written to stderr once per operation and failure when no onError is given', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      // An apiSpec generate did not check: ajv cannot compile the pattern.
      const app = createSpecApp(apiSpec([op('get', '/broken', 'broken', { parameters: [param('q', 'query', { type: 'string', pattern: '([a-' })] })]), {
        broken: () => ({ status: 200 }),
      });
      for (let i = 0; i < 3; i++) expect((await app.request('/broken?q=x')).status).toBe(500);
      expect(errors).toHaveBeenCalledTimes(1);
      expect(String(errors.mock.calls[0]?.[0])).toContain('operation "broken" failed');
      expect(String(errors.mock.calls[0]?.[1])).toMatch(/Invalid regular expression/);
    } finally {
      errors.mockRestore();
    }
  });
});

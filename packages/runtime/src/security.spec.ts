import type { Context } from 'hono';
import { createSpecApp, type SpecAppOptions } from './create-spec-app';
import type { HandlerMap } from './handler';
import type { OperationSpec, SecurityRequirementSpec, SecuritySchemeSpec } from './operation-spec';
import type { AuthenticateRequest } from './security';
import { apiSpec, op, param, problemOf } from './__fixtures__/specs';

const headerKey: SecuritySchemeSpec = { scheme: 'apiKey', type: 'apiKey', in: 'header', name: 'X-API-Key' };
const queryKey: SecuritySchemeSpec = { scheme: 'queryKey', type: 'apiKey', in: 'query', name: 'api_key' };
const cookieKey: SecuritySchemeSpec = { scheme: 'session', type: 'apiKey', in: 'cookie', name: 'sid' };
const bearer: SecuritySchemeSpec = { scheme: 'bearerAuth', type: 'http', httpScheme: 'bearer' };
const basic: SecuritySchemeSpec = { scheme: 'basicAuth', type: 'http', httpScheme: 'basic' };
const oauth: SecuritySchemeSpec = { scheme: 'oauth', type: 'oauth2' };
const oidc: SecuritySchemeSpec = { scheme: 'oidc', type: 'openIdConnect' };
const mtls: SecuritySchemeSpec = { scheme: 'mtls', type: 'mutualTLS' };

/** What authenticate attached to a request's context, as an app would with `context.set`. */
const users = new WeakMap<Context, string>();

/** One secured operation at GET /secure, plus an open one at GET /open. */
function appFor(security: readonly SecurityRequirementSpec[], options: SpecAppOptions = {}, extra: Partial<OperationSpec> = {}) {
  const spec = apiSpec([op('get', '/secure', 'secure', { security, ...extra }), op('get', '/open', 'open')]);
  const calls: string[] = [];
  const handlers: HandlerMap = {
    secure: (ctx) => {
      calls.push(ctx.operationId);
      return { status: 200, body: { ok: true, user: users.get(ctx.context) ?? null } };
    },
    open: () => ({ status: 200, body: { ok: true } }),
  };
  return { app: createSpecApp(spec, handlers, options), calls };
}

async function expectUnauthorized(response: Response, detail: string | RegExp) {
  expect(response.status).toBe(401);
  const problem = await problemOf(response);
  expect(problem).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401 });
  if (typeof detail === 'string') expect(problem.detail).toBe(detail);
  else expect(problem.detail).toMatch(detail);
}

describe('security: apiKey', () => {
  it('answers 401 without a header key, and runs the handler with one', async () => {
    const { app, calls } = appFor([[headerKey]]);
    const response = await app.request('/secure');
    await expectUnauthorized(response, 'missing credentials: header X-API-Key (apiKey)');
    // apiKey has no standard challenge, so none is sent.
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(calls).toEqual([]);

    expect((await app.request('/secure', { headers: { 'x-api-key': 'k1' } })).status).toBe(200);
    expect(calls).toEqual(['secure']);
  });

  it('treats an empty key as missing', async () => {
    const { app } = appFor([[headerKey]]);
    expect((await app.request('/secure', { headers: { 'X-API-Key': '' } })).status).toBe(401);
    expect((await app.request('/secure', { headers: { 'X-API-Key': '   ' } })).status).toBe(401);
  });

  it('reads a query key', async () => {
    const { app } = appFor([[queryKey]]);
    await expectUnauthorized(await app.request('/secure'), 'missing credentials: query parameter api_key (queryKey)');
    await expectUnauthorized(await app.request('/secure?api_key='), /api_key/);
    // The header of the same name is not the query parameter.
    expect((await app.request('/secure', { headers: { api_key: 'k' } })).status).toBe(401);
    expect((await app.request('/secure?api_key=k')).status).toBe(200);
  });

  it('reads a cookie key', async () => {
    const { app } = appFor([[cookieKey]]);
    await expectUnauthorized(await app.request('/secure'), 'missing credentials: cookie sid (session)');
    expect((await app.request('/secure', { headers: { cookie: 'other=1; sid=' } })).status).toBe(401);
    expect((await app.request('/secure', { headers: { cookie: 'other=1; sid=abc' } })).status).toBe(200);
  });

  it('leaves operations without security alone', async () => {
    const { app } = appFor([[headerKey]]);
    expect((await app.request('/open')).status).toBe(200);
    expect((await appFor([]).app.request('/secure')).status).toBe(200);
  });
});

describe('security: Authorization schemes', () => {
  it('requires a bearer token and challenges with Bearer', async () => {
    const { app } = appFor([[bearer]]);
    const response = await app.request('/secure');
    await expectUnauthorized(response, 'missing credentials: Authorization: Bearer (bearerAuth)');
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect((await app.request('/secure', { headers: { authorization: 'Bearer tok' } })).status).toBe(200);
    expect((await app.request('/secure', { headers: { authorization: 'bEaReR tok' } })).status).toBe(200);
  });

  it('rejects the wrong scheme, and a scheme without credentials', async () => {
    const { app } = appFor([[bearer]]);
    expect((await app.request('/secure', { headers: { authorization: 'Basic dTpw' } })).status).toBe(401);
    expect((await app.request('/secure', { headers: { authorization: 'Bearer' } })).status).toBe(401);
    expect((await app.request('/secure', { headers: { authorization: 'Bearer   ' } })).status).toBe(401);
    expect((await app.request('/secure', { headers: { authorization: 'tok' } })).status).toBe(401);
  });

  it('requires Basic and challenges with a realm', async () => {
    const { app } = appFor([[basic]]);
    const response = await app.request('/secure', { headers: { authorization: 'Bearer tok' } });
    await expectUnauthorized(response, 'missing credentials: Authorization: Basic (basicAuth)');
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="api"');
    expect((await app.request('/secure', { headers: { authorization: `Basic ${btoa('u:p')}` } })).status).toBe(200);
  });

  it('expects oauth2 and openIdConnect tokens as bearer tokens', async () => {
    for (const scheme of [oauth, oidc]) {
      const { app } = appFor([[scheme]]);
      const response = await app.request('/secure');
      await expectUnauthorized(response, `missing credentials: Authorization: Bearer (${scheme.scheme})`);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect((await app.request('/secure', { headers: { authorization: 'Bearer t' } })).status).toBe(200);
    }
  });

  it('counts mutualTLS as satisfied, since TLS terminates before the app', async () => {
    expect((await appFor([[mtls]]).app.request('/secure')).status).toBe(200);
    const { app } = appFor([[mtls, headerKey]]);
    await expectUnauthorized(await app.request('/secure'), 'missing credentials: header X-API-Key (apiKey)');
  });
});

describe('security: alternatives and combinations', () => {
  it('accepts either alternative (OR) and names both when neither is there', async () => {
    const { app } = appFor([[headerKey], [bearer]]);
    const response = await app.request('/secure');
    await expectUnauthorized(response, 'missing credentials: header X-API-Key (apiKey) or Authorization: Bearer (bearerAuth)');
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect((await app.request('/secure', { headers: { 'x-api-key': 'k' } })).status).toBe(200);
    expect((await app.request('/secure', { headers: { authorization: 'Bearer t' } })).status).toBe(200);
  });

  it('needs every scheme of one requirement (AND), and names what is still missing', async () => {
    const { app } = appFor([[headerKey, queryKey]]);
    await expectUnauthorized(
      await app.request('/secure'),
      'missing credentials: header X-API-Key (apiKey) and query parameter api_key (queryKey)',
    );
    await expectUnauthorized(
      await app.request('/secure', { headers: { 'x-api-key': 'k' } }),
      'missing credentials: query parameter api_key (queryKey)',
    );
    expect((await app.request('/secure?api_key=q', { headers: { 'x-api-key': 'k' } })).status).toBe(200);
  });

  it('groups a combination among alternatives, and lists every challenge', async () => {
    const { app } = appFor([[headerKey, cookieKey], [basic], [oauth]]);
    const response = await app.request('/secure');
    await expectUnauthorized(
      response,
      'missing credentials: (header X-API-Key (apiKey) and cookie sid (session)) or Authorization: Basic (basicAuth) or Authorization: Bearer (oauth)',
    );
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="api", Bearer');
  });

  it('enforces nothing when anonymous access is an alternative', async () => {
    const { app, calls } = appFor([[headerKey], []]);
    expect((await app.request('/secure')).status).toBe(200);
    expect(calls).toEqual(['secure']);
  });

  it('checks credentials before reading or validating the request (401, not 400 or 415)', async () => {
    const { app } = appFor([[headerKey]], {}, {
      method: 'get',
      parameters: [param('limit', 'query', { type: 'integer' }, { required: true })],
    });
    expect((await app.request('/secure?limit=abc')).status).toBe(401);
    expect((await app.request('/secure?limit=abc', { headers: { 'x-api-key': 'k' } })).status).toBe(400);
  });

  it('answers 401 before 501 for an operation without a handler', async () => {
    const app = createSpecApp(apiSpec([op('get', '/secure', 'secure', { security: [[headerKey]] })]), {});
    expect((await app.request('/secure')).status).toBe(401);
    expect((await app.request('/secure', { headers: { 'x-api-key': 'k' } })).status).toBe(501);
  });

  it('applies a GET operation’s security to HEAD', async () => {
    const { app } = appFor([[headerKey]]);
    expect((await app.request('/secure', { method: 'HEAD' })).status).toBe(401);
  });

  it('can be turned off with enforceSecurity: false', async () => {
    const authenticate = jest.fn(() => false);
    const { app } = appFor([[headerKey]], { enforceSecurity: false, authenticate });
    expect((await app.request('/secure')).status).toBe(200);
    expect(authenticate).not.toHaveBeenCalled();
  });
});

describe('security: authenticate', () => {
  it('is called with the credentials of each present scheme, and admits on true', async () => {
    const seen: Array<Omit<AuthenticateRequest, 'context'>> = [];
    const { app } = appFor([[headerKey, bearer]], {
      authenticate: ({ operationId, scheme, credentials, context }) => {
        seen.push({ operationId, scheme, credentials });
        users.set(context, 'alice');
        return true;
      },
    });
    const response = await app.request('/secure', { headers: { 'x-api-key': 'k1', authorization: 'Bearer  tok-2' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, user: 'alice' });
    expect(seen).toEqual([
      { operationId: 'secure', scheme: 'apiKey', credentials: 'k1' },
      { operationId: 'secure', scheme: 'bearerAuth', credentials: 'tok-2' },
    ]);
  });

  it('answers 401 "invalid credentials" on false, with error="invalid_token" for a bearer token', async () => {
    const { app, calls } = appFor([[bearer]], { authenticate: () => false });
    const response = await app.request('/secure', { headers: { authorization: 'Bearer nope' } });
    await expectUnauthorized(response, 'invalid credentials: Authorization: Bearer (bearerAuth)');
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(calls).toEqual([]);
  });

  it('is not called when credentials are missing', async () => {
    const authenticate = jest.fn(() => true);
    const { app } = appFor([[headerKey]], { authenticate });
    expect((await app.request('/secure')).status).toBe(401);
    expect(authenticate).not.toHaveBeenCalled();
  });

  it('awaits an async verdict', async () => {
    const { app } = appFor([[headerKey]], {
      authenticate: async ({ credentials }) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return credentials === 'good';
      },
    });
    expect((await app.request('/secure', { headers: { 'x-api-key': 'good' } })).status).toBe(200);
    await expectUnauthorized(await app.request('/secure', { headers: { 'x-api-key': 'bad' } }), 'invalid credentials: header X-API-Key (apiKey)');
  });

  it('accepts only true (a verifier returning nothing fails closed)', async () => {
    const { app } = appFor([[headerKey]], { authenticate: (() => undefined) as unknown as () => boolean });
    expect((await app.request('/secure', { headers: { 'x-api-key': 'k' } })).status).toBe(401);
  });

  it('falls back to the next present alternative when one is rejected', async () => {
    const authenticate = jest.fn(({ scheme }: AuthenticateRequest) => scheme === 'apiKey');
    const { app } = appFor([[bearer], [headerKey]], { authenticate });
    const headers = { authorization: 'Bearer t', 'x-api-key': 'k' };
    expect((await app.request('/secure', { headers })).status).toBe(200);
    expect(authenticate.mock.calls.map(([request]) => request.scheme)).toEqual(['bearerAuth', 'apiKey']);
  });

  it('verifies a scheme shared by alternatives once per request', async () => {
    const authenticate = jest.fn(({ scheme }: AuthenticateRequest) => scheme !== 'queryKey');
    const { app } = appFor([[headerKey, queryKey], [headerKey, cookieKey]], { authenticate });
    const response = await app.request('/secure?api_key=q', { headers: { 'x-api-key': 'k', cookie: 'sid=s' } });
    expect(response.status).toBe(200);
    expect(authenticate.mock.calls.map(([request]) => request.scheme)).toEqual(['apiKey', 'queryKey', 'session']);
  });

  it('turns a throwing verifier into a 500 reported to onError', async () => {
    const errors: unknown[] = [];
    const { app } = appFor([[headerKey]], {
      authenticate: () => {
        throw new Error('db down');
      },
      onError: (error, info) => errors.push(info.operationId),
    });
    const response = await app.request('/secure', { headers: { 'x-api-key': 'k' } });
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('db down');
    expect(errors).toEqual(['secure']);
  });
});

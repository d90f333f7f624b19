/** Validators compile lazily per operation, can be precompiled, and are cached. */
import { createSpecApp, precompileValidators } from './create-spec-app';
import { apiSpec, op, param } from './__fixtures__/specs';
import { createValidatorCache } from './validators';

// An invalid `pattern` makes compiling this operation's validator throw: a visible probe for
// *when* compilation happens.
const broken = op('get', '/broken', 'broken', { parameters: [param('q', 'query', { type: 'string', pattern: '(' })] });
const fine = op('post', '/fine', 'fine', {
  parameters: [param('n', 'query', { type: 'integer' })],
  requestBody: {
    required: true,
    content: {
      'application/json': { schema: { type: 'object' } },
      'application/x-www-form-urlencoded': { schema: { type: 'object' } },
      'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
      'text/plain': {},
    },
  },
});
const spec = apiSpec([broken, fine]);
const handlers = { broken: () => ({ status: 200 }), fine: () => ({ status: 200 }) };

describe('validator compilation', () => {
  it('compiles nothing at start-up: a broken operation only fails when it is called', async () => {
    const errors: string[] = [];
    const app = createSpecApp(spec, handlers, { onError: (error) => errors.push(String(error)) });
    const ok = await app.request('/fine?n=1', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(ok.status).toBe(200);
    const failed = await app.request('/broken?q=x');
    expect(failed.status).toBe(500);
    expect(await failed.text()).not.toContain('pattern');
    expect(errors.join()).toMatch(/Invalid regular expression/);
  });

  it('compiles everything up front with eagerValidation, surfacing schema errors at start-up', () => {
    expect(() => createSpecApp(spec, handlers, { eagerValidation: true })).toThrow(/Invalid regular expression/);
    expect(() => createSpecApp(apiSpec([fine]), handlers, { eagerValidation: true })).not.toThrow();
  });

  it('counts compiled validators: parameters once per operation, one per body media type with a schema', () => {
    const validators = createValidatorCache(apiSpec([fine, op('get', '/x', 'x')]));
    // fine: parameters + json + form (octet-stream is not validated, text/plain has no schema); x: parameters.
    expect(validators.precompile()).toBe(4);
    expect(validators.precompile()).toBe(0);
  });

  it('shares precompiled validators with an app', async () => {
    const validators = precompileValidators(apiSpec([fine]));
    const app = createSpecApp(apiSpec([fine]), handlers, { validators });
    expect(validators.precompile()).toBe(0);
    const response = await app.request('/fine?n=x', { method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.status).toBe(400);
  });
});

/** Handler results → responses: status, content type from the spec, and body serialisation. */
import { createSpecApp } from './create-spec-app';
import type { HandlerResult } from './handler';
import { apiSpec, op } from './__fixtures__/specs';

const responses = {
  '200': { contentTypes: ['application/xml', 'application/json'] },
  '201': { contentTypes: ['text/plain'] },
  '204': { contentTypes: [] },
  '4XX': { contentTypes: ['application/problem+json'] },
  default: { contentTypes: ['application/vnd.error+json'] },
  '206': { contentTypes: ['image/*', 'image/png'] },
};

function respond(result: HandlerResult): Promise<Response> {
  const app = createSpecApp(apiSpec([op('get', '/r', 'r', { responses })]), { r: () => result });
  return Promise.resolve(app.request('/r'));
}

describe('serialising handler results', () => {
  it('defaults to the first JSON media type declared for the status and JSON-encodes', async () => {
    const response = await respond({ status: 200, body: { id: 1 } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ id: 1 });
  });

  it('falls back to the status range, then default', async () => {
    expect((await respond({ status: 404, body: {} })).headers.get('content-type')).toBe('application/problem+json');
    expect((await respond({ status: 503, body: {} })).headers.get('content-type')).toBe('application/vnd.error+json');
  });

  it('uses a declared non-JSON type when that is all there is, and sends strings as text', async () => {
    const response = await respond({ status: 201, body: 'created' });
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(await response.text()).toBe('created');
  });

  it('never defaults to a media range; picks the concrete type', async () => {
    const response = await respond({ status: 206, body: new Uint8Array([137, 80]) });
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([137, 80]));
  });

  it('JSON-encodes a string for a JSON media type', async () => {
    expect(await (await respond({ status: 200, body: 'ok' })).text()).toBe('"ok"');
  });

  it('honours an explicit contentType and extra headers', async () => {
    const response = await respond({ status: 200, body: '<pet/>', contentType: 'application/xml', headers: { 'x-rate-limit': '10' } });
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(response.headers.get('x-rate-limit')).toBe('10');
    expect(await response.text()).toBe('<pet/>');
  });

  it('sends no body and no content type for a body-less result, and drops a body on 204', async () => {
    for (const result of [{ status: 204 }, { status: 204, body: { ignored: true } }, { status: 200 }]) {
      const response = await respond(result);
      expect(response.status).toBe(result.status);
      expect(response.headers.get('content-type')).toBeNull();
      expect(await response.text()).toBe('');
    }
  });

  it('infers a content type for a status the spec does not declare', async () => {
    const app = createSpecApp(apiSpec([op('get', '/r', 'r', { responses: {} })]), {
      r: () => ({ status: 200, body: 'text' }),
    });
    expect((await app.request('/r')).headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });
});

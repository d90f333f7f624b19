/**
 * The engine end to end on every wire form a spec can ask for: parameters in path, query,
 * header and cookie with their styles, and JSON, form-urlencoded and multipart bodies. A server
 * that implements the spec (the runtime, echoing what it parsed) must pass every check, and the
 * requests sent must really use each form.
 */
import { createSpecApp, type HandlerMap } from '@specwright/runtime';
import { buildConformanceModel } from '../model/build-model';
import type { HttpRequest } from '../model/types';
import { formatReport } from '../report/summary';
import { inProcessTarget } from '../target/in-process';
import type { Target } from '../target/target';
import { runConformance } from './run-conformance';

const tag = { type: 'string', minLength: 1, maxLength: 8, pattern: '^[a-z]+$' };
const ok = { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } }, '400': { description: 'bad', content: { 'application/problem+json': { schema: { type: 'object' } } } } };

const document = {
  openapi: '3.1.0',
  info: { title: 'Wire forms', version: '1' },
  paths: {
    '/items/{ids}': {
      get: {
        operationId: 'styles',
        parameters: [
          { name: 'ids', in: 'path', required: true, style: 'label', explode: true, schema: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1, maxItems: 4 } },
          { name: 'tags', in: 'query', style: 'pipeDelimited', explode: false, schema: { type: 'array', items: tag, maxItems: 3 } },
          { name: 'filter', in: 'query', style: 'deepObject', explode: true, schema: { type: 'object', properties: { min: { type: 'integer' }, max: { type: 'integer' } }, additionalProperties: false } },
          { name: 'X-Trace', in: 'header', required: true, schema: { type: 'string', format: 'uuid' } },
          { name: 'session', in: 'cookie', schema: { type: 'string', pattern: '^[a-z0-9]{4,12}$' } },
          { name: 'where', in: 'query', content: { 'application/json': { schema: { type: 'object', properties: { q: tag }, required: ['q'] } } } },
        ],
        responses: ok,
      },
    },
    '/forms': {
      post: {
        operationId: 'form',
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: { type: 'object', required: ['name'], properties: { name: tag, age: { type: 'integer', minimum: 0, maximum: 150 }, admin: { type: 'boolean' } } },
            },
          },
        },
        responses: ok,
      },
    },
    '/uploads': {
      post: {
        operationId: 'upload',
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['file', 'title'],
                properties: { file: { type: 'string', format: 'binary' }, title: tag, meta: { type: 'object', properties: { pages: { type: 'integer', minimum: 1 } } } },
              },
              encoding: { meta: { contentType: 'application/json' } },
            },
          },
        },
        responses: ok,
      },
    },
  },
};

const model = buildConformanceModel(document, '3.1');
const echo = (): { status: number; body: object } => ({ status: 200, body: {} });
const handlers: HandlerMap = { styles: echo, form: echo, upload: echo };

function recording(target: Target): { target: Target; sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  return { sent, target: { baseUrl: target.baseUrl, send: (request) => (sent.push(request), target.send(request)) } };
}

describe('the engine on every wire form', () => {
  it('passes a server that implements the spec, without discarding cases', async () => {
    const { target, sent } = recording(inProcessTarget(createSpecApp(model.apiSpec, handlers)));
    const report = await runConformance(model, target, { cases: 40 });
    if (report.totals.checksFailed > 0) throw new Error(formatReport(report));
    expect(report.operations.reduce((sum, o) => sum + o.discarded, 0)).toBe(0);

    const urls = sent.map((r) => r.url);
    expect(urls.some((u) => /^\/items\/\.\d+\.\d+/.test(u))).toBe(true); // label, exploded
    expect(urls.some((u) => /tags=[a-z]+(%7C|\|)[a-z]+/.test(u))).toBe(true); // pipeDelimited
    expect(urls.some((u) => /filter(%5B|\[)m(in|ax)(%5D|\])=/.test(u))).toBe(true); // deepObject
    expect(urls.some((u) => /where=%7B/.test(u))).toBe(true); // JSON content parameter
    const header = (r: HttpRequest, name: string) => r.headers.find(([n]) => n.toLowerCase() === name)?.[1];
    expect(sent.some((r) => /^session=/.test(header(r, 'cookie') ?? ''))).toBe(true);
    expect(sent.some((r) => header(r, 'content-type') === 'application/x-www-form-urlencoded' && /name=/.test(String(r.body)))).toBe(true);
    const multipart = sent.find((r) => (header(r, 'content-type') ?? '').startsWith('multipart/form-data; boundary='));
    expect(multipart).toBeDefined();
    expect(Buffer.from(multipart!.body as Uint8Array).toString('latin1')).toMatch(/name="file"; filename=/);
  });

  it('catches a server that ignores what each form carries', async () => {
    // Accepts anything: no validation of parameters or bodies at all.
    const lax = { fetch: async () => new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }) };
    const report = await runConformance(model, inProcessTarget(lax), { cases: 20 });
    for (const operationId of ['styles', 'form', 'upload']) {
      const failed = report.operations.find((o) => o.operationId === operationId)!.checks.filter((c) => c.status === 'failed').map((c) => c.check);
      expect(failed).toContain('negative_data_rejection');
    }
    const styles = report.operations.find((o) => o.operationId === 'styles')!;
    expect(styles.checks.find((c) => c.check === 'missing_required_header')!.status).toBe('failed');
    expect(styles.checks.find((c) => c.check === 'unsupported_method')!.status).toBe('failed');
  });
});

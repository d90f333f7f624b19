/**
 * The generated server's request body limit (413) as the engine sees it: the bodies it builds
 * are small, so a server with the default limit passes; a valid body over a server's limit is
 * reported (the spec admits a request the server refuses), not discarded as a generator bug.
 */
import { createSpecApp, type HandlerMap } from '@specwright/runtime';
import { buildConformanceModel } from '../model/build-model';
import { formatReport } from '../report/summary';
import { inProcessTarget } from '../target/in-process';
import { runConformance } from './run-conformance';

const document = {
  openapi: '3.1.0',
  info: { title: 'Notes', version: '1' },
  paths: {
    '/notes': {
      post: {
        operationId: 'createNote',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 2000, maxLength: 4000 } } } } },
        },
        responses: {
          '201': { description: 'created', content: { 'application/json': { schema: { type: 'object' } } } },
          '400': { description: 'invalid', content: { 'application/problem+json': { schema: { type: 'object' } } } },
        },
      },
    },
  },
};
const model = buildConformanceModel(document, '3.1');
const handlers: HandlerMap = { createNote: () => ({ status: 201, body: {} }) };

describe('the engine and the request body limit', () => {
  it('passes a server with the default limit: its bodies stay far below 1 MiB', async () => {
    const report = await runConformance(model, inProcessTarget(createSpecApp(model.apiSpec, handlers)), { cases: 20 });
    if (report.totals.checksFailed > 0) throw new Error(formatReport(report));
    expect(report.operations[0]!.requests).toBeGreaterThan(0);
  });

  it('reports a valid body over the server limit as refused, rather than discarding it', async () => {
    // A schema whose only valid body is over 1 MiB (a `const`: nothing to generate).
    const large = structuredClone(document);
    large.paths['/notes'].post.requestBody.content['application/json'].schema.properties.text = { const: 'a'.repeat(1_100_000) } as never;
    const largeModel = buildConformanceModel(large, '3.1');
    const report = await runConformance(largeModel, inProcessTarget(createSpecApp(largeModel.apiSpec, handlers)), { cases: 5, phases: ['coverage'] });
    expect(formatReport(report)).toMatch(/positive_data_acceptance failed for createNote .*valid request rejected with 413/);
    expect(report.operations[0]!.discarded).toBe(0);
  });
});

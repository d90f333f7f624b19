/**
 * Spec names that are Object.prototype keys (`__proto__`, `constructor`, `toString`) as
 * parameters and body properties, end to end: the model, the generated requests, the checks.
 * The document is JSON.parse'd text, as a loaded spec is: an object literal would turn a
 * `__proto__` key into a prototype change.
 */
import { createSpecApp, type HandlerMap } from '@specwright/runtime';
import Ajv from 'ajv';
import { buildConformanceModel } from '../model/build-model';
import type { HttpRequest } from '../model/types';
import { formatReport } from '../report/summary';
import { inProcessTarget } from '../target/in-process';
import type { Target } from '../target/target';
import { runConformance } from './run-conformance';

const document = JSON.parse(`{
  "openapi": "3.1.0",
  "info": { "title": "Prototype names", "version": "1" },
  "components": {
    "schemas": {
      "Thing": {
        "type": "object",
        "required": ["__proto__", "constructor"],
        "properties": {
          "__proto__": { "type": "integer", "minimum": 0, "maximum": 9 },
          "constructor": { "type": "string", "minLength": 1, "maxLength": 8, "pattern": "^[a-z]+$" },
          "toString": { "type": "boolean" }
        },
        "additionalProperties": false
      }
    },
    "responses": {
      "ok": { "description": "ok", "content": { "application/json": { "schema": { "type": "object" } } } },
      "bad": { "description": "bad", "content": { "application/problem+json": { "schema": { "type": "object" } } } }
    }
  },
  "paths": {
    "/things/{constructor}": {
      "get": {
        "operationId": "getThing",
        "parameters": [
          { "name": "constructor", "in": "path", "required": true, "schema": { "type": "integer", "minimum": 1 } },
          { "name": "__proto__", "in": "query", "required": true, "schema": { "type": "integer", "minimum": 0, "maximum": 9 } },
          { "name": "toString", "in": "query", "schema": { "type": "integer", "minimum": 0 } },
          { "name": "hasOwnProperty", "in": "cookie", "required": true, "schema": { "type": "string", "pattern": "^[a-z]{1,8}$" } },
          { "name": "valueOf", "in": "header", "required": true, "schema": { "type": "string", "pattern": "^[a-z]{1,8}$" } }
        ],
        "responses": { "200": { "$ref": "#/components/responses/ok" }, "400": { "$ref": "#/components/responses/bad" } }
      }
    },
    "/things": {
      "put": {
        "operationId": "putThing",
        "requestBody": { "required": true, "content": {
          "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } },
          "application/x-www-form-urlencoded": { "schema": { "$ref": "#/components/schemas/Thing" } }
        } },
        "responses": { "200": { "$ref": "#/components/responses/ok" }, "400": { "$ref": "#/components/responses/bad" } }
      }
    }
  }
}`);

const model = buildConformanceModel(document, '3.1');
const echo = (): { status: number; body: object } => ({ status: 200, body: {} });
const handlers: HandlerMap = { getThing: echo, putThing: echo };

function recording(target: Target): { target: Target; sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  return { sent, target: { baseUrl: target.baseUrl, send: (request) => (sent.push(request), target.send(request)) } };
}

describe('the engine on names that are Object.prototype keys', () => {
  it('passes a server that implements the spec, and its requests carry those names', async () => {
    const { target, sent } = recording(inProcessTarget(createSpecApp(model.apiSpec, handlers)));
    const report = await runConformance(model, target, { cases: 40 });
    if (report.totals.checksFailed > 0) throw new Error(formatReport(report));
    expect(report.operations.reduce((sum, o) => sum + o.discarded, 0)).toBe(0);
    expect(sent.some((r) => /[?&]__proto__=\d/.test(r.url))).toBe(true);
    expect(sent.some((r) => /^\/things\/\d+/.test(r.url))).toBe(true);
    expect(sent.some((r) => typeof r.body === 'string' && /"__proto__":\d/.test(r.body) && /"constructor":"[a-z]+"/.test(r.body))).toBe(true);
    expect(sent.some((r) => typeof r.body === 'string' && /(^|&)__proto__=\d/.test(r.body))).toBe(true);
  });

  it('catches a server whose validation misses those names', async () => {
    // ajv as most servers set it up: `required: [__proto__]` is met by every object (its
    // prototype is not undefined), and a `__proto__` property's schema is never applied.
    const ajv = new Ajv({ strict: false, coerceTypes: true });
    const thing = ajv.compile(document.components.schemas.Thing);
    const query = ajv.compile({ type: 'object', ...JSON.parse('{"required":["__proto__"],"properties":{"__proto__":{"type":"integer","minimum":0,"maximum":9},"toString":{"type":"integer","minimum":0}}}') });
    const json = (status: number) => new Response('{}', { status, headers: { 'content-type': status === 200 ? 'application/json' : 'application/problem+json' } });
    const naive = {
      async fetch(request: Request): Promise<Response> {
        const url = new URL(request.url);
        if (request.method === 'GET' && /^\/things\/[1-9]\d*$/.test(url.pathname)) {
          const ok = query(Object.fromEntries(url.searchParams)) && request.headers.has('valueOf') && /hasOwnProperty=/.test(request.headers.get('cookie') ?? '');
          return json(ok ? 200 : 400);
        }
        if (request.method === 'PUT' && url.pathname === '/things') {
          const text = await request.text();
          try {
            const body = request.headers.get('content-type') === 'application/json' ? JSON.parse(text) : Object.fromEntries(new URLSearchParams(text));
            return json(thing(body) ? 200 : 400);
          } catch {
            return json(400);
          }
        }
        return json(request.method === 'GET' || request.method === 'PUT' ? 404 : 405);
      },
    };
    const report = await runConformance(model, inProcessTarget(naive), { cases: 40 });
    const failures = formatReport(report);
    for (const operationId of ['getThing', 'putThing']) {
      const failed = report.operations.find((o) => o.operationId === operationId)!.checks.filter((c) => c.status === 'failed').map((c) => c.check);
      expect(failed).toContain('negative_data_rejection');
    }
    expect(failures).toMatch(/missing required property "__proto__"/);
  });
});

/**
 * Test support: ConformanceOperations served by the real runtime with handlers that echo what
 * they parsed, so serialisation can be checked by round trip rather than by string compare.
 */
import { createSpecApp, type ApiSpec, type HandlerContext, type JsonSchema, type OperationSpec } from '@specwright/runtime';
import type { ConformanceOperation, ConformanceParameter, HttpRequest, RequestMediaType } from '../../model/types';

export function parameter(
  name: string,
  location: ConformanceParameter['in'],
  schema: JsonSchema,
  extra: Partial<ConformanceParameter> = {},
): ConformanceParameter {
  const style = extra.style ?? (location === 'query' || location === 'cookie' ? 'form' : 'simple');
  return { name, in: location, required: location === 'path', style, explode: style === 'form', schema, examples: [], ...extra };
}

export function operation(
  operationId: string,
  method: ConformanceOperation['method'],
  path: string,
  extra: { parameters?: ConformanceParameter[]; content?: RequestMediaType[] } = {},
): ConformanceOperation {
  return {
    operationId,
    method,
    path,
    parameters: extra.parameters ?? [],
    ...(extra.content ? { requestBody: { required: false, content: extra.content } } : {}),
    responses: [{ status: '200', content: { 'application/json': {} }, headers: [], links: [] }],
    security: [],
  };
}

export function media(mediaType: string, schema?: JsonSchema, encoding?: RequestMediaType['encoding']): RequestMediaType {
  return { mediaType, ...(schema === undefined ? {} : { schema }), examples: [], ...(encoding ? { encoding } : {}) };
}

function toOperationSpec(op: ConformanceOperation): OperationSpec {
  return {
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    parameters: op.parameters.map(({ examples: _examples, ...spec }) => spec),
    ...(op.requestBody
      ? {
          requestBody: {
            required: op.requestBody.required,
            content: Object.fromEntries(op.requestBody.content.map((m) => [m.mediaType, m.schema === undefined ? {} : { schema: m.schema }])),
          },
        }
      : {}),
    responses: { '200': { contentTypes: ['application/json'] } },
  };
}

/** What a handler saw, as JSON: files become `{ file, type, text }`, bytes `{ bytes: number[] }`. */
export interface Echo {
  readonly path: Record<string, unknown>;
  readonly query: Record<string, unknown>;
  readonly headers: Record<string, unknown>;
  readonly cookies: Record<string, unknown>;
  readonly body: unknown;
  readonly mediaType: string | undefined;
}

async function jsonable(value: unknown): Promise<unknown> {
  if (value instanceof File) return { file: value.name, type: value.type, text: await value.text() };
  if (value instanceof Uint8Array) return { bytes: [...value] };
  if (Array.isArray(value)) return Promise.all(value.map(jsonable));
  if (typeof value === 'object' && value !== null) {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await jsonable(v)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}

export interface EchoApp {
  /** Sends the request in-process; throws with the problem text unless the handler answered. */
  send(request: HttpRequest): Promise<Echo>;
}

export function echoApp(operations: readonly ConformanceOperation[]): EchoApp {
  const spec: ApiSpec = { dialect: '2020-12', components: { schemas: {} }, operations: operations.map(toOperationSpec) };
  const echo = async (ctx: HandlerContext) => ({
    status: 200,
    body: await jsonable({ path: ctx.path, query: ctx.query, headers: ctx.headers, cookies: ctx.cookies, body: ctx.body, mediaType: ctx.mediaType }),
  });
  const app = createSpecApp(spec, Object.fromEntries(operations.map((op) => [op.operationId, echo])));
  return {
    async send(request) {
      const response = await app.request(`http://localhost${request.url}`, {
        method: request.method,
        headers: request.headers.map(([name, value]): [string, string] => [name, value]),
        body: request.body,
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`${request.method} ${request.url} → ${response.status}: ${text}`);
      return JSON.parse(text) as Echo;
    },
  };
}

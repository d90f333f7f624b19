import type { OpenApiDocument } from '../spec/openapi-version';
import { GENERATED_BANNER, type GeneratedFile } from './generated-file';
import { docComment, stringLiteral } from './render-code';

/** `client.ts`: a typed client on openapi-fetch, defaulting to the spec's first absolute server URL. */
export function emitClient(document: OpenApiDocument): GeneratedFile {
  const servers = Array.isArray(document.servers) ? (document.servers as Array<{ url?: unknown }>) : [];
  const absolute = servers.map((s) => s?.url).find((u): u is string => typeof u === 'string' && /^https?:\/\//.test(u) && !u.includes('{'));
  const title = typeof document.info?.title === 'string' ? document.info.title : 'the API';
  return {
    path: 'client.ts',
    contents: [
      GENERATED_BANNER,
      "import createClient, { type ClientOptions } from 'openapi-fetch';",
      "import type { paths } from './types.js';",
      '',
      `/** The spec's server URL, used when no baseUrl is given${absolute ? '' : ' (the spec declares no absolute one)'}. */`,
      `export const defaultBaseUrl: string | undefined = ${absolute ? stringLiteral(absolute) : 'undefined'};`,
      '',
      docComment(`A typed client for ${title}: every path, parameter, body and response is checked by TypeScript.`),
      'export function createApiClient(options: ClientOptions = {}) {',
      '  return createClient<paths>({ baseUrl: defaultBaseUrl, ...options });',
      '}',
      '',
      'export type ApiClient = ReturnType<typeof createApiClient>;',
      '',
    ].join('\n'),
  };
}

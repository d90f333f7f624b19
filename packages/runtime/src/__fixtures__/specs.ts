/** Small builders for ApiSpec test fixtures, with the defaults core applies. */
import type {
  ApiSpec,
  HttpMethod,
  JsonSchema,
  OperationSpec,
  ParameterLocation,
  ParameterSpec,
} from '../operation-spec';
import type { ProblemDetails } from '../problem';

export function param(
  name: string,
  location: ParameterLocation,
  schema: JsonSchema,
  extra: Partial<ParameterSpec> = {},
): ParameterSpec {
  const style = extra.style ?? (location === 'query' || location === 'cookie' ? 'form' : 'simple');
  return { name, in: location, required: location === 'path', style, explode: style === 'form', schema, ...extra };
}

export function op(
  method: HttpMethod,
  path: string,
  operationId: string,
  extra: Partial<Omit<OperationSpec, 'method' | 'path' | 'operationId'>> = {},
): OperationSpec {
  return {
    operationId,
    method,
    path,
    parameters: [],
    responses: { '200': { contentTypes: ['application/json'] } },
    ...extra,
  };
}

export function apiSpec(
  operations: readonly OperationSpec[],
  schemas: ApiSpec['components']['schemas'] = {},
  dialect: ApiSpec['dialect'] = 'draft-07',
): ApiSpec {
  return { dialect, components: { schemas }, operations };
}

export async function problemOf(response: Response): Promise<ProblemDetails> {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as ProblemDetails;
}

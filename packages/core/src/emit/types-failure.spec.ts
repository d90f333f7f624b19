import { generate } from '../generate';
import { isSpecwrightError } from '../errors';
import { useTempWorkspaces } from '../__fixtures__/workspace';
import { typesFailure } from './emit-types';

const workspace = useTempWorkspaces();

describe('a schema openapi-typescript cannot read', () => {
  it('is a clear INVALID_SCHEMA error with the pointer, not an unexpected error', async () => {
    const ws = workspace({
      'api/openapi.yaml': [
        'openapi: 3.0.3',
        'info: { title: t, version: "1" }',
        'paths: {}',
        'components:',
        '  schemas:',
        '    ProductGroup:',
        '      oneOf: [string]',
        '',
      ].join('\n'),
    });
    const error = await generate({ spec: 'api/openapi.yaml', workspaceRoot: ws.root, outDir: 'api/gen', emit: ['types'] }).catch((e: unknown) => e);
    expect(isSpecwrightError(error) && error.code).toBe('INVALID_SCHEMA');
    expect((error as Error).message).toBe('/components/schemas/ProductGroup/oneOf/0 is a string where OpenAPI expects a Schema Object (openapi-typescript cannot type it)');
  });

  it('leaves other failures of openapi-typescript unexpected', () => {
    expect(isSpecwrightError(typesFailure('boom'))).toBe(false);
    expect(typesFailure('boom').message).toBe('openapi-typescript failed: boom');
  });
});

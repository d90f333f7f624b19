import '../../__fixtures__/nx-env';
import { logger, readJson, readProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { clientGenerator, type ClientGeneratorSchema } from './generator';
import { apiGenerator } from '../api/generator';

async function generatorError(tree: Tree, options: ClientGeneratorSchema): Promise<Error> {
  const outcome = await clientGenerator(tree, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the generator to fail');
  return outcome;
}

describe('client generator', () => {
  let tree: Tree;
  beforeEach(async () => {
    jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
    await apiGenerator(tree, { name: 'orders-api', directory: 'apps/orders-api' });
  });
  afterEach(() => jest.restoreAllMocks());

  it("adds a library whose specwright.json points at the api's spec and emits only types and client", async () => {
    await clientGenerator(tree, { name: 'orders-client', directory: 'libs/orders-client', api: 'orders-api' });
    expect(readProjectConfiguration(tree, 'orders-client')).toMatchObject({
      name: 'orders-client',
      root: 'libs/orders-client',
      projectType: 'library',
      sourceRoot: 'libs/orders-client/src',
    });
    expect(readJson(tree, 'libs/orders-client/specwright.json')).toEqual({
      spec: '../../apps/orders-api/openapi.yaml',
      emit: ['types', 'client'],
    });
    expect(tree.read('libs/orders-client/src/index.ts', 'utf-8')).toContain("from './generated/index.js'");
  });

  it('defaults the root to the name', async () => {
    await clientGenerator(tree, { name: 'orders-client', api: 'orders-api' });
    expect(readProjectConfiguration(tree, 'orders-client').root).toBe('orders-client');
    expect(readJson(tree, 'orders-client/specwright.json').spec).toBe('../apps/orders-api/openapi.yaml');
  });

  it('normalises ./ and trailing slashes in --directory', async () => {
    await clientGenerator(tree, { name: 'orders-client', directory: './libs/orders-client/', api: 'orders-api' });
    expect(readProjectConfiguration(tree, 'orders-client').root).toBe('libs/orders-client');
    expect(readJson(tree, 'libs/orders-client/specwright.json').spec).toBe('../../apps/orders-api/openapi.yaml');
  });

  it("follows an api that references its spec through specwright.json", async () => {
    tree.write('specs/orders/openapi.yaml', 'openapi: 3.1.0\n');
    tree.write('apps/billing-api/project.json', JSON.stringify({ name: 'billing-api', root: 'apps/billing-api' }));
    tree.write('apps/billing-api/specwright.json', JSON.stringify({ spec: '../../specs/orders/openapi.yaml' }));
    await clientGenerator(tree, { name: 'billing-client', directory: 'libs/billing-client', api: 'billing-api' });
    expect(readJson(tree, 'libs/billing-client/specwright.json').spec).toBe('../../specs/orders/openapi.yaml');
  });

  it('takes a spec file directly with --spec', async () => {
    tree.write('specs/payments.yaml', 'openapi: 3.1.0\n');
    await clientGenerator(tree, { name: 'payments-client', directory: 'libs/payments-client', spec: 'specs/payments.yaml' });
    expect(readJson(tree, 'libs/payments-client/specwright.json').spec).toBe('../../specs/payments.yaml');
  });

  it('fails clearly for an unknown project', async () => {
    const error = await generatorError(tree, { name: 'x-client', api: 'no-such-api' });
    expect(error.message).toContain('No project named "no-such-api"');
    expect(tree.exists('x-client/specwright.json')).toBe(false);
  });

  it('fails clearly when neither --api nor --spec is given', async () => {
    const error = await generatorError(tree, { name: 'x-client' });
    expect(error.message).toMatch(/--api.*--spec/);
  });

  it('fails clearly for a project without a spec', async () => {
    tree.write('libs/util/project.json', JSON.stringify({ name: 'util', root: 'libs/util' }));
    const error = await generatorError(tree, { name: 'util-client', api: 'util' });
    expect(error.message).toContain('"util" has no OpenAPI spec');
    expect(tree.exists('util-client/specwright.json')).toBe(false);
  });

  it('fails clearly for a --spec that does not exist', async () => {
    const error = await generatorError(tree, { name: 'x-client', spec: 'specs/none.yaml' });
    expect(error.message).toContain('specs/none.yaml');
  });

  it('is idempotent: a second run changes no file', async () => {
    await clientGenerator(tree, { name: 'orders-client', directory: 'libs/orders-client', api: 'orders-api' });
    const first = tree.listChanges().map((c) => [c.path, c.content?.toString()]);
    await clientGenerator(tree, { name: 'orders-client', directory: 'libs/orders-client', api: 'orders-api' });
    expect(tree.listChanges().map((c) => [c.path, c.content?.toString()])).toEqual(first);
  });

  it('keeps a hand-written src/index.ts and the other settings of specwright.json on a rerun', async () => {
    await clientGenerator(tree, { name: 'orders-client', directory: 'libs/orders-client', api: 'orders-api' });
    tree.write('libs/orders-client/src/index.ts', "export { createApiClient } from './generated/client';\n");
    tree.write('libs/orders-client/specwright.json', JSON.stringify({ spec: '../../apps/orders-api/openapi.yaml', emit: ['types', 'client'], outDir: 'src/api' }));
    await clientGenerator(tree, { name: 'orders-client', directory: 'libs/orders-client', api: 'orders-api' });
    expect(tree.read('libs/orders-client/src/index.ts', 'utf-8')).toContain('createApiClient');
    expect(readJson(tree, 'libs/orders-client/specwright.json')).toMatchObject({ outDir: 'src/api' });
  });

  it('refuses a name already used by a project at another root, like the api generator', async () => {
    await clientGenerator(tree, { name: 'orders-client', directory: 'libs/orders-client', api: 'orders-api' });
    const error = await generatorError(tree, { name: 'orders-client', directory: 'libs/other-client', api: 'orders-api' });
    expect(error.message).toContain('libs/orders-client');
    expect(tree.exists('libs/other-client/specwright.json')).toBe(false);
  });
});

import '../__fixtures__/nx-env';
import type { CreateNodesResult } from '@nx/devkit';
import { createNodes } from '../index';
import type { SpecwrightPluginOptions } from './options';
import { nxWorkspaceFiles, petstoreYaml, useTempWorkspaces, type TempWorkspace } from '../__fixtures__/workspace';

const [, createNodesFn] = createNodes;
const workspace = useTempWorkspaces();

function pets(files: Record<string, string | object> = {}): TempWorkspace {
  return workspace({ ...nxWorkspaceFiles(), 'apps/pets/project.json': { name: 'pets' }, 'apps/pets/openapi.yaml': petstoreYaml(), ...files });
}

async function infer(ws: TempWorkspace, configFile: string, options: SpecwrightPluginOptions = {}): Promise<unknown> {
  return createNodesFn([configFile], options, { nxJsonConfiguration: {}, workspaceRoot: ws.root });
}

describe('graph construction refuses an outDir that generate could only refuse', () => {
  it.each([
    ['"." in specwright.json', { outDir: '.' }, /apps\/pets\/specwright\.json#\/outDir: outDir "\." is the project root, which generate would replace as a whole \[UNSAFE_OUTPUT_DIR\]\n {2}fix: /],
    ['"../.." in specwright.json', { outDir: '../..' }, /outDir "\.\.\/\.\." is above the project root/],
    ['the handlers folder', { outDir: 'src/handlers' }, /outDir "src\/handlers" holds the hand-owned handlers folder "src\/handlers"/],
    ['a folder inside the handlers', { outDir: 'src/handlers/gen' }, /lies inside the hand-owned handlers folder/],
    ['a folder holding the spec', { outDir: 'spec', spec: 'spec/openapi.yaml' }, /outDir "spec" holds the spec "spec\/openapi\.yaml"/],
  ])('%s', async (_what, config, message) => {
    const ws = pets({ 'apps/pets/specwright.json': config, 'apps/pets/spec/openapi.yaml': petstoreYaml() });
    await expect(infer(ws, 'apps/pets/specwright.json')).rejects.toThrow(message);
  });

  it('names nx.json when the plugin options set it', async () => {
    const ws = pets();
    await expect(infer(ws, 'apps/pets/openapi.yaml', { outDir: './' })).rejects.toThrow(
      /^nx\.json#@specwright\/nx options\/outDir: outDir "\.\/" is the project root/,
    );
  });

  it('infers the targets of a folder of its own', async () => {
    const ws = pets({ 'apps/pets/specwright.json': { outDir: 'gen', handlersDir: 'handlers' } });
    const [[, result]] = (await infer(ws, 'apps/pets/specwright.json')) as Array<[string, CreateNodesResult]>;
    expect(result.projects?.['apps/pets']?.targets?.['generate']?.options).toMatchObject({ outDir: 'apps/pets/gen', handlersDir: 'apps/pets/handlers' });
  });
});

describe('graph construction refuses a lock folder that a cache hit could only damage', () => {
  it.each([
    ['an outDir holding it', { lockDir: 'src/generated/lock' }, /specwright\.json#\/outDir: outDir "src\/generated" holds the generation lock folder "src\/generated\/lock", which generate would delete \[UNSAFE_OUTPUT_DIR\]/],
    ['an outDir inside it', { outDir: 'specwright.lock/gen' }, /outDir "specwright\.lock\/gen" lies inside the generation lock folder "specwright\.lock"/],
    ['the project root', { lockDir: '.' }, /apps\/pets\/specwright\.json#\/lockDir: lockDir "\." is the project root \[UNSAFE_OUTPUT_DIR\]\n {2}fix: the lock is an output of generate/],
    ['a folder above the project', { lockDir: '..' }, /lockDir "\.\." holds the project root/],
    ['a folder outside the workspace', { lockDir: '../../../locks' }, /lockDir "\.\.\/\.\.\/\.\.\/locks" lies outside the workspace/],
    ['a folder holding the spec', { lockDir: 'spec', spec: 'spec/openapi.yaml' }, /lockDir "spec" holds the spec "spec\/openapi\.yaml"/],
    ['a folder holding the handlers', { lockDir: 'hand', handlersDir: 'hand/handlers' }, /lockDir "hand" holds the hand-owned handlers folder "hand\/handlers"/],
    ['a path Nx would read as a glob', { lockDir: 'locks/[ai]' }, /lockDir "locks\/\[ai\]" has a glob character/],
  ])('%s', async (_what, config, message) => {
    const ws = pets({ 'apps/pets/specwright.json': config, 'apps/pets/spec/openapi.yaml': petstoreYaml() });
    await expect(infer(ws, 'apps/pets/specwright.json')).rejects.toThrow(message);
  });

  it('names nx.json when the plugin options set lockDir', async () => {
    await expect(infer(pets(), 'apps/pets/openapi.yaml', { lockDir: '.' })).rejects.toThrow(/^nx\.json#@specwright\/nx options\/lockDir: lockDir "\." is the project root/);
  });

  it('does not check the lock of a project without a server, which has none', async () => {
    const ws = pets({ 'apps/pets/specwright.json': { emit: ['types', 'client'], lockDir: '.' } });
    await expect(infer(ws, 'apps/pets/specwright.json')).resolves.toHaveLength(1);
  });
});

describe('graph construction refuses provider "anthropic" without a model', () => {
  it('naming nx.json when the plugin options chose the provider', async () => {
    await expect(infer(pets(), 'apps/pets/openapi.yaml', { provider: 'anthropic' })).rejects.toThrow(
      /^nx\.json#@specwright\/nx options\/provider: provider "anthropic" needs a pinned model id in "model" \[INVALID_OPTION\]\n {2}fix: Add e\.g\. "model"/,
    );
  });

  it('naming specwright.json when it chose the provider', async () => {
    const ws = pets({ 'apps/pets/specwright.json': { provider: 'anthropic' } });
    await expect(infer(ws, 'apps/pets/specwright.json')).rejects.toThrow(/^apps\/pets\/specwright\.json#\/provider: provider "anthropic" needs a pinned model id/);
  });

  it('accepts the model from the other file, and ignores a project without handlers', async () => {
    const ws = pets({ 'apps/pets/specwright.json': { model: 'claude-sonnet-5-5' } });
    const [[, result]] = (await infer(ws, 'apps/pets/specwright.json', { provider: 'anthropic' })) as Array<[string, CreateNodesResult]>;
    expect(result.projects?.['apps/pets']?.targets?.['generate']?.options).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-5-5' });
    const client = pets({ 'apps/pets/specwright.json': { emit: ['types', 'client'] } });
    await expect(infer(client, 'apps/pets/specwright.json', { provider: 'anthropic' })).resolves.toHaveLength(1);
  });
});

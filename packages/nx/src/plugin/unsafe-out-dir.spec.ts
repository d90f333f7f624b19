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

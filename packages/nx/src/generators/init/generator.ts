import {
  addDependenciesToPackageJson,
  formatFiles,
  readNxJson,
  updateNxJson,
  type GeneratorCallback,
  type Tree,
} from '@nx/devkit';
import { dependencyVersions } from '../../utils/versions';

export interface InitGeneratorSchema {
  skipPackageJson?: boolean;
  skipFormat?: boolean;
}

export const PLUGIN_NAME = '@specwright/nx';

const GITIGNORE_BLOCK = [
  '# Specwright: generated code is a build artifact (nx run <project>:generate restores it)',
  'src/generated/',
  '.specwright-generate.lock',
];

/**
 * `nx add @specwright/nx`: registers the plugin in nx.json, gitignores generated output and
 * adds the packages generated code imports. Running it again changes nothing.
 */
export async function initGenerator(tree: Tree, options: InitGeneratorSchema = {}): Promise<GeneratorCallback> {
  registerPlugin(tree);
  ignoreGeneratedOutput(tree);
  let install: GeneratorCallback = () => undefined;
  if (!options.skipPackageJson) {
    const v = dependencyVersions();
    install = addDependenciesToPackageJson(
      tree,
      { '@specwright/runtime': v.specwright, hono: v.hono, 'openapi-fetch': v['openapi-fetch'] },
      { '@specwright/nx': v.specwright, '@specwright/core': v.specwright },
      undefined,
      true,
    );
  }
  if (!options.skipFormat) await formatFiles(tree);
  return install;
}

function registerPlugin(tree: Tree): void {
  const nxJson = readNxJson(tree) ?? {};
  const plugins = nxJson.plugins ?? [];
  const present = plugins.some((p) => (typeof p === 'string' ? p : p.plugin) === PLUGIN_NAME);
  if (present) return;
  nxJson.plugins = [...plugins, { plugin: PLUGIN_NAME, options: {} }];
  updateNxJson(tree, nxJson);
}

function ignoreGeneratedOutput(tree: Tree): void {
  const current = tree.exists('.gitignore') ? (tree.read('.gitignore', 'utf-8') ?? '') : '';
  const lines = current.split(/\r?\n/);
  const missing = GITIGNORE_BLOCK.slice(1).filter((line) => !lines.includes(line));
  if (missing.length === 0) return;
  const prefix = current === '' || current.endsWith('\n') ? current : `${current}\n`;
  tree.write('.gitignore', `${prefix}${current === '' ? '' : '\n'}${GITIGNORE_BLOCK[0]}\n${missing.join('\n')}\n`);
}

export default initGenerator;

import {
  addDependenciesToPackageJson,
  formatFiles,
  readNxJson,
  updateNxJson,
  type GeneratorCallback,
  type Tree,
} from '@nx/devkit';
import { dependencyVersions } from '../../utils/versions';
import { wireTargetDefaults } from './wire-target-defaults';

export interface InitGeneratorSchema {
  skipPackageJson?: boolean;
  skipFormat?: boolean;
}

export const PLUGIN_NAME = '@specwright/nx';

/** What init adds to .gitignore: blocks of a comment and lines, each line unless already there. */
const GITIGNORE_BLOCKS: ReadonlyArray<{ comment: string; lines: ReadonlyArray<{ line: string; present: readonly string[] }> }> = [
  {
    comment: '# Specwright: generated code is a build artifact (nx run <project>:generate restores it)',
    lines: [
      // `**/`: a pattern with a slash inside is anchored at the .gitignore's folder, so a bare
      // `src/generated/` (what init wrote before) matched only a project at the workspace root.
      { line: '**/src/generated/', present: ['**/src/generated/', '**/src/generated'] },
      // The lock of a running generate, beside its output folder: `.<output folder>.specwright.lock`.
      { line: '.*.specwright.lock', present: ['.*.specwright.lock', '*.specwright.lock'] },
    ],
  },
  {
    // Anchored: a project folder named reports elsewhere must stay tracked.
    comment: '# Specwright: conformance reports (nx run <project>:conformance writes JUnit XML there)',
    lines: [{ line: '/reports/', present: ['/reports/', '/reports', 'reports/', 'reports'] }],
  },
];

/** Jest runs the generated conformance suite (`nx run <project>:conformance`). */
export const JEST_VERSION = '^30.0.0';

/**
 * `nx add @specwright/nx`: registers the plugin in nx.json (after the plugins already there, so
 * its additions to @nx/js/typescript's targets merge onto them), makes build, typecheck and test
 * run generate first (target defaults), gitignores generated output and conformance reports, and
 * adds the packages generated code imports and the conformance target
 * runs (@specwright/conformance, jest). Running it again changes nothing.
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
      { '@specwright/nx': v.specwright, '@specwright/core': v.specwright, '@specwright/conformance': v.specwright, jest: JEST_VERSION },
      undefined,
      true,
    );
  }
  if (!options.skipFormat) await formatFiles(tree);
  return install;
}

/**
 * Registers the plugin (once) and wires the target defaults. Generators that add target defaults
 * of their own (`@nx/js:library` adds `@nx/js:tsc` in a paths workspace) call it again after.
 */
export function registerPlugin(tree: Tree): void {
  const nxJson = readNxJson(tree) ?? {};
  const plugins = nxJson.plugins ?? [];
  const entry = plugins.find((p) => (typeof p === 'string' ? p : p.plugin) === PLUGIN_NAME);
  let changed = false;
  if (!entry) {
    nxJson.plugins = [...plugins, { plugin: PLUGIN_NAME, options: {} }];
    changed = true;
  }
  const options = entry && typeof entry !== 'string' ? (entry.options as { generateTargetName?: unknown } | undefined) : undefined;
  const generateTarget = typeof options?.generateTargetName === 'string' ? options.generateTargetName : 'generate';
  if (wireTargetDefaults(nxJson, generateTarget)) changed = true;
  if (changed) updateNxJson(tree, nxJson);
}

function ignoreGeneratedOutput(tree: Tree): void {
  const current = tree.exists('.gitignore') ? (tree.read('.gitignore', 'utf-8') ?? '') : '';
  const lines = current.split(/\r?\n/).map((line) => line.trim());
  const blocks = GITIGNORE_BLOCKS.map(({ comment, lines: wanted }) => ({
    comment,
    missing: wanted.filter((w) => !w.present.some((p) => lines.includes(p))).map((w) => w.line),
  })).filter((block) => block.missing.length > 0);
  if (blocks.length === 0) return;
  const prefix = current === '' || current.endsWith('\n') ? current : `${current}\n`;
  const added = blocks.map((block) => `${block.comment}\n${block.missing.join('\n')}\n`).join('');
  tree.write('.gitignore', `${prefix}${current === '' ? '' : '\n'}${added}`);
}

export default initGenerator;

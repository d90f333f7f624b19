import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { typescriptTargetAdditions, typescriptTargetConfig } from './typescript-targets';

const GENERATED_CODE = { dependentTasksOutputFiles: '**/*.ts', transitive: true };

describe("a spec project's TypeScript targets take generate's output as input", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'specwright-ts-targets-'));
    mkdirSync(join(root, 'packages/orders-api'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const touch = (file: string): void => writeFileSync(join(root, 'packages/orders-api', file), '{}');

  it('reads @nx/js/typescript as create-nx-workspace --preset=ts registers it', () => {
    const config = typescriptTargetConfig({
      plugins: [{ plugin: '@nx/js/typescript', options: { typecheck: { targetName: 'typecheck' }, build: { targetName: 'build', configName: 'tsconfig.lib.json' } } }],
    });
    expect(config).toEqual({ typecheck: { targetName: 'typecheck', configName: 'tsconfig.json' }, build: { targetName: 'build', configName: 'tsconfig.lib.json' } });
  });

  it("follows the plugin's defaults and renamed targets (typecheck on, build off unless configured)", () => {
    expect(typescriptTargetConfig({ plugins: ['@nx/js/typescript'] })).toEqual({ typecheck: { targetName: 'typecheck', configName: 'tsconfig.json' }, build: undefined });
    expect(typescriptTargetConfig({ plugins: [{ plugin: '@nx/js/typescript', options: { typecheck: false, build: { targetName: 'compile' } } }] })).toEqual({
      typecheck: undefined,
      build: { targetName: 'compile', configName: 'tsconfig.lib.json' },
    });
    expect(typescriptTargetConfig({ plugins: ['@nx/vite/plugin'] })).toBeUndefined();
    expect(typescriptTargetConfig(undefined)).toBeUndefined();
  });

  it('adds the generated .ts files to the inputs of the targets @nx/js/typescript infers there, after its own ("...")', () => {
    touch('tsconfig.json');
    touch('tsconfig.lib.json');
    const config = typescriptTargetConfig({ plugins: [{ plugin: '@nx/js/typescript', options: { build: true } }] });
    expect(typescriptTargetAdditions(root, 'packages/orders-api', config)).toEqual({
      typecheck: { inputs: ['...', GENERATED_CODE] },
      build: { inputs: ['...', GENERATED_CODE] },
    });
  });

  it('adds no target the project does not have (no tsconfig, or no @nx/js/typescript)', () => {
    const config = typescriptTargetConfig({ plugins: [{ plugin: '@nx/js/typescript', options: { build: true } }] });
    expect(typescriptTargetAdditions(root, 'packages/orders-api', config)).toEqual({});
    touch('tsconfig.json');
    expect(Object.keys(typescriptTargetAdditions(root, 'packages/orders-api', config))).toEqual(['typecheck']);
    expect(typescriptTargetAdditions(root, 'packages/orders-api', undefined)).toEqual({});
  });
});

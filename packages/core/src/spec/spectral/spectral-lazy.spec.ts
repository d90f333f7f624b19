import { lintSpec } from '../lint';
import { petstoreYaml, useTempWorkspaces } from '../../__fixtures__/workspace';

const workspace = useTempWorkspaces();

/** Spectral's packages in Jest's module registry (what `require.cache` shows). */
function loadedSpectralModules(): string[] {
  return Object.keys(require.cache).filter((id) => id.includes('@stoplight'));
}

// Its own test file: Jest's module registry is per file, and the other Spectral tests load it.
describe('lintSpec without a Spectral ruleset', () => {
  it('does not load Spectral at all (the lint costs what it did before)', async () => {
    const ws = workspace({ 'api/openapi.yaml': petstoreYaml() });
    expect(loadedSpectralModules()).toEqual([]);
    const result = await lintSpec('api/openapi.yaml', { workspaceRoot: ws.root });
    expect(result.errors).toBe(0);
    expect(result).not.toHaveProperty('spectralRuleset');
    expect(loadedSpectralModules()).toEqual([]);

    // The same check sees Spectral once a ruleset is there.
    ws.write('.spectral.yaml', 'extends: spectral:oas\n');
    await lintSpec('api/openapi.yaml', { workspaceRoot: ws.root });
    expect(loadedSpectralModules()).toEqual(expect.arrayContaining([expect.stringContaining('spectral-core')]));
  });
});

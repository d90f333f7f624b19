/**
 * The spec-lint inputs for Spectral. The graph does not look for a ruleset (createNodes checks
 * no file for it: the lint executor looks, the project's first, then the workspace root's);
 * instead every place it may be is an input, which costs nothing where there is none (Nx hashes
 * what matches). With each ruleset goes the `functions/` folder beside it, where Spectral finds
 * custom functions by default (a ruleset's `functionsDir` elsewhere, or files it `extends`
 * outside these places, must be added to the target's inputs by hand).
 */
export function spectralInputs(projectRoot: string): string[] {
  const places = projectRoot === '.' ? ['{workspaceRoot}'] : ['{projectRoot}', '{workspaceRoot}'];
  return places.flatMap((place) => [`${place}/.spectral.{yaml,yml,json}`, `${place}/functions/**/*`]);
}

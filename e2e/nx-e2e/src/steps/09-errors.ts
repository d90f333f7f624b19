import { changedFiles, snapshot } from '../support/files';
import { assertFailed } from '../support/run';
import type { Workspace } from '../support/workspace';

const SPEC = 'apps/orders-api/openapi.yaml';
const OUT = 'apps/orders-api/src/generated';
const GOOD_REF = "$ref: '#/components/schemas/NewPet'";
const BROKEN_REF = "$ref: './schemas/missing.yaml#/NewPet'";

/** Step 9: a broken spec fails with a located message, no stack trace, and untouched output. */
export function errorSteps(ws: () => Workspace): void {
  describe('9. errors', () => {
    let original: string;
    let brokenLine: number;

    beforeAll(() => {
      original = ws().read(SPEC);
      expect(original).toContain(GOOD_REF);
      brokenLine = original.split('\n').findIndex((l) => l.includes(GOOD_REF)) + 1;
      ws().write(SPEC, original.replace(GOOD_REF, BROKEN_REF));
    });

    afterAll(() => {
      ws().write(SPEC, original);
    });

    const expectLocatedFailure = (output: string): void => {
      expect(output).toMatch(new RegExp(`${SPEC.replace(/\./g, '\\.')}:${brokenLine}:\\d+`));
      expect(output).toContain('schemas/missing.yaml');
      expect(output).not.toMatch(/^\s{4}at /m);
    };

    it('generate on an unresolved $ref exits non-zero with file and line, no stack, and keeps the output', async () => {
      const before = snapshot(ws().path(OUT));
      expect(Object.keys(before).length).toBeGreaterThan(0);
      const result = assertFailed(await ws().nx('run', 'orders-api:generate'));
      expectLocatedFailure(result.output);
      expect(changedFiles(before, snapshot(ws().path(OUT)))).toEqual([]);
    });

    it('the generate executor itself (without spec-lint first) reports it the same way', async () => {
      const before = snapshot(ws().path(OUT));
      const result = assertFailed(await ws().nx('run', 'orders-api:generate', '--exclude-task-dependencies'));
      expect(result.output).toMatch(/^> nx run orders-api:generate/m);
      expect(result.output).not.toMatch(/^> nx run orders-api:spec-lint/m);
      expectLocatedFailure(result.output);
      expect(result.output).toContain('REF_UNRESOLVED');
      expect(changedFiles(before, snapshot(ws().path(OUT)))).toEqual([]);
    });
  });
}

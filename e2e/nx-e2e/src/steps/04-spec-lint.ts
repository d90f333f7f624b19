import { assertFailed, assertSucceeded } from '../support/run';
import type { Workspace } from '../support/workspace';

const SPEC = 'apps/orders-api/openapi.yaml';
const SERVER_URL = 'https://petstore.specwright.dev/v1';

/** Step 4: spec-lint passes on the template and fails, with a located message, on an error. */
export function specLintSteps(ws: () => Workspace): void {
  describe('4. nx run orders-api:spec-lint', () => {
    it('passes on the template spec', async () => {
      const result = assertSucceeded(await ws().nx('run', 'orders-api:spec-lint'));
      expect(result.output).toContain(`${SPEC}: 0 error(s)`);
    });

    it('fails on a lint error and prints file:line:col rule message', async () => {
      const original = ws().read(SPEC);
      const lines = original.split('\n');
      const line = lines.findIndex((l) => l.includes(`url: ${SERVER_URL}`));
      expect(line).toBeGreaterThan(-1);
      // minimal ruleset: a trailing slash on a server URL is an error.
      ws().write(SPEC, original.replace(`url: ${SERVER_URL}`, `url: ${SERVER_URL}/`));
      try {
        const result = assertFailed(await ws().nx('run', 'orders-api:spec-lint'));
        const problem = /^(\S+):(\d+):(\d+) (\S+) (.+)$/m.exec(result.output);
        expect(problem).not.toBeNull();
        const [, file, lineNo, column, rule, message] = problem!;
        expect({ file, line: Number(lineNo), column: Number(column), rule }).toEqual({
          file: SPEC,
          line: line + 1,
          column: lines[line].indexOf('https://') + 1,
          rule: 'no-server-trailing-slash',
        });
        expect(message).toMatch(/trailing slash/i);
        expect(result.output).toContain(`${SPEC}: 1 error(s)`);
      } finally {
        ws().write(SPEC, original);
      }
    });
  });
}

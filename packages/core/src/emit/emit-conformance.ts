import { GENERATED_BANNER, type GeneratedFile } from './generated-file';

/**
 * The conformance suite of a generated server: `openapi.json`, the bundled spec (canonical
 * JSON, so a reformatted or reordered spec gives the same bytes), and `conformance.suite.ts`,
 * which runs @specwright/conformance against the app in-process under Jest. Not `*.test.ts`:
 * Jest's default testMatch would pull it into the project's own `test` target, whose config
 * may not map the `.js` specifiers, so adding Specwright could break a passing `nx test`; the
 * conformance executor names the file explicitly. The engine reads
 * the bundled spec rather than the source files so the suite is self-contained: it needs no
 * $ref resolution at test time and sees exactly what was generated from.
 */
export function emitConformance(canonicalDocument: string): GeneratedFile[] {
  const suite = [
    GENERATED_BANNER,
    '// Contract tests of the app below, judged against ./openapi.json by @specwright/conformance:',
    '// one Jest test per operation and check. `nx run <project>:conformance` runs it (with seed,',
    '// cases and check switches from the target options) and writes JUnit XML.',
    "import { describeConformance } from '@specwright/conformance/jest';",
    "import { createApp } from './app.js';",
    '',
    'describeConformance({ app: () => createApp() });',
    '',
  ].join('\n');
  return [
    { path: 'openapi.json', contents: `${canonicalDocument}\n` },
    { path: 'conformance.suite.ts', contents: suite },
  ];
}

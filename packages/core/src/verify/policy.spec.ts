import { dedent } from '../__fixtures__/workspace';
import { checkPolicy, type PolicyOptions } from './policy';

const FILE = 'implementations/getPet.ts';
const check = (code: string, options: Partial<PolicyOptions> = {}): string[] => checkPolicy(dedent(code), { fileName: FILE, ...options });

const OFFLINE_STYLE = `
  import type { GetPetHandler } from '../handler-types.js';
  import type { components } from '../types.js';
  import { problemResponse } from '@specwright/runtime';

  type Pet = components['schemas']['Pet'];
  const response = { status: 200, body: { id: 1, name: 'Rex' } };
  const handler: GetPetHandler = async ({ path }) => (path.petId > 100 ? problemResponse(404, 'no pet') : response) as unknown as Awaited<ReturnType<GetPetHandler>>;
  export default handler;
`;

describe('checkPolicy', () => {
  it('accepts a handler that imports only the runtime and the emitted type modules', () => {
    expect(check(OFFLINE_STYLE)).toEqual([]);
  });

  it('rejects importing child_process, naming line, column and rule', () => {
    expect(check(`
      import type { GetPetHandler } from '../handler-types.js';
      import { execSync } from 'child_process';
      const handler: GetPetHandler = async () => ({ status: 200, body: execSync('id').toString() }) as never;
      export default handler;
    `)).toEqual([expect.stringMatching(/^implementations\/getPet\.ts\(2,26\): policy error builtin-module: "child_process" is a Node\.js built-in module/)]);
  });

  it.each([
    ["import { readFileSync } from 'node:fs';", 'builtin-module', '(1,30)'],
    ["import * as net from 'net';", 'builtin-module', '(1,22)'],
    ["export { request } from 'https';", 'builtin-module', '(1,25)'],
    ["import vm = require('vm');", 'builtin-module', '(1,21)'],
    ["import { Worker } from 'worker_threads';", 'builtin-module', '(1,24)'],
    ["import { promises } from 'fs/promises';", 'builtin-module', '(1,26)'],
    ["import axios from 'axios';", 'import-not-allowed', '(1,19)'],
    ["import { apiSpec } from '../spec.js';", 'import-not-allowed', '(1,25)'],
    ["import other from './listPets.js';", 'import-not-allowed', '(1,19)'],
  ])('rejects %s', (code, rule, position) => {
    expect(check(code)).toEqual([expect.stringContaining(`${FILE}${position}: policy error ${rule}: `)]);
  });

  it('rejects eval, process.env, dynamic import and computed access on globalThis, each where it is', () => {
    const findings = check(`
      export default async () => {
        const secret = process.env.API_KEY;
        const run = globalThis['ev' + 'al'];
        const fs = await import('fs');
        return { status: 200, body: eval('1 + 1') };
      };
    `);
    expect(findings).toEqual([
      `${FILE}(2,18): policy error process: \`process\` is not available to handlers: handlers do not read the environment or control the process; take configuration from \`services\``,
      `${FILE}(3,15): policy error global-object: \`globalThis\` is not available to handlers: the global object reaches every capability by name`,
      `${FILE}(4,20): policy error dynamic-import: dynamic \`import()\` is not allowed; use a static \`import\` of an allowed module`,
      `${FILE}(5,31): policy error eval: \`eval\` is not available to handlers: code built at run time cannot be checked`,
    ]);
  });

  it.each([
    ["const cp = require('child_process');", 'require'],
    ["const f = new Function('return 1');", 'function-constructor'],
    ["const f = Function('return 1');", 'function-constructor'],
    ["const f = (() => 1).constructor('return process')();", 'function-constructor'],
    ["const f = (async () => 1)['constructor'];", 'function-constructor'],
    ["const g = global.process;", 'global-object'],
    ["const g = (0, eval)('this');", 'eval'],
    ["const { env } = process;", 'process'],
    ["const x = { process };", 'process'],
    ["const r = fetch('http://example.com');", 'network'],
    ['const d = __dirname;', 'module-internals'],
    ["module.exports = {};", 'module-internals'],
    ["const u = import.meta.url;", 'module-internals'],
    ["with (Math) { max(1, 2); }", 'with-statement'],
    ['/// <reference types="node" />\nexport {};', 'triple-slash-reference'],
    ["declare global { interface Window { x: number } }", 'ambient-declaration'],
    ["declare module '../handler-types.js' { interface Handlers { extra: unknown } }", 'ambient-declaration'],
    ["const x = 1 as any;", 'any-cast'],
    ["type T = import('fs').Stats;", 'import-not-allowed'],
  ])('rejects %s (%s)', (code, rule) => {
    expect(check(code)).toEqual(expect.arrayContaining([expect.stringContaining(`: policy error ${rule}: `)]));
  });

  it.each(['// @ts-ignore', '// @ts-expect-error', '// @ts-nocheck', '/* @ts-ignore */', '/**\n * @ts-nocheck\n */'])('rejects %s, which switches the typecheck off', (comment) => {
    const findings = check(`const a = 1;\n${comment}\nconst b: string = 2;\nexport default a + b;`);
    expect(findings).toEqual([expect.stringMatching(/^implementations\/getPet\.ts\(2,1\): policy error ts-directive: /)]);
  });

  it('is not fooled by the same names as properties, in strings or comments, or in types', () => {
    expect(check(`
      import type { GetPetHandler } from '../handler-types.js';
      // eval, process.env and require('fs') in a comment change nothing.
      const words = "process.env eval require('child_process') @ts-ignore";
      const handler: GetPetHandler = async ({ body }) => {
        const record = { eval: 1, process: 'x', require: true, constructor: 2 };
        const value = record.process + String(record.eval);
        const type: typeof globalThis extends object ? string : never = value;
        const fn: Function | undefined = undefined;
        return { status: 200, body: { id: 1, name: type + words + String(fn) + String(body) } } as unknown as Awaited<ReturnType<GetPetHandler>>;
      };
      export default handler;
    `)).toEqual([]);
  });

  it('accepts the project context module and the allowed packages (with subpaths)', () => {
    const code = `
      import type { Services } from '../../context.js';
      import { format } from 'date-fns';
      import { parseISO } from 'date-fns/parseISO';
      export default { format, parseISO } as unknown as Services;
    `;
    expect(check(code, { contextFile: '../context.ts', allowImports: ['date-fns'] })).toEqual([]);
    expect(check(code)).toEqual([
      expect.stringContaining('(1,31): policy error import-not-allowed: "../../context.js" is not an allowed import.'),
      expect.stringContaining('(2,24): policy error import-not-allowed: "date-fns" is not an allowed import.'),
      expect.stringContaining('(3,26): policy error import-not-allowed: "date-fns/parseISO" is not an allowed import.'),
    ]);
  });

  it('resolves relative imports from the candidate’s own folder (operation ids with slashes)', () => {
    const nested = { fileName: 'implementations/repos/get.ts', contextFile: '../context.ts' };
    expect(check("import type { ReposGetHandler } from '../../handler-types.js';\nimport type { Services } from '../../../context.js';\nexport {};", nested)).toEqual([]);
    expect(check("import type { ReposGetHandler } from '../handler-types.js';", nested)).toEqual([
      expect.stringContaining('implementations/repos/get.ts(1,38): policy error import-not-allowed: "../handler-types.js" is not an allowed import. Allowed imports: "@specwright/runtime", "../../handler-types.js", "../../types.js", "../../../context.js".'),
    ]);
  });

  it('lets the project allow a built-in module explicitly', () => {
    expect(check("import { randomUUID } from 'node:crypto';\nexport default randomUUID;", { allowImports: ['node:crypto'] })).toEqual([]);
  });

  it('names what is allowed, so the model can fix the import', () => {
    const [finding] = check("import x from 'lodash';", { contextFile: '../context.ts', allowImports: ['zod'] });
    expect(finding).toContain('Allowed imports: "@specwright/runtime", "zod", "../handler-types.js", "../types.js", "../../context.js".');
  });
});

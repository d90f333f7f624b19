import type { Operation } from '../contract/index-operations';
import { GENERATED_BANNER, type GeneratedFile } from './generated-file';
import { definePropertyStatement, lineComment, objectKey, stringLiteral } from './render-code';

export interface HandlerBinding {
  readonly operation: Operation;
  /** Module specifier relative to `app.ts` (no extension). */
  readonly importPath: string;
  /** Where the handler came from, shown as a comment beside it. */
  readonly origin: string;
}

/**
 * `app.ts`: the Hono app factory. Each operation is bound to its hand-owned handler when one
 * exists, otherwise to its generated implementation; `createApp({ handlers })` overrides any of
 * them (tests, partial mocks) without touching files. Every handler of an app gets the same
 * `services`: `createApp({ services })`, else a fresh `createServices()` from the project's
 * context module (`servicesImport`, relative to app.ts), else a fresh in-memory store.
 */
export function emitApp(bindings: readonly HandlerBinding[], servicesImport?: string): GeneratedFile {
  const lines = [
    GENERATED_BANNER,
    servicesImport === undefined
      ? "import { createDefaultServices, createSpecApp, type SpecAppOptions } from '@specwright/runtime';"
      : "import { createSpecApp, type SpecAppOptions } from '@specwright/runtime';",
    "import { apiSpec } from './spec.js';",
    "import type { Handlers, Services } from './handler-types.js';",
  ];
  if (servicesImport !== undefined) {
    // A TS2305 "has no exported member 'createServices'" here: the context module must export it (see handler-types.ts).
    lines.push(`import { createServices } from ${stringLiteral(servicesImport, "'")};`);
  }
  bindings.forEach((b, i) => lines.push(`import h${i} from ${stringLiteral(b.importPath, "'")};`));
  lines.push('', '/** The handler bound to each operation at generate time. */', 'export const defaultHandlers: Handlers = {');
  // An operation named `__proto__` is defined after the literal (see objectKey in render-code).
  const proto = bindings.findIndex((b) => b.operation.id === '__proto__');
  bindings.forEach((b, i) => {
    if (i !== proto) lines.push(`  ${objectKey(b.operation.id)}: h${i}, ${lineComment(b.origin)}`);
  });
  if (proto === -1) lines.push('};');
  else {
    const b = bindings[proto] as HandlerBinding;
    lines.push('} as Handlers;', lineComment(b.origin), definePropertyStatement('defaultHandlers', b.operation.id, `h${proto}`));
  }
  lines.push(
    '',
    'export interface CreateAppOptions extends SpecAppOptions {',
    '  /** Replace some handlers, e.g. in tests. */',
    '  readonly handlers?: Partial<Handlers>;',
    servicesImport === undefined
      ? '  /** What every handler receives as `services`; default: a fresh in-memory store for this app. */'
      : '  /** What every handler receives as `services`; default: a fresh `createServices()` (the project\'s context module) for this app. */',
    '  readonly services?: Services;',
    '}',
    '',
    '/** A Hono app serving the spec: routing, request validation, and the bound handlers. */',
    'export function createApp(options: CreateAppOptions = {}) {',
    '  const { handlers, services, ...specAppOptions } = options;',
    // Typed, so that a createServices() returning something else than Services is an error here.
    `  const appServices: Services = services ?? ${servicesImport === undefined ? 'createDefaultServices()' : 'createServices()'};`,
    '  const appOptions = { ...specAppOptions, services: appServices };',
    ...(proto === -1 ? ['  return createSpecApp(apiSpec, { ...defaultHandlers, ...handlers }, appOptions);'] : PROTO_SAFE_MERGE),
    '}',
    '',
  );
  return { path: 'app.ts', contents: lines.join('\n') };
}

/**
 * createApp's merge when an operation is named `__proto__`. Compiled for a target before ES2018
 * (Nx workspaces long defaulted to ES2015), `{ ...a, ...b }` becomes Object.assign, whose
 * assignment of "__proto__" sets the prototype, so that operation would lose its handler (501).
 */
const PROTO_SAFE_MERGE = [
  '  // Not `{ ...defaultHandlers, ...handlers }`: see the `__proto__` operation above.',
  '  const merged: Parameters<typeof createSpecApp>[1] = {};',
  '  for (const source of [defaultHandlers, handlers ?? {}] as Array<Record<string, unknown>>) {',
  '    for (const key of Object.keys(source)) Object.defineProperty(merged, key, { value: source[key], enumerable: true, writable: true, configurable: true });',
  '  }',
  '  return createSpecApp(apiSpec, merged, appOptions);',
];

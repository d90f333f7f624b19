import type { Operation } from '../contract/index-operations';
import { GENERATED_BANNER, type GeneratedFile } from './generated-file';
import { commentText, docComment, identifier, stringLiteral, typeKey } from './render-code';

/**
 * `handler-types.ts`: one handler type per operation, derived from openapi-typescript's types
 * through `paths[path][method]` (which exists for every operation, with or without an
 * operationId), and the `Handlers` map the app factory takes.
 *
 * Handlers receive `services` typed as `Services`: the project's own, from its context module
 * (`servicesImport`, e.g. `../context.js` for `src/context.ts`), or else the runtime's
 * DefaultServices (an in-memory store).
 */
export function emitHandlerTypes(operations: readonly Operation[], servicesImport?: string): GeneratedFile {
  const lines = [GENERATED_BANNER];
  if (servicesImport === undefined) {
    lines.push(
      "import type { DefaultServices, OperationHandler } from '@specwright/runtime';",
      "import type { paths } from './types.js';",
      '',
      '/** What every handler receives as `services`: the project has no context.ts, so an in-memory store per app. */',
      'export type Services = DefaultServices;',
      '',
    );
  } else {
    lines.push(
      "import type { OperationHandler } from '@specwright/runtime';",
      // A TS2305 "has no exported member 'Services'" here: the context module must export it.
      `import type { Services as ProjectServices } from ${stringLiteral(servicesImport, "'")};`,
      "import type { paths } from './types.js';",
      '',
      ...SERVICES_CONTRACT.map((line) => `// ${line}`),
      'type ObjectType<T extends object> = T;',
      '/** What every handler receives as `services`: the project\'s, from its context module. */',
      'export type Services = ObjectType<ProjectServices>;',
      '',
    );
  }
  for (const op of operations) {
    const summary = typeof op.definition.summary === 'string' ? ` — ${commentText(op.definition.summary)}` : '';
    lines.push(docComment(`${op.method.toUpperCase()} ${op.path} (${op.id})${summary}`));
    lines.push(`export type ${identifier(op.typeName)}Handler = OperationHandler<paths[${typeKey(op.path)}][${typeKey(op.method)}], Services>;`);
  }
  lines.push('', '/** Every operation\'s handler, keyed by operationId. */', 'export interface Handlers {');
  for (const op of operations) lines.push(`  ${typeKey(op.id)}: ${identifier(op.typeName)}Handler;`);
  lines.push('}', '');
  return { path: 'handler-types.ts', contents: lines.join('\n') };
}

/**
 * What the project's context module (`src/context.ts`) must provide, written beside the checks
 * that enforce it, so that a typecheck error in the generated code explains itself.
 */
const SERVICES_CONTRACT = [
  "The project's context module must export:",
  '  export interface Services { ... }            // an object type: what handlers get as `services`',
  '  export function createServices(): Services { ... }  // called once per app by createApp',
  'Typecheck errors in the generated code that point here or at the import above mean it does not:',
  '- TS2305 "has no exported member \'Services\'" (or \'createServices\', in app.ts): export it;',
  '- TS2344 "does not satisfy the constraint \'object\'" on the next lines: Services must be an object type.',
];

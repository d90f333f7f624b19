import type { Operation } from '../contract/index-operations';
import { GENERATED_BANNER, type GeneratedFile } from './generated-file';
import { commentText, docComment, identifier, typeKey } from './render-code';

/**
 * `handler-types.ts`: one handler type per operation, derived from openapi-typescript's types
 * through `paths[path][method]` (which exists for every operation, with or without an
 * operationId), and the `Handlers` map the app factory takes.
 */
export function emitHandlerTypes(operations: readonly Operation[]): GeneratedFile {
  const lines = [
    GENERATED_BANNER,
    "import type { OperationHandler } from '@specwright/runtime';",
    "import type { paths } from './types.js';",
    '',
  ];
  for (const op of operations) {
    const summary = typeof op.definition.summary === 'string' ? ` — ${commentText(op.definition.summary)}` : '';
    lines.push(docComment(`${op.method.toUpperCase()} ${op.path} (${op.id})${summary}`));
    lines.push(`export type ${identifier(op.typeName)}Handler = OperationHandler<paths[${typeKey(op.path)}][${typeKey(op.method)}]>;`);
  }
  lines.push('', '/** Every operation\'s handler, keyed by operationId. */', 'export interface Handlers {');
  for (const op of operations) lines.push(`  ${typeKey(op.id)}: ${identifier(op.typeName)}Handler;`);
  lines.push('}', '');
  return { path: 'handler-types.ts', contents: lines.join('\n') };
}

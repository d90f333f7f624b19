/**
 * The emitted files of a real generate run, for the verifier's tests: a spec written to a temp
 * workspace and generated in memory (nothing is written to an output folder).
 */
import { generate, type GenerateResult } from '../../generate';
import type { Operation } from '../../contract/index-operations';
import { createWorkspace, petstoreYaml, type TempWorkspace } from '../../__fixtures__/workspace';

export interface GeneratedRun {
  readonly result: GenerateResult;
  operation(id: string): Operation;
  /** The offline provider's implementation of an operation, as emitted. */
  offlineCode(id: string): string;
  dispose(): void;
}

export async function generateRun(spec: string | object = petstoreYaml()): Promise<GeneratedRun> {
  const ws: TempWorkspace = createWorkspace({ 'api/openapi.yaml': spec });
  try {
    const result = await generate({ spec: 'api/openapi.yaml', workspaceRoot: ws.root, outDir: 'api/src/generated' });
    const operation = (id: string): Operation => {
      const found = result.operations.find((o) => o.id === id);
      if (!found) throw new Error(`no operation ${id}`);
      return found;
    };
    return {
      result,
      operation,
      offlineCode(id) {
        const path = `implementations/${operation(id).fileName}.ts`;
        const file = result.files.find((f) => f.path === path);
        if (!file) throw new Error(`no file ${path}`);
        return file.contents;
      },
      dispose: () => ws.dispose(),
    };
  } catch (error) {
    ws.dispose();
    throw error;
  }
}

/** A spec of `count` operations over `count / 2` resources, each with its own schemas: a mid-sized API. */
export function manyOperationsSpec(count: number): object {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (let i = 0; i < count / 2; i++) {
    const name = `Thing${i}`;
    schemas[name] = {
      type: 'object',
      required: ['id', 'name'],
      properties: {
        id: { type: 'integer', example: i },
        name: { type: 'string', maxLength: 40, example: `thing ${i}` },
        tags: { type: 'array', items: { type: 'string' } },
        kind: { type: 'string', enum: ['a', 'b', 'c'] },
        created: { type: 'string', format: 'date-time' },
      },
    };
    const ok = { description: 'ok', content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } };
    paths[`/things${i}/{id}`] = {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      get: { operationId: `getThing${i}`, responses: { '200': ok, '404': { description: 'missing' } } },
      put: {
        operationId: `putThing${i}`,
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } },
        responses: { '200': ok },
      },
    };
  }
  return { openapi: '3.1.0', info: { title: 'Many', version: '1' }, paths, components: { schemas } };
}

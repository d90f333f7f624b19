/**
 * Minimal specs for the diff tests: a document around a few paths, and helpers for the part a
 * rule looks at (a request body schema, a response schema, a parameter).
 */
import type { OpenApiDocument } from '../../spec/openapi-version';
import { diffSpecs } from '../diff-specs';
import type { DiffResult } from '../diff-result';
import type { AcceptEntry } from '../acceptance';

export type Json = Record<string, unknown>;

export function doc(paths: Json, components: Json = {}, extra: Json = {}): OpenApiDocument {
  return { openapi: '3.1.0', info: { title: 'Test', version: '1' }, paths, components, ...extra } as OpenApiDocument;
}

/** One operation at `path` (default POST /items) with a 200 response unless given. */
export function operation(fields: Json = {}, method = 'post', path = '/items'): Json {
  return { [path]: { [method]: { operationId: 'op', responses: { '200': { description: 'ok' } }, ...fields } } };
}

export function requestBody(schema: unknown, required = true): Json {
  return { requestBody: { required, content: { 'application/json': { schema } } } };
}

export function response(schema: unknown, status = '200'): Json {
  return { responses: { [status]: { description: 'ok', content: { 'application/json': { schema } } } } };
}

export function parameters(...list: unknown[]): Json {
  return { parameters: list };
}

/** Diffs two documents (no texts: locations have pointers only). */
export function diff(base: OpenApiDocument, head: OpenApiDocument, accept: AcceptEntry[] = []): DiffResult {
  return diffSpecs({ base: { document: base, file: 'base.yaml' }, head: { document: head, file: 'head.yaml' }, accept });
}

/** The rule ids found, sorted, one per finding. */
export function rulesOf(result: DiffResult): string[] {
  return result.findings.map((f) => f.rule).sort();
}

export const OBJECT = (properties: Json, required: string[] = [], more: Json = {}): Json => ({ type: 'object', properties, required, ...more });

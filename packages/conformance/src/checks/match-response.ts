import { matchMediaType } from '@specwright/runtime';
import type { ConformanceOperation, ConformanceResponse } from '../model/types';

/** The documented response for a status: exact code, then its `NXX` range, then `default`. */
export function documentedResponse(operation: ConformanceOperation, status: number): ConformanceResponse | undefined {
  const code = String(status);
  const range = `${code[0]}XX`;
  return (
    operation.responses.find((r) => r.status === code) ??
    operation.responses.find((r) => r.status.toUpperCase() === range) ??
    operation.responses.find((r) => r.status === 'default')
  );
}

/** The documented media type (or range) a response's Content-Type falls under, most specific first. */
export function documentedMediaType(response: ConformanceResponse, contentType: string): string | undefined {
  return matchMediaType(contentType, Object.keys(response.content));
}

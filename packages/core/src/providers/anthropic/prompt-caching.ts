import type { TokenUsage } from '../provider';

export interface PromptCachingReport {
  /**
   * `effective`: a call after the first read the cached prefix. `ineffective`: none did (the
   * shared context is below the model's minimum cacheable length, or calls ran too far apart
   * or all at once before the first write landed). `unknown`: fewer than two calls.
   */
  readonly status: 'effective' | 'ineffective' | 'unknown';
  readonly calls: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  /** One line for the run summary. */
  readonly summary: string;
}

/**
 * Whether prompt caching took effect over a run's calls, in the order they were made: the API
 * says nothing when a `cache_control` prefix is not cached, so the only evidence is usage.
 */
export function checkPromptCaching(usages: readonly TokenUsage[]): PromptCachingReport {
  const calls = usages.length;
  const cacheReadTokens = usages.reduce((sum, usage) => sum + usage.cacheRead, 0);
  const cacheWriteTokens = usages.reduce((sum, usage) => sum + usage.cacheWrite, 0);
  const counts = { calls, cacheReadTokens, cacheWriteTokens };
  if (calls < 2) return { status: 'unknown', ...counts, summary: `prompt caching: not checked (${calls} call${calls === 1 ? '' : 's'})` };
  if (usages.slice(1).some((usage) => usage.cacheRead > 0)) {
    return { status: 'effective', ...counts, summary: `prompt caching: effective (${cacheReadTokens} tokens read from cache over ${calls} calls)` };
  }
  const why = cacheWriteTokens === 0 ? 'nothing was written to the cache: the shared context may be below the model\'s minimum cacheable length' : 'the cache was written but never read';
  return { status: 'ineffective', ...counts, summary: `prompt caching: no cache reads over ${calls} calls (${why})` };
}

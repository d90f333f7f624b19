/**
 * The `anthropic` provider: Claude writes each handler through the real SDK (streaming,
 * structured output, prompt caching of the run's shared context). The model id is validated up
 * front (it must be pinned: it enters every operation key); the API key is read when a call is
 * made, never stored anywhere but the client that uses it, and never printed.
 */
import Anthropic, { APIConnectionError } from '@anthropic-ai/sdk';
import { toProviderError } from './api-errors';
import { SpecwrightError } from '../../errors';
import type { BatchHooks, BatchRequest, HandlerProvider, Implementation, ImplementRequest, TokenUsage } from '../provider';
import { callModel, DEFAULT_TIMEOUT_MS } from './call-model';
import { estimateCost, findModel, validateModelId } from './models';
import { buildPrompt, PROMPT_VERSION, type BuiltPrompt } from './prompt';
import { runMessageBatch } from './batch';
import { parseModelReply } from './parse-reply';
import { sha256 } from '../../contract/canonical-json';

export { checkPromptCaching, type PromptCachingReport } from './prompt-caching';

/** The SDK's retries of 408/409/429/5xx/529 and dropped connections, honouring `retry-after`. */
export const DEFAULT_MAX_RETRIES = 4;
/** Room for thinking and a long handler; the model's own limit caps it. */
export const DEFAULT_MAX_TOKENS = 32_000;

export interface AnthropicProviderOptions {
  /** A pinned model id (`claude-sonnet-5-5`, `claude-haiku-4-5-20251001`); aliases are refused. */
  readonly model: string;
  /** Default: ANTHROPIC_API_KEY, read at call time. */
  readonly apiKey?: string;
  /** Default: the SDK's (ANTHROPIC_BASE_URL, else the public API). */
  readonly baseURL?: string;
  /** Limit for one model call, streaming included (default 10 minutes). */
  readonly timeoutMs?: number;
  /** The SDK's retries before the response headers (default 4). */
  readonly maxRetries?: number;
  /** `max_tokens` of each call (default 32,000, capped at the model's limit when known). */
  readonly maxTokens?: number;
  /** Module specifiers handlers may import besides `@specwright/runtime` and their handler types. */
  readonly allowImports?: readonly string[];
  /** Extra attempts after a failure past the response headers (default 2), and their first backoff. */
  readonly outerRetries?: number;
  readonly retryDelayMs?: number;
}

export interface AnthropicProvider extends HandlerProvider {
  readonly id: 'anthropic';
  /** Dollars for `usage` on this provider's model, or `undefined` when its price is unknown. */
  estimateCost(usage: TokenUsage, options?: { batch?: boolean }): number | undefined;
}

export function createAnthropicProvider(options: AnthropicProviderOptions): AnthropicProvider {
  const model = validateModelId(options.model);
  const promptVersion = promptVersionFor(options.allowImports ?? []);
  const maxTokens = options.maxTokens ?? Math.min(DEFAULT_MAX_TOKENS, findModel(model)?.maxOutputTokens ?? DEFAULT_MAX_TOKENS);
  const keySource = options.apiKey !== undefined ? 'the apiKey option' : 'ANTHROPIC_API_KEY';
  // One client per key, made on first use: the key is read at call time, and a client keeps its
  // connection pool across the operations of a run.
  let cached: { key: string; client: Anthropic } | undefined;
  const clientFor = (key: string): Anthropic => {
    if (cached?.key !== key) {
      cached = {
        key,
        // apiKey is always passed: without it the SDK would fall back to ANTHROPIC_AUTH_TOKEN and profile credentials.
        client: new Anthropic({ apiKey: key, ...(options.baseURL ? { baseURL: options.baseURL } : {}), maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES, timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS }),
      };
    }
    return cached.client;
  };

  const readKey = (): string => {
    const key = options.apiKey ?? process.env.ANTHROPIC_API_KEY;
    if (!key) {
      throw new SpecwrightError('MISSING_API_KEY', 'the anthropic provider needs an API key: ANTHROPIC_API_KEY is not set (provider "offline" needs none)', {
        fix: 'Set ANTHROPIC_API_KEY in the environment, or use provider "offline" for deterministic handlers without a model.',
      });
    }
    return key;
  };
  const prompt = (request: ImplementRequest) => buildPrompt(request, model, { maxTokens, ...(options.allowImports ? { allowImports: options.allowImports } : {}) });

  return {
    id: 'anthropic',
    modelId: model,
    promptVersion,
    estimateCost: (usage, costOptions) => estimateCost(model, usage, costOptions),
    async implement(request: ImplementRequest): Promise<Implementation> {
      const key = readKey();
      const { params, promptHash } = prompt(request);
      const reply = await callModel(clientFor(key), params, {
        keySource,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.outerRetries !== undefined ? { outerRetries: options.outerRetries } : {}),
        ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      });
      return {
        code: reply.code,
        ...(reply.notes ? { notes: reply.notes } : {}),
        usage: reply.usage,
        provenance: {
          provider: 'anthropic',
          model,
          promptVersion,
          ...(reply.apiVersion ? { apiVersion: reply.apiVersion } : {}),
          ...(reply.requestId ? { requestId: reply.requestId } : {}),
          promptHash,
        },
      };
    },
    async implementBatch(requests: readonly BatchRequest[], hooks: BatchHooks): Promise<ReadonlyMap<string, Implementation | Error>> {
      const key = readKey();
      const prompts = new Map(requests.map(({ request }) => [request.operation.id, prompt(request)]));
      const client = clientFor(key);
      let outcomes: Awaited<ReturnType<typeof runMessageBatch>>;
      try {
        outcomes = await runMessageBatch({
          client,
          items: requests.map(({ request, key: operationKey }) => ({ operationId: request.operation.id, key: operationKey, params: (prompts.get(request.operation.id) as BuiltPrompt).params })),
          ...(hooks.pending ? { pending: hooks.pending } : {}),
          onSubmitted: (pending) => hooks.onSubmitted(pending),
          ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
          ...(hooks.onNotice ? { onNotice: hooks.onNotice } : {}),
          ...(hooks.pollIntervalMs !== undefined ? { pollIntervalMs: hooks.pollIntervalMs } : {}),
          ...(hooks.signal ? { signal: hooks.signal } : {}),
        });
      } catch (error) {
        // Unreachable is unreachable, batch or not: the same one line naming the host and why.
        const cause = error instanceof SpecwrightError && error.code === 'BATCH_FAILED' ? error.cause : error;
        if (cause instanceof APIConnectionError) throw toProviderError(cause, { baseURL: client.baseURL, apiKey: key, keySource });
        throw error;
      }
      const results = new Map<string, Implementation | Error>();
      for (const outcome of outcomes) {
        if (!outcome.result.ok) {
          results.set(outcome.operationId, new SpecwrightError('MODEL_API_ERROR', `batch ${outcome.batchId}: ${outcome.result.error}`));
          continue;
        }
        try {
          const reply = parseModelReply(outcome.result.message);
          results.set(outcome.operationId, {
            code: reply.code,
            ...(reply.notes ? { notes: reply.notes } : {}),
            usage: outcome.result.usage,
            provenance: {
              provider: 'anthropic',
              model,
              promptVersion,
              // Batch results have no request id of their own: the batch's id stands for it.
              requestId: outcome.batchId,
              promptHash: (prompts.get(outcome.operationId) as BuiltPrompt).promptHash,
            },
          });
        } catch (error) {
          results.set(outcome.operationId, error as Error);
        }
      }
      return results;
    },
  };
}

/**
 * The prompt version in every operation key: PROMPT_VERSION, plus a short hash of the extra
 * allowed imports when there are any, since they change what the model is told it may use (so
 * changing allowImports regenerates the AI-written operations, as changing the prompt does).
 */
export function promptVersionFor(allowImports: readonly string[]): string {
  const extra = [...new Set(allowImports)].sort();
  return extra.length === 0 ? PROMPT_VERSION : `${PROMPT_VERSION}+imports.${sha256(extra.join('\n')).slice(0, 12)}`;
}

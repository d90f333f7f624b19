import { SpecwrightError } from '../errors';
import { createOfflineProvider } from './offline/offline-provider';
import type { HandlerProvider } from './provider';

export const PROVIDER_IDS = ['offline', 'anthropic'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/**
 * How a provider is chosen from options (CLI flags, nx.json plugin options, specwright.json).
 * The API key is never one of them: it is read from ANTHROPIC_API_KEY at call time, so it can
 * reach no file, log, lock entry or cache input.
 */
export interface ProviderSettings {
  readonly provider?: ProviderId;
  /** A pinned model id (required for `anthropic`). */
  readonly model?: string;
  /** Per-call timeout in ms. */
  readonly timeoutMs?: number;
  /** Override of the Messages API base URL (tests: the loopback fake); default: the SDK's (ANTHROPIC_BASE_URL or the public API). */
  readonly baseURL?: string;
  readonly allowImports?: readonly string[];
}

/** The provider the settings name; `offline` when none is named. */
export function resolveProvider(settings: ProviderSettings = {}): HandlerProvider {
  const id = settings.provider ?? 'offline';
  if (id === 'offline') return createOfflineProvider();
  if (id === 'anthropic') {
    if (!settings.model) {
      throw new SpecwrightError('INVALID_OPTION', 'provider "anthropic" needs a pinned model id', {
        location: { file: 'options', pointer: '/model' },
        fix: 'Set "model" (for example "claude-sonnet-5-5") in nx.json plugin options, specwright.json, or --model.',
      });
    }
    // Required here, not imported: offline runs (the default) never load the SDK.
    const { createAnthropicProvider } = require('./anthropic/anthropic-provider') as typeof import('./anthropic/anthropic-provider');
    return createAnthropicProvider({ model: settings.model, baseURL: settings.baseURL, timeoutMs: settings.timeoutMs, allowImports: settings.allowImports });
  }
  throw new SpecwrightError('INVALID_OPTION', `Unknown provider "${String(id)}"`, {
    location: { file: 'options', pointer: '/provider' },
    fix: `Use one of: ${PROVIDER_IDS.join(', ')}.`,
  });
}

/**
 * Versions that enter every operation key. Bump EMITTED_INTERFACE_VERSION when the handler
 * interface that generated code exposes changes shape, so pinned implementations are regenerated.
 */
export const EMITTED_INTERFACE_VERSION = '2';

/** The offline provider's "model id" and prompt version as they appear in keys and provenance. */
export const OFFLINE_MODEL_ID = 'specwright-offline';
export const OFFLINE_PROVIDER_VERSION = '2';

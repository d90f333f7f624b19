import type { Operation } from '../contract/index-operations';
import type { OpenApiDocument, OpenApiVersion } from '../spec/openapi-version';
import type { PendingBatch } from '../lock/lock-types';

/** One earlier attempt at an operation that verification rejected, fed back to the model. */
export interface RejectedAttempt {
  /** The code the provider returned. */
  readonly code: string;
  /** The exact errors verification reported (typecheck diagnostics, policy findings, conformance failures). */
  readonly errors: readonly string[];
}

/** What a provider is given to implement one operation. */
export interface ImplementRequest {
  readonly document: OpenApiDocument;
  readonly version: OpenApiVersion;
  readonly operation: Operation;
  /** Module specifier, relative to the implementation file, of the generated handler types. */
  readonly handlerTypesImport: string;
  /** The canonical contract text (built on demand: it can be large). */
  contract(): string;
  /**
   * Text every operation of this run shares (the handler API, the project's context interface):
   * the same bytes for every request, so a provider can mark it for prompt caching.
   */
  readonly sharedContext?: string;
  /** Earlier attempts of this run that failed verification, oldest first (empty on the first). */
  readonly rejected?: readonly RejectedAttempt[];
  /** Aborts the request (the run was stopped). */
  readonly signal?: AbortSignal;
}

/** Tokens one or more model calls used; all zero for providers without a model. */
export interface TokenUsage {
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
}

export const NO_USAGE: TokenUsage = Object.freeze({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 });

/** Provenance recorded for every implementation (in the manifest and the generation lock). */
export interface ImplementationProvenance {
  readonly provider: string;
  readonly model: string;
  readonly promptVersion: string;
  /** `anthropic-version` the request was sent with (model providers only). */
  readonly apiVersion?: string;
  /** The API's request id of the call that produced this code (model providers only). */
  readonly requestId?: string;
  /** sha256 of the exact prompt (system + messages) sent; absent for providers without a prompt. */
  readonly promptHash?: string;
}

export interface Implementation {
  /** A TypeScript module whose default export is the operation's handler. */
  readonly code: string;
  readonly provenance: ImplementationProvenance;
  /** Tokens this call used (absent: none). */
  readonly usage?: TokenUsage;
  /** The model's notes on its implementation (assumptions, limits); not part of the code. */
  readonly notes?: string;
}

/**
 * Supplies handler implementations for operations that have no hand-owned handler. `offline`
 * is built in and deterministic; `anthropic` calls Claude. The pipeline only ever sees this
 * interface; the implement stage (implement/) verifies, repairs and pins what it returns.
 */
export interface HandlerProvider {
  readonly id: string;
  readonly modelId: string;
  readonly promptVersion: string;
  implement(request: ImplementRequest): Promise<Implementation>;
  /**
   * Implements many operations as one Message Batch (half price, results within 24 hours).
   * Returns, per operation id, the implementation or the error that replaced it (a ModelReplyError
   * is repairable like a failed check). Providers without batches leave it out.
   */
  implementBatch?(items: readonly BatchRequest[], hooks: BatchHooks): Promise<ReadonlyMap<string, Implementation | Error>>;
  /** Estimated dollars for token usage; undefined when the price is unknown (never a guess). */
  estimateCost?(usage: TokenUsage, options?: { readonly batch?: boolean }): number | undefined;
}

/** One operation of a batch: its request and the key its result will be pinned under. */
export interface BatchRequest {
  readonly request: ImplementRequest;
  readonly key: string;
}

/** What the caller of implementBatch records and shows. */
export interface BatchHooks {
  /** A batch an earlier run submitted and never collected (from the lock): resumed, not paid again. */
  readonly pending?: PendingBatch;
  /** Called right after a batch is created, before polling: record it durably (the lock). */
  onSubmitted(pending: PendingBatch): void;
  onProgress?(progress: { readonly batchId: string; readonly processing: number; readonly succeeded: number; readonly errored: number; readonly expired: number; readonly canceled: number }): void;
  onNotice?(message: string): void;
  readonly pollIntervalMs?: number;
  readonly signal?: AbortSignal;
}

import type { Operation } from '../contract/index-operations';
import type { OpenApiDocument, OpenApiVersion } from '../spec/openapi-version';

/** What a provider is given to implement one operation. */
export interface ImplementRequest {
  readonly document: OpenApiDocument;
  readonly version: OpenApiVersion;
  readonly operation: Operation;
  /** Module specifier, relative to the implementation file, of the generated handler types. */
  readonly handlerTypesImport: string;
  /** The canonical contract text (built on demand: it can be large). */
  contract(): string;
}

/** Provenance recorded for every implementation (later: in the generation lock). */
export interface ImplementationProvenance {
  readonly provider: string;
  readonly model: string;
  readonly promptVersion: string;
}

export interface Implementation {
  /** A TypeScript module whose default export is the operation's handler. */
  readonly code: string;
  readonly provenance: ImplementationProvenance;
}

/**
 * Supplies handler implementations for operations that have no hand-owned handler. `offline`
 * is built in; the Anthropic provider (and the generation lock that pins what it writes) plug in
 * here: the pipeline only ever sees this interface.
 */
export interface HandlerProvider {
  readonly id: string;
  readonly modelId: string;
  readonly promptVersion: string;
  implement(request: ImplementRequest): Promise<Implementation>;
}

import type { Operation } from '../contract/index-operations';

/** One candidate implementation of an operation, as a provider returned it. */
export interface Candidate {
  readonly operation: Operation;
  /** TypeScript module text; its default export is the handler. */
  readonly code: string;
}

export type VerifyStage = 'typecheck' | 'policy' | 'conformance';

export type VerifyResult =
  | { readonly ok: true; readonly ms: number }
  | {
      readonly ok: false;
      /** The first stage that failed (later stages did not run). */
      readonly stage: VerifyStage;
      /** Exact, self-contained messages the model can act on (`implementations/getPet.ts(12,5): error TS2322: …`). */
      readonly errors: readonly string[];
      readonly ms: number;
    };

/**
 * Checks candidates against the emitted interfaces, the import/capability policy, and the
 * operation's conformance cases. One verifier serves a whole run: it keeps one TypeScript
 * program (or language service) over the emitted files and swaps candidates in, instead of a
 * process per operation.
 */
export interface Verifier {
  verify(candidate: Candidate): Promise<VerifyResult>;
  dispose(): void;
}

/** Runs one operation's conformance cases in-process against an app; returns failures as text (empty: passed). */
export type OperationConformanceCheck = (input: {
  readonly app: { fetch(request: Request): Response | Promise<Response> };
  readonly operationId: string;
  /** The bundled OpenAPI document (what the cases are drawn from). */
  readonly document: unknown;
}) => Promise<readonly string[]>;

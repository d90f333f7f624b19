import { createValidatorCache, type ApiSpec, type ValidatorCache } from '@specwright/runtime';
import type { Operation } from '../contract/index-operations';
import { buildApiSpec } from '../emit/api-spec';
import type { GeneratedFile } from '../emit/generated-file';
import type { OpenApiDocument, OpenApiVersion } from '../spec/openapi-version';
import { runConformanceStage } from './conformance-stage';
import { describeError } from './load-candidate';
import { checkPolicy } from './policy';
import { createCandidateTypechecker } from './typecheck-candidates';
import type { Candidate, OperationConformanceCheck, Verifier, VerifyResult, VerifyStage } from './verify-types';

export interface CreateVerifierOptions {
  /** The deterministic emitted files of this run, paths relative to the output folder (`types.ts`, `handler-types.ts`, …). */
  readonly files: readonly GeneratedFile[];
  /** The bundled OpenAPI document. */
  readonly document: OpenApiDocument;
  readonly version: OpenApiVersion;
  /** Every operation of the spec: the app a candidate is served in routes them all. */
  readonly operations: readonly Operation[];
  /** Module specifiers handlers may import besides `@specwright/runtime` and the emitted type modules. */
  readonly allowImports?: readonly string[];
  /** One operation's conformance cases, in-process (from @specwright/conformance); absent: that stage is skipped. */
  readonly conformanceCheck?: OperationConformanceCheck;
  /** The project's context module, path relative to the output folder (`../context.ts`), which handlers may import types from. */
  readonly contextFile?: { readonly path: string; readonly contents: string };
  /**
   * How long a candidate may take to load, to run any synchronous stretch of a handler call, and
   * to get through its conformance cases; default 10 s.
   */
  readonly timeoutMs?: number;
}

export const DEFAULT_VERIFY_TIMEOUT_MS = 10_000;

/**
 * The verifier of one run. Stages in order of cost, each only when the one before passed:
 * the policy (syntax only, so unsafe code is never typechecked into memory nor loaded), the
 * typecheck against the emitted interfaces (one language service for the whole run), and the
 * operation's conformance cases against the real runtime app. Safe to call concurrently: the
 * first two stages are synchronous, and each candidate gets its own app.
 */
export function createVerifier(options: CreateVerifierOptions): Verifier {
  const typechecker = createCandidateTypechecker({ files: options.files, contextFile: options.contextFile });
  const timeoutMs = options.timeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS;
  const known = new Set(options.operations.map((operation) => operation.id));
  // Built on the first candidate that reaches conformance, then shared: buildApiSpec and the
  // compiled validators cost seconds on a spec of a thousand operations.
  let served: { apiSpec: ApiSpec; validators: ValidatorCache } | undefined;
  const servedApi = (): { apiSpec: ApiSpec; validators: ValidatorCache } => {
    if (!served) {
      const apiSpec = buildApiSpec(options.document, options.version, options.operations);
      served = { apiSpec, validators: createValidatorCache(apiSpec) };
    }
    return served;
  };
  let disposed = false;

  return {
    async verify(candidate: Candidate): Promise<VerifyResult> {
      if (disposed) throw new Error('verify() after dispose(): this verifier has been disposed');
      const { operation, code } = candidate;
      if (!known.has(operation.id)) throw new TypeError(`verify(): operation "${operation.id}" is not one of the verifier's operations`);
      const started = performance.now();
      const fileName = `implementations/${operation.fileName}.ts`;
      const fail = (stage: VerifyStage, errors: readonly string[]): VerifyResult => ({ ok: false, stage, errors, ms: elapsed(started) });

      const violations = checkPolicy(code, { fileName, allowImports: options.allowImports, contextFile: options.contextFile?.path });
      if (violations.length > 0) return fail('policy', violations);

      let typeErrors: string[];
      try {
        typeErrors = typechecker.check(operation, code);
      } catch (error) {
        typeErrors = [`${fileName}: the TypeScript compiler failed on this module: ${describeError(error)}`];
      }
      if (typeErrors.length > 0) return fail('typecheck', typeErrors);

      if (options.conformanceCheck) {
        const { apiSpec, validators } = servedApi();
        const failures = await runConformanceStage({
          operation,
          code,
          fileName,
          apiSpec,
          validators,
          document: options.document,
          check: options.conformanceCheck,
          allowImports: options.allowImports,
          timeoutMs,
        });
        if (failures.length > 0) return fail('conformance', failures);
      }
      return { ok: true, ms: elapsed(started) };
    },
    dispose() {
      disposed = true;
      typechecker.dispose();
    },
  };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

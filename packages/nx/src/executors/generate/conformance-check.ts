import { SpecwrightError, type GenerateOptions } from '@specwright/core';

export type OperationConformanceCheck = NonNullable<GenerateOptions['conformanceCheck']>;

/** The part of @specwright/conformance that verification uses. */
export interface ConformanceEngine {
  createOperationConformanceCheck(): OperationConformanceCheck;
}

/**
 * The conformance stage of verification: a model's candidate handler must pass its operation's
 * conformance cases, in-process, before it is pinned. The engine is loaded on the first call
 * only: core calls it only for providers whose output it verifies (a model), and loading it
 * would cost every offline run about a second.
 */
export function lazyOperationConformanceCheck(load: () => Partial<ConformanceEngine> = loadConformanceEngine): OperationConformanceCheck {
  let check: OperationConformanceCheck | undefined;
  return async (input) => {
    check ??= create(load());
    return check(input);
  };
}

function create(engine: Partial<ConformanceEngine>): OperationConformanceCheck {
  // Skipping the stage would pin code no conformance case ever ran against: refuse instead.
  if (typeof engine.createOperationConformanceCheck !== 'function') {
    throw new SpecwrightError('INVALID_OPTION', 'the installed @specwright/conformance cannot check one operation (it has no createOperationConformanceCheck)', {
      location: { file: 'node_modules/@specwright/conformance/package.json' },
      fix: 'Install the @specwright/conformance version that matches @specwright/nx and @specwright/core.',
    });
  }
  return engine.createOperationConformanceCheck();
}

function loadConformanceEngine(): Partial<ConformanceEngine> {
  // A dependency of this package (it depends on core only, so there is no cycle). Required, not
  // imported, so that offline runs never load it; typed structurally for the same reason.
  return require('@specwright/conformance') as Partial<ConformanceEngine>;
}

import { createRequire } from 'node:module';
import { join } from 'node:path';
import vm from 'node:vm';
import * as runtime from '@specwright/runtime';
import type { Handler } from '@specwright/runtime';
import { typescript } from '../util/lazy';

/** What a candidate module may require once its type-only imports are erased. */
export interface LoadCandidateOptions {
  /** The file name for stack traces and messages (`implementations/getPet.ts`). */
  readonly fileName: string;
  /** Packages the project allows (policy checked them); required from where @specwright/core is installed. */
  readonly allowImports?: readonly string[];
  /** How long the module's top-level code, and each synchronous stretch of a handler call, may run. */
  readonly timeoutMs: number;
  /** Called when a handler call was cut off for running synchronously too long. */
  readonly onTimeout?: () => void;
}

export type LoadResult =
  | {
      readonly ok: true;
      readonly handler: Handler;
      /** Clears the timers the module started (they would keep the process alive after the run). */
      dispose(): void;
    }
  | { readonly ok: false; readonly error: string };

/** Where `runSynchronously` hands its function to the script it runs; a registered symbol, shared by every realm. */
const SLOT = 'specwright.verify.call';
const callScript = new vm.Script(`globalThis[Symbol.for(${JSON.stringify(SLOT)})]()`, { filename: 'specwright-verify' });

/**
 * Loads a candidate that passed the policy and the typecheck: transpiled to CommonJS (type-only
 * imports disappear), run with a `require` that only knows `@specwright/runtime` (the instance
 * this process uses, so the app built around the handler is the real one) and the project's
 * allowed packages. A module that throws, runs its top-level code past the timeout (an endless
 * loop), or whose default export is not a function is a failed load, never an exception.
 *
 * The returned handler runs the synchronous part of each call under the same timeout; what runs
 * after an `await` cannot be interrupted in-process, but a promise that never settles is caught
 * by the caller's overall timeout.
 */
export function loadCandidate(code: string, options: LoadCandidateOptions): LoadResult {
  const ts = typescript();
  const { outputText } = ts.transpileModule(code, {
    fileName: options.fileName,
    reportDiagnostics: false,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, inlineSourceMap: true, inlineSources: true },
  });
  const requireAllowed = createRequire(join(__dirname, 'load-candidate.js'));
  const allowImports = options.allowImports ?? [];
  const requireForCandidate = (specifier: string): unknown => {
    if (specifier === '@specwright/runtime') return runtime;
    if (allowImports.some((name) => specifier === name || specifier.startsWith(`${name}/`))) return requireAllowed(specifier);
    throw new Error(
      `Cannot load "${specifier}" while verifying: only "@specwright/runtime" and the project's allowed packages are available at run time (import the emitted modules and the context file with \`import type\`)`,
    );
  };
  const module = { exports: {} as Record<string, unknown> };
  const timers = scopedTimers();

  try {
    const factory = vm.runInThisContext(`(function (exports, require, module, setTimeout, setInterval) {${outputText}\n})`, { filename: options.fileName }) as (
      ...parameters: unknown[]
    ) => void;
    runSynchronously(() => factory.call(module.exports, module.exports, requireForCandidate, module, timers.setTimeout, timers.setInterval), options.timeoutMs);
  } catch (error) {
    timers.clear();
    if (isTimeout(error)) return { ok: false, error: `${options.fileName}: loading the module did not finish within ${options.timeoutMs} ms (an endless loop at the top level?)` };
    return { ok: false, error: `${options.fileName}: the module threw while loading: ${describeError(error)}` };
  }

  const exported = module.exports.default;
  if (typeof exported !== 'function') {
    timers.clear();
    return { ok: false, error: `${options.fileName}: the default export is ${exported === undefined ? 'missing' : `a ${typeof exported}`}, not a handler function` };
  }
  const handler: Handler = (context) => {
    try {
      return runSynchronously(() => (exported as Handler)(context), options.timeoutMs);
    } catch (error) {
      if (!isTimeout(error)) throw error;
      options.onTimeout?.();
      throw new Error(`the handler ran synchronously for more than ${options.timeoutMs} ms (an endless loop?)`);
    }
  };
  return { ok: true, handler, dispose: timers.clear };
}

type TimerFunction = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => NodeJS.Timeout;

/**
 * `setTimeout` and `setInterval` for one candidate: its timers do not keep the process alive
 * (unref), and all of them are cleared once it has been judged, so a rejected candidate's
 * interval does not tick for the rest of the run.
 */
function scopedTimers(): { setTimeout: TimerFunction; setInterval: TimerFunction; clear(): void } {
  const started = new Set<NodeJS.Timeout>();
  const track = (timer: NodeJS.Timeout): NodeJS.Timeout => {
    timer.unref();
    started.add(timer);
    return timer;
  };
  return {
    setTimeout: (callback, ms, ...args) => track(setTimeout(callback, ms, ...args)),
    setInterval: (callback, ms, ...args) => track(setInterval(callback, ms, ...args)),
    clear() {
      for (const timer of started) clearTimeout(timer);
      started.clear();
    },
  };
}

/**
 * Runs a function under vm's watchdog, which interrupts synchronous JavaScript after the timeout
 * (an ordinary call cannot be interrupted). The function is handed over through a global slot
 * for the length of the call; the slot is on the global object vm runs in, which under Jest is
 * not the test's own.
 */
function runSynchronously<T>(work: () => T, timeoutMs: number): T {
  const global = vm.runInThisContext('globalThis') as Record<symbol, unknown>;
  const slot = Symbol.for(SLOT);
  const previous = global[slot];
  global[slot] = work;
  try {
    return callScript.runInThisContext({ timeout: timeoutMs }) as T;
  } finally {
    global[slot] = previous;
  }
}

function isTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/** The error's name and message, without the stack (which names this machine's paths). */
export function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { name, message } = error as { name?: unknown; message: unknown };
    return `${typeof name === 'string' ? name : 'Error'}: ${String(message)}`;
  }
  return String(error);
}

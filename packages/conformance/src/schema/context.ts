/**
 * Per-registry generation state: the ajv oracle, the ref graph and the caches that make large
 * specs affordable (an arbitrary is built once per schema object and recursion depth).
 */
import type * as fc from 'fast-check';
import type { Dialect, SchemaRegistry } from '../model/types';
import type { SchemaArbitraryOptions } from './options';
import { RefGraph } from './ref-graph';
import { nodeValidatorFor, type NodeValidator } from './validator';
import type { SchemaObject } from './walk';

export const DEFAULT_MAX_DEPTH = 3;
/**
 * Recursive refs expanded past maxDepth only where the schema forces it (required properties,
 * minItems); this many more levels and the branch counts as unsatisfiable, so a oneOf/anyOf
 * falls back to its other branches and an optional property is left out.
 */
const EXTRA_DEPTH = 4;

export interface CoverageCandidate {
  readonly value: unknown;
  readonly description: string;
}

export interface GenContext {
  readonly registry: SchemaRegistry;
  readonly dialect: Dialect;
  readonly validator: NodeValidator;
  readonly refGraph: RefGraph;
  readonly maxDepth: number;
  readonly hardDepth: number;
  readonly direction: 'request' | 'response' | undefined;
  readonly arbitraries: WeakMap<object, Map<number, fc.Arbitrary<unknown> | null>>;
  readonly coverage: WeakMap<object, Map<number, readonly CoverageCandidate[]>>;
  /** Synthetic schemas (discriminator constraints), memoised so ajv never compiles one twice. */
  readonly synthetic: Map<string, SchemaObject>;
}

const refGraphs = new WeakMap<SchemaRegistry, RefGraph>();
const contexts = new WeakMap<SchemaRegistry, Map<string, GenContext>>();

export function contextFor(options: SchemaArbitraryOptions): GenContext {
  const { registry } = options;
  const maxDepth = Math.max(0, Math.floor(options.maxDepth ?? DEFAULT_MAX_DEPTH));
  const key = `${maxDepth}:${options.direction ?? ''}`;
  let byKey = contexts.get(registry);
  if (!byKey) {
    byKey = new Map();
    contexts.set(registry, byKey);
  }
  let context = byKey.get(key);
  if (!context) {
    let refGraph = refGraphs.get(registry);
    if (!refGraph) {
      refGraph = new RefGraph(registry);
      refGraphs.set(registry, refGraph);
    }
    context = {
      registry,
      dialect: registry.dialect,
      validator: nodeValidatorFor(registry),
      refGraph,
      maxDepth,
      hardDepth: maxDepth + EXTRA_DEPTH,
      direction: options.direction,
      arbitraries: new WeakMap(),
      coverage: new WeakMap(),
      synthetic: new Map(),
    };
    byKey.set(key, context);
  }
  return context;
}

/** Public option and result types of the schema → fast-check module. */
import type { SchemaRegistry } from '../model/types';

export interface SchemaArbitraryOptions {
  readonly registry: SchemaRegistry;
  /** How deep recursive $refs may go before only non-recursive branches / minimal values are chosen. Default 3. */
  readonly maxDepth?: number;
  /**
   * Which way the value travels. `request` leaves out optional readOnly properties, `response`
   * optional writeOnly ones (required ones stay: validity comes first). Default: keep both.
   */
  readonly direction?: 'request' | 'response';
}

/** A value that must NOT validate, with a human description of the mutation and the JSON pointer (into the value) it mutated. */
export interface NegativeValue {
  readonly value: unknown;
  readonly mutation: string;
  readonly pointer: string;
}

/** A deterministic, valid boundary value with what it exercises, e.g. `maxLength (64)`. */
export interface CoverageValue {
  readonly value: unknown;
  readonly description: string;
}

/**
 * What handlers receive as `services` when the project declares none: a generated project
 * without `src/context.ts` gets these, a fresh set per app.
 */
import { createMemoryStore, type ResourceStore } from './resource-store';

export interface DefaultServices {
  /** Resources by collection, in memory (see resource-store.ts); the offline handlers keep their state here. */
  readonly store: ResourceStore;
}

export function createDefaultServices(): DefaultServices {
  return { store: createMemoryStore() };
}

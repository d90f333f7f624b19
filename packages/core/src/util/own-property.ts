/**
 * `record[key] = value` that also works when the key comes from a spec and is `__proto__`:
 * plain assignment of that key calls Object.prototype's setter, which replaces the record's
 * prototype and adds no key, so a schema property, component or operation of that name would
 * silently vanish from everything built from the record (spec.ts, manifest.json, samples).
 * Other Object.prototype names (`constructor`, `toString`) assign normally.
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  else record[key] = value;
}

type Obj = { [key: string]: unknown };

export interface DiscriminatorValue {
  readonly propertyName: string;
  readonly value: string;
}

const cache = new WeakMap<object, ReadonlyMap<string, DiscriminatorValue>>();

/**
 * For each schema a `discriminator` selects, the property and value that select it: an explicit
 * `mapping` entry, else (for `oneOf`/`anyOf` branches) the component name, as OpenAPI's implicit
 * mapping says. openapi-typescript bakes these values into the schema's type wherever the schema
 * is used, so a sampled value must carry them everywhere too, not only under the `oneOf`.
 * Built once per document; the first discriminator (in document order) to map a schema wins.
 */
export function discriminatorIndex(document: object): ReadonlyMap<string, DiscriminatorValue> {
  let index = cache.get(document);
  if (!index) {
    index = build(document);
    cache.set(document, index);
  }
  return index;
}

function build(document: object): Map<string, DiscriminatorValue> {
  const index = new Map<string, DiscriminatorValue>();
  const add = (ref: string, entry: DiscriminatorValue): void => {
    if (!index.has(ref)) index.set(ref, entry);
  };
  const stack: unknown[] = [document];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
      continue;
    }
    const obj = node as Obj;
    const discriminator = obj.discriminator as Obj | undefined;
    if (discriminator && typeof discriminator === 'object' && typeof discriminator.propertyName === 'string') {
      const propertyName = discriminator.propertyName;
      const mapping = (discriminator.mapping && typeof discriminator.mapping === 'object' ? discriminator.mapping : {}) as Obj;
      for (const [value, target] of Object.entries(mapping)) {
        if (typeof target === 'string') add(target.includes('/') ? target : `#/components/schemas/${target}`, { propertyName, value });
      }
      for (const branch of [...asArray(obj.oneOf), ...asArray(obj.anyOf)]) {
        const ref = (branch as Obj | null)?.$ref;
        if (typeof ref === 'string' && !Object.values(mapping).includes(ref)) {
          add(ref, { propertyName, value: ref.slice(ref.lastIndexOf('/') + 1) });
        }
      }
    }
    const keys = Object.keys(obj);
    for (let i = keys.length - 1; i >= 0; i--) stack.push(obj[keys[i] as string]);
  }
  return index;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

import { SpecwrightError } from '../errors';
import { refTokens } from '../contract/index-operations';
import { escapePointerToken } from '../spec/read-document';

/** The roots types.ts declares, so the only ones a `$ref` in it can name. */
const TYPED_ROOTS: ReadonlySet<string> = new Set(['components', 'paths', 'webhooks', '$defs']);

/** Values that are data, not OpenAPI structure: openapi-typescript never follows a `$ref` in them. */
const DATA_KEYWORDS: ReadonlySet<string> = new Set(['example', 'examples', 'default', 'enum', 'const']);

/**
 * Refuses a `$ref` that openapi-typescript would write into types.ts as raw text. It renders a
 * `$ref` as `<first pointer token>["rest"]...`, the first token printed verbatim as a type name
 * (7.13.0's oapiRef, createIdentifier): `#/components/...` becomes `components[...]`. Any other
 * first token names a type types.ts does not declare, so the file never compiled; and a token
 * like `x}; <code>; interface Q {` is code in types.ts. No ordinary spec has such refs (the
 * bundle keeps them under components), so this changes no normal output.
 */
export function assertTypeableRefs(document: unknown): void {
  // The pointer is built only for a bad ref: on GitHub's spec, building one per node costs
  // several times the walk itself.
  let path: string[] = [];
  const bad = findUntypeableRef(document, (trail) => (path = [...trail]));
  if (bad !== undefined) throw untypeableRef(bad, `/${[...path, '$ref'].map(escapePointerToken).join('/')}`);
}

/** The first untypeable `$ref` in document order; `found` gets the keys leading to its object. */
function findUntypeableRef(node: unknown, found: (trail: readonly string[]) => void, trail: string[] = []): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      trail.push(String(i));
      const bad = findUntypeableRef(node[i], found, trail);
      trail.pop();
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (key === '$ref') {
      if (typeof value === 'string' && isUntypeable(value)) {
        found(trail);
        return value;
      }
    } else if (!DATA_KEYWORDS.has(key) && !key.startsWith('x-')) {
      trail.push(key);
      const bad = findUntypeableRef(value, found, trail);
      trail.pop();
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}

function isUntypeable(ref: string): boolean {
  if (!ref.startsWith('#') || ref.startsWith('#/components/')) return false;
  const root = refTokens(ref)[0];
  return root !== undefined && !TYPED_ROOTS.has(root);
}

function untypeableRef(ref: string, pointer: string): SpecwrightError {
  return new SpecwrightError('REF_UNSUPPORTED', `$ref ${JSON.stringify(ref)} points outside components, paths and webhooks, where the generated types cannot reference it`, {
    location: { file: 'bundled spec', pointer },
    fix: 'Move the definition it points to under components (e.g. components/schemas) and point the $ref there.',
  });
}

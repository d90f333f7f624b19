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
  const stack: Array<{ node: unknown; pointer: string }> = [{ node: document, pointer: '' }];
  while (stack.length > 0) {
    const { node, pointer } = stack.pop() as { node: unknown; pointer: string };
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      node.forEach((item, i) => stack.push({ node: item, pointer: `${pointer}/${i}` }));
      continue;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#')) {
        const root = refTokens(value)[0];
        if (root !== undefined && !TYPED_ROOTS.has(root)) throw untypeableRef(value, `${pointer}/$ref`);
      } else if (!DATA_KEYWORDS.has(key) && !key.startsWith('x-')) {
        stack.push({ node: value, pointer: `${pointer}/${escapePointerToken(key)}` });
      }
    }
  }
}

function untypeableRef(ref: string, pointer: string): SpecwrightError {
  return new SpecwrightError('REF_UNSUPPORTED', `$ref ${JSON.stringify(ref)} points outside components, paths and webhooks, where the generated types cannot reference it`, {
    location: { file: 'bundled spec', pointer },
    fix: 'Move the definition it points to under components (e.g. components/schemas) and point the $ref there.',
  });
}

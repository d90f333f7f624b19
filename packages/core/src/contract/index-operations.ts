import { SpecwrightError } from '../errors';
import type { OpenApiDocument } from '../spec/openapi-version';
import { escapePointerToken, pointerTokens } from '../spec/read-document';
import { getAt } from '../spec/ref-closure';
import { canonicalJson, sha256 } from './canonical-json';
import { assignNames, type NamingContext } from './assign-names';
import { deriveOperationId } from './operation-names';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** An OpenAPI object as parsed: only the fields we read are typed. */
export type OpenApiObject = { [key: string]: unknown };

export interface Operation {
  /** `operationId` from the spec, or a stable id derived from method and path. */
  readonly id: string;
  readonly declaredId: boolean;
  readonly method: HttpMethod;
  readonly path: string;
  /** JSON pointer of the operation in the bundled document. */
  readonly pointer: string;
  /**
   * Relative handler file path without extension (`repos/list-for-org`): the hand-owned file's
   * (under the handlers folder) when `handOwned`, else the generated implementation's, unique
   * case-insensitively among those. See assignNames for the rules.
   */
  readonly fileName: string;
  /** Whether a hand-owned handler file implements the operation. */
  readonly handOwned: boolean;
  /** camelCase identifier, unique. */
  readonly identifier: string;
  /** PascalCase name for types (`ListPets` → `ListPetsHandler`), unique. */
  readonly typeName: string;
  /** The operation object as in the bundled document (internal `$ref`s kept). */
  readonly definition: OpenApiObject;
  /** Path-level and operation-level parameters merged (operation wins by name+in), refs kept. */
  readonly parameters: readonly unknown[];
  /** Effective security requirements (operation's, else the document's). */
  readonly security: readonly unknown[];
  /** Every internal `$ref` the operation reaches, transitively; sorted. */
  readonly refs: readonly string[];
  /** sha256 of the canonical contract: the operation plus every component it reaches. */
  readonly contractHash: string;
}

/**
 * Indexes every operation of a bundled document with its contract hash. The contract is
 * the operation (path-level parameters merged in) and every component it reaches through
 * `$ref`, each canonically serialised (sorted keys, descriptions kept because the model reads
 * them). The hash combines the operation's canonical text with the hash of each reached
 * component, which equals hashing the whole canonical contract in content but lets 1,200
 * operations that share components hash each component once.
 */
export function indexOperations(document: OpenApiDocument, options: IndexOptions = {}): Operation[] {
  const refs = new RefGraph(document);
  const drafts: Array<Omit<Operation, 'fileName' | 'handOwned' | 'identifier' | 'typeName' | 'id'> & { id: string }> = [];
  const declared = new Map<string, string>();

  for (const [path, rawItem] of Object.entries(document.paths ?? {})) {
    const pathItem = refs.resolve(rawItem) as OpenApiObject | undefined;
    if (!pathItem || typeof pathItem !== 'object') continue;
    for (const method of HTTP_METHODS) {
      const definition = pathItem[method] as OpenApiObject | undefined;
      if (!definition || typeof definition !== 'object') continue;
      const pointer = `/paths/${escapePointerToken(path)}/${method}`;
      const declaredId = typeof definition.operationId === 'string' && definition.operationId !== '';
      if (declaredId) {
        const id = definition.operationId as string;
        const previous = declared.get(id);
        if (previous) {
          throw new SpecwrightError('OPERATION_ID_CONFLICT', `operationId "${id}" is used twice (${previous} and ${pointer})`, {
            location: { file: 'bundled spec', pointer: `${pointer}/operationId` },
            fix: 'Give every operation a unique operationId.',
          });
        }
        declared.set(id, pointer);
      }
      const parameters = mergeParameters(pathItem.parameters, definition.parameters, refs);
      const security = (definition.security ?? document.security ?? []) as unknown[];
      const head = canonicalJson({ method, path, operation: { ...definition, parameters }, security });
      const reached = refs.reachedFrom([definition, parameters, security]);
      const contractHash = sha256(head + '\n' + reached.map((r) => `${r} ${refs.nodeHash(r)}`).join('\n'));
      drafts.push({
        id: declaredId ? (definition.operationId as string) : '',
        declaredId,
        method,
        path,
        pointer,
        definition,
        parameters,
        security,
        refs: reached,
        contractHash,
      });
    }
  }

  // Derived ids must not collide with declared ones. Suffixes are assigned in (path, method)
  // order, not document order, so reordering paths never moves an id (and with it a hand-owned
  // handler file) from one operation to another.
  const taken = new Set(declared.keys());
  const undeclared = drafts
    .filter((d) => !d.declaredId)
    .sort((a, b) => compareText(a.path, b.path) || HTTP_METHODS.indexOf(a.method) - HTTP_METHODS.indexOf(b.method));
  for (const draft of undeclared) {
    const base = deriveOperationId(draft.method, draft.path);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}${n}`;
    taken.add(id);
    draft.id = id;
  }
  // Names depend on each operation's own id and on which hand-owned files exist, never on
  // positions: adding an operation must not move an existing binding (see assignNames).
  const names = assignNames(drafts, {
    handOwnedFiles: options.handOwnedFiles ?? new Set(),
    handlersDir: options.handlersDir ?? 'src/handlers',
    specFile: options.specFile ?? 'bundled spec',
  });
  return drafts.map((d, i) => ({ ...d, ...(names[i] as (typeof names)[number]) }));
}

/** What naming needs beyond the document: the hand-owned files that exist, and labels for messages. */
export type IndexOptions = Partial<NamingContext>;

/**
 * The full contract of one operation as one canonical JSON text: what a model is shown and what
 * a reviewer can diff. `contractHash` summarises the same content (see indexOperations).
 */
export function operationContract(document: OpenApiDocument, operation: Operation): string {
  const components: Record<string, unknown> = {};
  for (const ref of operation.refs) components[ref] = getAt(document, refTokens(ref));
  return canonicalJson({
    method: operation.method,
    path: operation.path,
    operation: { ...operation.definition, parameters: operation.parameters },
    security: operation.security,
    components,
  });
}

export interface KeyInputs {
  readonly modelId: string;
  readonly promptVersion: string;
  readonly interfaceVersion: string;
}

/** An operation's key: what must be equal for a pinned implementation to be reused. */
export function operationKey(operation: Pick<Operation, 'contractHash'>, inputs: KeyInputs): string {
  return sha256([operation.contractHash, inputs.modelId, inputs.promptVersion, inputs.interfaceVersion].join('\n'));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function mergeParameters(pathLevel: unknown, operationLevel: unknown, refs: RefGraph): unknown[] {
  const merged = new Map<string, unknown>();
  for (const list of [pathLevel, operationLevel]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const param = refs.resolve(raw) as OpenApiObject | undefined;
      const key = param && typeof param === 'object' ? `${String(param.in)}:${String(param.name)}` : canonicalJson(raw);
      merged.delete(key); // operation-level replaces path-level, in the operation's position
      merged.set(key, raw);
    }
  }
  return [...merged.values()];
}

/** Internal references of a bundled document, with memoised edges and per-node hashes. */
export class RefGraph {
  private readonly edges = new Map<string, readonly string[]>();
  private readonly hashes = new Map<string, string>();

  constructor(private readonly document: OpenApiDocument) {}

  /** Follows `$ref` chains to the node they name (undefined when the target does not exist). */
  resolve(node: unknown, seen: Set<string> = new Set()): unknown {
    let current = node;
    while (isRef(current)) {
      const ref = current.$ref;
      if (!ref.startsWith('#') || seen.has(ref)) return undefined;
      seen.add(ref);
      current = getAt(this.document, refTokens(ref));
    }
    return current;
  }

  /** Every existing internal reference reachable from the given nodes, sorted. */
  reachedFrom(roots: readonly unknown[]): string[] {
    const reached = new Set<string>();
    const stack: string[] = [];
    for (const root of roots) for (const ref of directRefs(root)) stack.push(ref);
    while (stack.length > 0) {
      const ref = stack.pop() as string;
      if (reached.has(ref)) continue;
      const target = getAt(this.document, refTokens(ref));
      if (target === undefined) continue;
      reached.add(ref);
      for (const next of this.refsOf(ref, target)) if (!reached.has(next)) stack.push(next);
    }
    return [...reached].sort();
  }

  nodeHash(ref: string): string {
    let hash = this.hashes.get(ref);
    if (hash === undefined) {
      hash = sha256(canonicalJson(getAt(this.document, refTokens(ref))));
      this.hashes.set(ref, hash);
    }
    return hash;
  }

  private refsOf(ref: string, target: unknown): readonly string[] {
    let edges = this.edges.get(ref);
    if (!edges) {
      edges = directRefs(target);
      this.edges.set(ref, edges);
    }
    return edges;
  }
}

/** Pointer tokens of an internal reference `#/a/b%20c` (the fragment is URI-encoded). */
export function refTokens(ref: string): string[] {
  let fragment = ref.slice(1);
  try {
    fragment = decodeURIComponent(fragment);
  } catch {
    // keep it as written
  }
  return pointerTokens(fragment);
}

function isRef(node: unknown): node is { $ref: string } {
  return node !== null && typeof node === 'object' && typeof (node as { $ref?: unknown }).$ref === 'string';
}

/** Internal `$ref` strings directly inside a node (not through other references). */
function directRefs(node: unknown): string[] {
  const found: string[] = [];
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) {
      for (const item of current) if (item !== null && typeof item === 'object') stack.push(item);
    } else if (current !== null && typeof current === 'object') {
      for (const [key, value] of Object.entries(current)) {
        if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) found.push(value);
        else if (value !== null && typeof value === 'object') stack.push(value);
      }
    }
  }
  return found;
}

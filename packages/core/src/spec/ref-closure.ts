import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpecwrightError } from '../errors';
import { escapePointerToken, locatePointer, pointerTokens, readDocument, type ParsedFile } from './read-document';

/**
 * Key that literal `$ref` keys inside example/default/enum data are renamed to while the spec is
 * bundled, and renamed back afterwards. Redocly resolves a `$ref` wherever it appears, but inside
 * `example`, `examples[*].value`, `default`, `const` and `enum` a `$ref` is data (GitHub's spec has
 * such examples), so it must neither be followed nor fetched.
 */
export const LITERAL_REF_KEY = 'x-specwright-literal-$ref';

export interface RefClosureOptions {
  /** Absolute path; every file of the closure must be inside it. */
  readonly workspaceRoot: string;
  /** Allow `http:`/`https:` references (they are then fetched by the bundler, and not tracked). */
  readonly allowRemoteRefs?: boolean;
  /** Rename literal `$ref`s inside example data to LITERAL_REF_KEY (needed before bundling). */
  readonly escapeLiteralRefs?: boolean;
}

export interface RefClosure {
  /** Absolute path of the root spec. */
  readonly root: string;
  /** Every local file the root reaches through `$ref`, the root included; sorted, workspace-relative, POSIX. */
  readonly files: readonly string[];
  /** Parsed files keyed by absolute path. */
  readonly documents: ReadonlyMap<string, ParsedFile>;
  /** Remote references seen (only when allowRemoteRefs), sorted. */
  readonly remoteRefs: readonly string[];
  /** How many literal `$ref` keys were escaped (0 means nothing to restore after bundling). */
  readonly escapedLiteralRefs: number;
  /**
   * Edges from an object to the objects it *is*, rather than contains: its own `$ref` target and
   * its `allOf`/`anyOf`/`oneOf` members. A cycle of these has no finite type (see ref-cycles.ts).
   * Keyed by `absolutePath#pointer`; sorted by nothing (callers sort).
   */
  readonly aliasEdges: ReadonlyMap<string, readonly AliasEdge[]>;
}

/** One edge of RefClosure.aliasEdges. */
export interface AliasEdge {
  /** `absolutePath#pointer` of the object aliased. */
  readonly to: string;
  /** The `$ref` that makes the edge (absent for a combinator member, an edge down the tree). */
  readonly site?: RefSite;
}

/** `absolutePath#pointer`: one object of one file. */
export function nodeKey(file: string, pointer: string): string {
  return `${file}#${pointer}`;
}

/**
 * How to read the keys of an object: as keywords of an OpenAPI/JSON Schema object, as
 * user-chosen names of a map (`properties`, `schemas`, `responses`, …), as Example Objects, or
 * as data that is never interpreted.
 */
type Context = 'keyword' | 'map' | 'callbacks' | 'exampleMap' | 'exampleObject' | 'mapping';

/** Keywords whose value is a map from user-chosen names to objects of the same family. */
const MAP_KEYWORDS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'dependencies',
  'paths',
  'webhooks',
  'responses',
  'schemas',
  'headers',
  'content',
  'links',
  'securitySchemes',
  'requestBodies',
  'pathItems',
  'encoding',
  'variables',
]);

/** Schema keywords whose members the schema *is* (an intersection or union of them). */
const COMBINATORS = new Set(['allOf', 'anyOf', 'oneOf']);

/** Keywords whose value is data, never a reference. */
const DATA_KEYWORDS = new Set(['example', 'default', 'const', 'enum']);

interface Target {
  readonly file: string;
  readonly pointer: string;
  readonly context: Context;
}

/**
 * Walks the `$ref` closure of a spec: which files it reaches, refusing remote references (unless
 * allowed) and references that leave the workspace, and failing with the referencing file and
 * line when a target does not exist. Written by hand because bundlers (Redocly, json-schema-ref-
 * parser) resolve `$ref` everywhere, including inside example data, and report closures only as a
 * side effect of a full bundle — too slow to run while Nx builds its project graph.
 */
export function collectRefClosure(rootFile: string, options: RefClosureOptions): RefClosure {
  const workspaceRoot = resolve(options.workspaceRoot);
  const root = resolve(workspaceRoot, rootFile);
  const documents = new Map<string, ParsedFile>();
  const remote = new Set<string>();
  const visited = new Set<string>();
  // Files walked from their top: a reference into one of them adds nothing new to walk.
  const walkedWhole = new Set<string>();
  const aliasEdges = new Map<string, AliasEdge[]>();
  const seenEdges = new Set<string>();
  const addEdge = (from: string, edge: AliasEdge): void => {
    const id = `${from} ${edge.to}`;
    if (seenEdges.has(id)) return;
    seenEdges.add(id);
    const list = aliasEdges.get(from);
    if (list) list.push(edge);
    else aliasEdges.set(from, [edge]);
  };
  const pointerOf = (at: readonly string[]): string => (at.length === 0 ? '' : '/' + at.map(escapePointerToken).join('/'));
  const queue: Target[] = [{ file: root, pointer: '', context: 'keyword' }];
  let escaped = 0;

  const display = (abs: string): string => toPosix(relative(workspaceRoot, abs));
  const realWorkspaceRoot = realPathOf(workspaceRoot) ?? workspaceRoot;

  const load = (abs: string, from?: RefSite): ParsedFile => {
    const cached = documents.get(abs);
    if (cached) return cached;
    const outsideFix =
      'Move the referenced file into the workspace (or reference a copy of it): files outside the workspace cannot be tracked as inputs.';
    if (!isInside(workspaceRoot, abs)) {
      throw refError('REF_OUTSIDE_WORKSPACE', `$ref leaves the workspace: ${from?.ref ?? abs}`, from, outsideFix);
    }
    // The path is inside; its real path (links resolved) must be too, or a symlinked file or
    // folder could pull any file on disk into the contract. The file is then read through the
    // real path that was checked, not through the link again.
    const real = realPathOf(abs);
    if (real !== undefined && !isInside(realWorkspaceRoot, real)) {
      throw refError(
        'REF_OUTSIDE_WORKSPACE',
        `${from ? `$ref leaves the workspace through a symbolic link: ${from.ref}` : `The spec leaves the workspace through a symbolic link: ${display(abs)}`} resolves to ${real}, outside ${realWorkspaceRoot}`,
        from,
        `${outsideFix} Replace the link with a copy of the file.`,
      );
    }
    try {
      const doc: ParsedFile = { ...readDocument(real ?? abs, display(abs)), absolutePath: abs };
      documents.set(abs, doc);
      return doc;
    } catch (error) {
      if (from && error instanceof SpecwrightError && error.code === 'FILE_NOT_FOUND') {
        throw refError('REF_UNRESOLVED', `$ref points to a missing file: ${from.ref} (${display(abs)})`, from,
          'Fix the path in the $ref; relative paths resolve against the directory of the referencing file.');
      }
      throw error;
    }
  };

  load(root);

  while (queue.length > 0) {
    const target = queue.pop() as Target;
    const key = `${target.context}|${target.file}#${target.pointer}`;
    if (visited.has(key)) continue;
    visited.add(key);
    if (target.pointer === '') walkedWhole.add(target.file);
    else if (walkedWhole.has(target.file)) continue;
    const doc = documents.get(target.file) as ParsedFile;
    const path = pointerTokens(target.pointer);
    const node = getAt(doc.value, path);

    const follow = (ref: string, at: string[], targetContext: Context, isRefKey: boolean): void => {
      const site: RefSite = { doc, pointer: pointerOf(at), ref };
      const hash = ref.indexOf('#');
      const uri = hash === -1 ? ref : ref.slice(0, hash);
      const fragment = hash === -1 ? '' : safeDecode(ref.slice(hash + 1));
      let file = target.file;
      if (uri !== '') {
        if (/^https?:/i.test(uri)) {
          if (!options.allowRemoteRefs) {
            throw refError('REF_REMOTE', `Remote $ref refused: ${ref}`, site,
              'Download the file into the workspace and reference it by relative path, or set the allowRemoteRefs option (remote files are then not tracked by the cache).');
          }
          remote.add(ref);
          return;
        }
        file = /^file:/i.test(uri) ? fileURLToPath(uri) : resolve(dirname(target.file), safeDecode(uri));
        load(file, site);
      }
      if (fragment !== '' && !fragment.startsWith('/')) {
        // A plain-name fragment ($anchor). The whole file is in the closure; nothing to check.
        queue.push({ file, pointer: '', context: targetContext });
        return;
      }
      const targetDoc = documents.get(file) as ParsedFile;
      if (getAt(targetDoc.value, pointerTokens(fragment)) === undefined) {
        throw refError('REF_UNRESOLVED', `$ref target not found: ${ref}`, site,
          `Check that ${fragment || 'the document'} exists in ${targetDoc.displayPath}.`);
      }
      if (isRefKey && targetContext === 'keyword') {
        addEdge(nodeKey(target.file, pointerOf(at.slice(0, -1))), { to: nodeKey(file, fragment), site });
      }
      queue.push({ file, pointer: fragment, context: targetContext });
    };

    walk(node, target.context, path, {
      follow,
      member: (owner, member) => addEdge(nodeKey(target.file, pointerOf(owner)), { to: nodeKey(target.file, pointerOf(member)) }),
      escapeData: options.escapeLiteralRefs ? () => escaped++ : undefined,
    });
  }

  return {
    root,
    files: [...documents.keys()].map(display).sort(),
    documents,
    remoteRefs: [...remote].sort(),
    escapedLiteralRefs: escaped,
    aliasEdges,
  };
}

interface WalkHooks {
  /** `isRefKey`: a `$ref` key (an object that is its target), not a discriminator mapping value. */
  follow(ref: string, at: string[], targetContext: Context, isRefKey: boolean): void;
  /** `member` (a path) is an allOf/anyOf/oneOf member of the object at `owner`. */
  member(owner: string[], member: string[]): void;
  /** When set, data subtrees are scanned and their literal `$ref` keys renamed; called per rename. */
  escapeData?: () => void;
}

function walk(node: unknown, context: Context, at: string[], hooks: WalkHooks): void {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      at.push(String(i));
      walk(node[i], context, at, hooks);
      at.pop();
    }
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    at.push(key);
    switch (context) {
      case 'map':
        walk(value, 'keyword', at, hooks);
        break;
      case 'callbacks':
        walk(value, 'map', at, hooks);
        break;
      case 'exampleMap':
        walk(value, 'exampleObject', at, hooks);
        break;
      case 'mapping':
        // Discriminator mapping values are schema names or references to schemas.
        if (typeof value === 'string' && (value.includes('#') || value.includes('/') || /\.(ya?ml|json)$/i.test(value))) {
          hooks.follow(value, at, 'keyword', false);
        }
        break;
      case 'exampleObject':
        if (key === '$ref' && typeof value === 'string') hooks.follow(value, at, 'exampleObject', true);
        else if (key === 'value') escapeData(value, hooks);
        break;
      case 'keyword':
        if (key === '$ref' && typeof value === 'string') hooks.follow(value, at, 'keyword', true);
        else if (COMBINATORS.has(key) && Array.isArray(value)) {
          value.forEach((item, i) => {
            if (item !== null && typeof item === 'object') hooks.member(at.slice(0, -1), [...at, String(i)]);
          });
          walk(value, 'keyword', at, hooks);
        } else if (DATA_KEYWORDS.has(key)) escapeData(value, hooks);
        else if (key === 'examples') {
          if (Array.isArray(value)) escapeData(value, hooks);
          else walk(value, 'exampleMap', at, hooks);
        } else if (key === 'callbacks') walk(value, 'callbacks', at, hooks);
        else if (key === 'mapping') walk(value, 'mapping', at, hooks);
        else if (key === 'parameters' && !Array.isArray(value)) walk(value, 'map', at, hooks);
        else if (MAP_KEYWORDS.has(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
          walk(value, 'map', at, hooks);
        } else walk(value, 'keyword', at, hooks);
        break;
    }
    at.pop();
  }
}

/** Renames `$ref` keys inside data so that no bundler treats them as references. */
function escapeData(value: unknown, hooks: WalkHooks): void {
  const escaped = hooks.escapeData;
  if (!escaped) return;
  renameKeysDeep(value, '$ref', LITERAL_REF_KEY, escaped);
}

/**
 * Restores literal `$ref` keys renamed by the closure walk, in place, keeping key order (so output
 * stays byte-identical to a spec that never needed escaping).
 */
export function restoreLiteralRefs(value: unknown): void {
  renameKeysDeep(value, LITERAL_REF_KEY, '$ref');
}

/** Renames key `from` to `to` in every object inside `value` (iteratively: data can be deep). */
function renameKeysDeep(value: unknown, from: string, to: string, onRename?: () => void): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    const obj = node as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(obj, from)) {
      renameKeyInPlace(obj, from, to);
      onRename?.();
    }
    for (const key of Object.keys(obj)) stack.push(obj[key]);
  }
}

function renameKeyInPlace(obj: Record<string, unknown>, from: string, to: string): void {
  const entries = Object.entries(obj);
  for (const key of Object.keys(obj)) delete obj[key];
  for (const [key, value] of entries) obj[key === from ? to : key] = value;
}

export function getAt(root: unknown, tokens: readonly string[]): unknown {
  let node = root;
  for (const token of tokens) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (node !== null && typeof node === 'object') {
      if (!Object.prototype.hasOwnProperty.call(node, token)) return undefined;
      node = (node as Record<string, unknown>)[token];
    } else return undefined;
  }
  return node;
}

export interface RefSite {
  readonly doc: ParsedFile;
  /** Pointer of the `$ref` key itself. */
  readonly pointer: string;
  readonly ref: string;
}

export function refError(
  code: 'REF_REMOTE' | 'REF_OUTSIDE_WORKSPACE' | 'REF_UNRESOLVED' | 'REF_CYCLE',
  message: string,
  site: RefSite | undefined,
  fix: string,
): SpecwrightError {
  if (!site) return new SpecwrightError(code, message, { fix });
  const pos = locatePointer(site.doc.text, site.pointer);
  return new SpecwrightError(code, message, {
    location: { file: site.doc.displayPath, line: pos?.line, column: pos?.column, pointer: site.pointer },
    fix,
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The path with every symbolic link resolved, or undefined when it does not exist. */
function realPathOf(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined; // missing (or a dangling link): reading it reports the missing file
  }
}

function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

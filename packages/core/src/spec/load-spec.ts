import { createHash } from 'node:crypto';
import type { BaseResolver, Config, Document, Source } from '@redocly/openapi-core';
import { redocly } from '../util/lazy';
import { SpecwrightError } from '../errors';
import { checkRefCycles } from './ref-cycles';
import { collectRefClosure, restoreLiteralRefs, type RefClosure } from './ref-closure';
import { checkOpenApiVersion, type OpenApiDocument, type OpenApiVersion } from './openapi-version';
import { problemLocation } from './problem-location';
import { parseSpecText } from './read-document';
import { convertSwagger2, isSwagger2, swagger2Warning } from './swagger2';

export interface LoadSpecOptions {
  /** Absolute path of the workspace root; the spec and everything it references must be inside. */
  readonly workspaceRoot: string;
  readonly allowRemoteRefs?: boolean;
}

/** The bundled spec (Swagger 2.0 converted to OpenAPI 3.0) and exactly which files it came from. */
export interface SpecSource {
  /** Root spec, workspace-relative POSIX path. */
  readonly rootFile: string;
  readonly version: OpenApiVersion;
  /** One document: external files pulled into `components`, internal `$ref`s kept. */
  readonly document: OpenApiDocument;
  /** Every file of the `$ref` closure, root included: sorted, workspace-relative, POSIX. */
  readonly files: readonly string[];
  /** sha256 over the closure's paths and bytes. */
  readonly hash: string;
  /** Remote references (only with allowRemoteRefs); these are not covered by `hash`. */
  readonly remoteRefs: readonly string[];
  /** About the spec as a whole, for the front end to print (a Swagger 2.0 spec was converted). */
  readonly warnings: readonly string[];
}

/**
 * Loads a spec and its `$ref` closure and bundles it into one document with Redocly. Our own
 * closure walk runs first: it refuses remote and out-of-workspace references with a located
 * message, protects literal `$ref`s inside examples, and parses each file once; the parsed files
 * are handed to Redocly through its resolver cache so nothing is read or parsed twice. A Swagger
 * 2.0 spec is converted to OpenAPI 3.0, with a warning in `warnings`.
 */
export async function loadSpec(specPath: string, options: LoadSpecOptions): Promise<SpecSource> {
  const closure = collectRefClosure(specPath, {
    workspaceRoot: options.workspaceRoot,
    allowRemoteRefs: options.allowRemoteRefs,
    escapeLiteralRefs: true,
  });
  const root = closure.documents.get(closure.root)!;
  const swagger = isSwagger2(root.value);
  const version = swagger ? '3.0' : checkOpenApiVersion(root.value, root.displayPath, root.text);
  checkRefCycles(closure, options.workspaceRoot);

  const converted = swagger ? await convertSwaggerClosure(closure, options.workspaceRoot) : undefined;
  const document = converted?.document ?? (await bundledDocument(closure, options.workspaceRoot));
  if (closure.escapedLiteralRefs > 0) restoreLiteralRefs(document);

  return {
    rootFile: root.displayPath,
    version,
    document,
    files: closure.files,
    hash: hashClosure(closure),
    remoteRefs: closure.remoteRefs,
    warnings: converted ? [converted.warning] : [],
  };
}

/**
 * A Swagger 2.0 closure as one OpenAPI 3.0 document, with the warning that says so. Files are
 * bundled first (Redocly bundles 2.0 too) and the bundle converted, so a multi-file 2.0 spec
 * converts like a single file. Literal `$ref`s in examples stay escaped, as in the bundle.
 */
export async function convertSwaggerClosure(closure: RefClosure, workspaceRoot: string): Promise<{ document: OpenApiDocument; warning: string }> {
  const root = closure.documents.get(closure.root)!;
  const bundled = await bundledDocument(closure, workspaceRoot);
  const { document, notes } = await convertSwagger2(bundled, root.displayPath);
  return { document, warning: swagger2Warning(root.displayPath, notes) };
}

/** The closure as one document (OpenAPI 3.x, or Swagger 2.0 not yet converted). */
async function bundledDocument(closure: RefClosure, workspaceRoot: string): Promise<OpenApiDocument> {
  // A spec in one file with no remote references is already a bundle (Redocly's bundle is the
  // identity on it, verified on GitHub's spec); skipping it saves a second of a 13 MB spec's load.
  const alreadyBundled = closure.documents.size === 1 && closure.remoteRefs.length === 0;
  return alreadyBundled ? (closure.documents.get(closure.root)!.value as OpenApiDocument) : bundleClosure(closure, workspaceRoot);
}

async function bundleClosure(closure: RefClosure, workspaceRoot: string): Promise<OpenApiDocument> {
  const { bundle, createConfig } = redocly();
  const config = await createConfig({});
  const resolver = resolverFor(closure, config.resolve);
  const rootDocument = await resolver.resolveDocument(null, closure.root, true);
  if (rootDocument instanceof Error) throw rootDocument;
  const result = await bundle({ doc: rootDocument, externalRefResolver: resolver, config, dereference: false });
  const failure = result.problems.find((p) => p.severity === 'error');
  if (failure && resolver.parseFailure) throw resolver.parseFailure;
  if (failure) {
    throw new SpecwrightError('BUNDLE_FAILED', failure.message, {
      location: problemLocation(failure, workspaceRoot),
      fix: 'Fix the reference or the value at that location.',
    });
  }
  return result.bundle.parsed as OpenApiDocument;
}

/** A Redocly resolver whose cache already holds every parsed file of the closure. */
export function resolverFor(closure: RefClosure, resolveConfig?: Config['resolve']): ClosureResolver {
  const { Source } = redocly();
  const resolver = new (closureResolverClass())(resolveConfig);
  for (const [absolutePath, file] of closure.documents) {
    const document: Document = {
      source: new Source(absolutePath, file.text.replace(/\r\n/g, '\n')),
      parsed: file.value,
    };
    resolver.cache.set(absolutePath, Promise.resolve(document));
  }
  return resolver;
}

export interface ClosureResolver extends BaseResolver {
  /** The first remote document our parser refused (Redocly reports it only as "Can't resolve"). */
  parseFailure?: SpecwrightError;
}

let closureResolver: (new (config?: Config['resolve']) => ClosureResolver) | undefined;

/**
 * Redocly's resolver with two changes. A local file missing from the cache is refused: the closure
 * walk already read (and checked) every file the spec references, so anything else would be an
 * untracked input. Remote documents (allowRemoteRefs) are parsed by our reader instead of
 * Redocly's js-yaml, which expands aliases without limit, so they are bounded like local files.
 */
function closureResolverClass(): new (config?: Config['resolve']) => ClosureResolver {
  if (closureResolver) return closureResolver;
  const { BaseResolver } = redocly();
  closureResolver = class extends BaseResolver implements ClosureResolver {
    parseFailure?: SpecwrightError;

    override async loadExternalRef(absoluteRef: string): Promise<Source> {
      if (!/^https?:/i.test(absoluteRef)) throw new Error(`${absoluteRef} is not part of the spec's $ref closure`);
      return super.loadExternalRef(absoluteRef);
    }

    override parseDocument(source: Source, isRoot = false): Document {
      const structured = /\.(json|ya?ml)$/i.test(source.absoluteRef) || /json|yaml|openapi/.test(source.mimeType ?? '');
      if (!structured && !isRoot) return { source, parsed: source.body }; // as Redocly does
      try {
        return { source, parsed: parseSpecText(source.body, source.absoluteRef, /\.json$/i.test(source.absoluteRef)) };
      } catch (error) {
        if (error instanceof SpecwrightError) this.parseFailure ??= error;
        throw error;
      }
    }
  };
  return closureResolver;
}

/** sha256 over `path NUL sha256(bytes)` lines in path order: any byte of any file changes it. */
export function hashClosure(closure: RefClosure): string {
  const byDisplay = new Map([...closure.documents.values()].map((d) => [d.displayPath, d.text]));
  const hash = createHash('sha256');
  for (const file of closure.files) {
    hash.update(file).update('\0').update(createHash('sha256').update(byDisplay.get(file) ?? '').digest('hex')).update('\n');
  }
  return hash.digest('hex');
}

import { stableStringify } from '../contract/canonical-json';
import type { GeneratedFile } from './generated-file';

export interface ManifestOperation {
  readonly method: string;
  readonly path: string;
  readonly contractHash: string;
  /** sha256(contractHash, model, prompt version, interface version): what a pin is valid for. */
  readonly key: string;
  /** `hand-owned` (src/handlers wins), or the provider that wrote the implementation. */
  readonly handler: string;
  readonly model?: string;
  readonly promptVersion?: string;
  /** Workspace-relative path of the handler module. */
  readonly file: string;
}

export interface Manifest {
  readonly generator: string;
  readonly spec: string;
  readonly specFiles: readonly string[];
  /** sha256 of the bundled document's canonical JSON: changes with the data, not with formatting. */
  readonly specHash: string;
  readonly emit: readonly string[];
  readonly operations: { readonly [operationId: string]: ManifestOperation };
}

/**
 * `manifest.json`: provenance of this output: which spec files and which handler went into it.
 * Sorted keys, workspace-relative paths and no timestamps: byte-identical across machines.
 */
export function emitManifest(manifest: Manifest): GeneratedFile {
  return { path: 'manifest.json', contents: stableStringify(manifest) + '\n' };
}

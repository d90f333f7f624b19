import { posix } from 'node:path';
import { defaultLockDirOf, formatError, SpecwrightError } from '@specwright/core/graph';

/**
 * The providers `provider` may name. Core's PROVIDER_IDS lives in its main entry, which is too
 * heavy to load while Nx builds the graph; a unit test keeps the two lists equal.
 */
export const GRAPH_PROVIDER_IDS = ['offline', 'anthropic'] as const;
export type GraphProviderId = (typeof GRAPH_PROVIDER_IDS)[number];

/** Where a model writes handlers and where its work is pinned; in nx.json options or specwright.json. */
export interface GenerationSettings {
  /** Who implements operations without a hand-owned handler. Default `offline`. */
  provider?: GraphProviderId;
  /** A pinned model id (required for `anthropic`); it enters the cache key through the target options. */
  model?: string;
  /** Provider calls in flight at once. Default 4. */
  concurrency?: number;
  /** Provider calls per operation (the first included) before its candidate is discarded. Default 3. */
  maxAttempts?: number;
  /** Module specifiers generated handlers may import besides @specwright/runtime and the emitted files. */
  allowImports?: string[];
  /** The generation lock folder, relative to the project root. Default `specwright.lock` beside the spec. */
  lockDir?: string;
}

export const GENERATION_DEFAULTS = { provider: 'offline', concurrency: 4, maxAttempts: 3, allowImports: [] as string[] } as const;

export const LOCK_DIR_NAME = 'specwright.lock';

/**
 * A shape an API would accept as a model id: no spaces, no quotes. Whether it is pinned rather
 * than a floating alias (`-latest`) is core's to decide when generate runs (the executor fails
 * then with the pinned id to use); the graph only refuses what no API could accept.
 */
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}$/;

type Fail = (key: string, message: string, fix: string) => never;

function failer(file: string, pointerOf: (key: string) => string): Fail {
  return (key, message, fix) => {
    throw new Error(formatError(new SpecwrightError('INVALID_OPTION', message, { location: { file, pointer: pointerOf(key) }, fix })));
  };
}

/**
 * Checks the types of the generation settings in nx.json plugin options or a specwright.json,
 * so a typo fails graph construction with the file and the key instead of a confusing run later.
 * `pointerOf` turns a key into the location shown (`/model`, `@specwright/nx options/model`).
 */
export function validateGenerationSettings(value: Record<string, unknown>, file: string, pointerOf: (key: string) => string): void {
  const fail = failer(file, pointerOf);
  const provider = value['provider'];
  if (provider !== undefined && !(GRAPH_PROVIDER_IDS as readonly unknown[]).includes(provider)) {
    fail('provider', `"provider" must be one of ${GRAPH_PROVIDER_IDS.map((id) => `"${id}"`).join(', ')}`, 'Write e.g. "provider": "anthropic" (with "model"), or leave it out for "offline".');
  }
  const model = value['model'];
  if (model !== undefined && !(typeof model === 'string' && MODEL_ID.test(model))) {
    fail('model', '"model" must be a model id: letters, digits and . _ : @ / -, without spaces', 'Write e.g. "model": "claude-sonnet-5-5" (a pinned id, not an alias such as "-latest").');
  }
  for (const key of ['concurrency', 'maxAttempts'] as const) {
    const n = value[key];
    if (n !== undefined && !(Number.isInteger(n) && (n as number) >= 1)) {
      fail(key, `"${key}" must be a positive integer`, `Write e.g. "${key}": ${GENERATION_DEFAULTS[key]}.`);
    }
  }
  const allowImports = value['allowImports'];
  if (allowImports !== undefined && !(Array.isArray(allowImports) && allowImports.every((item) => typeof item === 'string' && item.trim() !== ''))) {
    fail('allowImports', '"allowImports" must be an array of module specifiers', 'Write e.g. "allowImports": ["zod", "@acme/domain"].');
  }
  const lockDir = value['lockDir'];
  if (lockDir !== undefined && !(typeof lockDir === 'string' && lockDir.trim() !== '')) {
    fail('lockDir', '"lockDir" must be a folder path relative to the project root', `Write e.g. "lockDir": "${LOCK_DIR_NAME}", or leave it out for ${LOCK_DIR_NAME} beside the spec.`);
  }
}

/**
 * A model provider cannot run without a pinned model: refused while the graph is built, naming
 * the file that chose the provider, rather than inferring a target that can only fail.
 */
export function requireModel(settings: GenerationSettings, file: string, pointer: string): void {
  if (settings.provider === 'anthropic' && settings.model === undefined) {
    throw new Error(
      formatError(
        new SpecwrightError('INVALID_OPTION', 'provider "anthropic" needs a pinned model id in "model"', {
          location: { file, pointer },
          fix: 'Add e.g. "model": "claude-sonnet-5-5" next to "provider" (in nx.json plugin options or specwright.json).',
        }),
      ),
    );
  }
}

/** The lock folder relative to the project root: `lockDir`, or `specwright.lock` beside the spec. */
export function projectLockDir(lockDir: string | undefined, specFromProject: string): string {
  return posix.normalize(lockDir ?? defaultLockDirOf(specFromProject)).replace(/\/+$/, '');
}

/**
 * Refuses a lock folder the generate target could only damage. The lock is an output of generate
 * (a cache hit restores the entries a run pinned), and Nx replaces an output folder as a whole
 * when it restores it; so the lock folder may not be or hold the project, the spec or the
 * hand-owned handlers, and must stay inside the workspace.
 */
export function validateLockDir(
  settings: { lockDir: string; projectRoot: string; handlersDir: string; spec: string },
  file: string,
  pointer: string,
): void {
  const lock = settings.lockDir;
  const refuse = (why: string): never => {
    throw new Error(
      formatError(
        new SpecwrightError('UNSAFE_OUTPUT_DIR', `lockDir "${lock}" ${why}`, {
          location: { file, pointer },
          fix: `the lock is an output of generate that a cache hit replaces as a whole: give it a folder of its own, such as "${LOCK_DIR_NAME}" beside the spec (the default).`,
        }),
      ),
    );
  };
  if (posix.isAbsolute(lock)) refuse('must be relative to the project root');
  if (lock === '.' || /^\.\.(\/\.\.)*$/.test(lock)) refuse(lock === '.' ? 'is the project root' : 'holds the project root');
  const fromWorkspace = posix.normalize(posix.join(settings.projectRoot, lock));
  if (fromWorkspace === '..' || fromWorkspace.startsWith('../')) refuse('lies outside the workspace');
  // Nx reads an output path as a glob; an escaped one it would not find again on a cache hit.
  if (/[*?[\]{}()!]/.test(lock)) refuse('has a glob character (* ? [ ] { } ( ) !) in its path, which Nx would read as a pattern in the outputs');
  if (isInside(posix.normalize(settings.spec), lock)) refuse(`holds the spec "${settings.spec}"`);
  if (isInside(posix.normalize(settings.handlersDir).replace(/\/+$/, ''), lock)) refuse(`holds the hand-owned handlers folder "${settings.handlersDir}"`);
}

/** `inner` is `outer` or lies inside it (normalized POSIX paths). */
export function isInside(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(`${outer}/`) || (outer === '.' && !inner.startsWith('..'));
}

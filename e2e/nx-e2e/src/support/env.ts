import { randomBytes } from 'node:crypto';

/**
 * A value only the e2e children see. No target configuration may contain it: a target that
 * captured an environment value would give different task hashes on different machines.
 */
export const ENV_CANARY_NAME = 'SPECWRIGHT_E2E_CANARY';
export const ENV_CANARY_VALUE = `canary-${randomBytes(6).toString('hex')}`;

/**
 * The environment of every command the suite runs in the temp workspace: this process's, less
 * what npm scripts and Nx put there (an inherited `npm_config_local_prefix` would point npm at
 * this repo, inherited NX_* variables at its Nx setup), plus the settings the suite depends on.
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(name) || /^NX_/.test(name) || /^JEST_/.test(name)) continue;
    if (['INIT_CWD', 'NODE_OPTIONS', 'NODE_ENV', 'FORCE_COLOR', 'NO_COLOR'].includes(name)) continue;
    env[name] = value;
  }
  return {
    ...env,
    CI: 'true',
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    [ENV_CANARY_NAME]: ENV_CANARY_VALUE,
    ...extra,
  };
}

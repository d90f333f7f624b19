import { formatError, SpecwrightError } from '@specwright/core/graph';
import type { ConformanceSettings } from './options';

/**
 * The conformance settings of a project: specwright.json's over the plugin's. `checks` and
 * `operations` merge key by key (a project turns one check off without repeating the others);
 * everything else is replaced. `false` on the project side turns the target off; a project may
 * turn it back on with an object when the plugin turned it off.
 */
export function mergeConformanceSettings(
  plugin: ConformanceSettings | false,
  project: ConformanceSettings | false | undefined,
): ConformanceSettings | false {
  if (project === undefined) return plugin;
  if (project === false) return false;
  const base = plugin === false ? {} : plugin;
  const merged: ConformanceSettings = { ...base, ...project };
  if (base.checks || project.checks) merged.checks = { ...base.checks, ...project.checks };
  if (base.operations || project.operations) {
    const operations: NonNullable<ConformanceSettings['operations']> = { ...base.operations };
    for (const [id, settings] of Object.entries(project.operations ?? {})) {
      const before = base.operations?.[id];
      const next = { ...before, ...settings };
      if (before?.checks || settings.checks) next.checks = { ...before?.checks, ...settings.checks };
      operations[id] = next;
    }
    merged.operations = operations;
  }
  return merged;
}

const KEYS = ['seed', 'cases', 'phases', 'checks', 'operations', 'include'];

/**
 * Checks the shape of a `conformance` value from nx.json or specwright.json, so a typo fails
 * graph construction with the file and the key rather than a confusing run later. Check and
 * phase names are the engine's to validate (it knows them, and names the valid ones).
 */
export function validateConformanceSettings(value: unknown, file: string, pointer: string): ConformanceSettings | false {
  const fail = (at: string, message: string, fix: string): never => {
    throw new Error(formatError(new SpecwrightError('INVALID_OPTION', message, { location: { file, pointer: at }, fix })));
  };
  if (value === false) return false;
  if (!isObject(value)) {
    return fail(pointer, '"conformance" must be an object or false', 'Write e.g. "conformance": { "cases": 10, "checks": { "ignored_auth": false } }, or false for no conformance target.');
  }
  for (const key of Object.keys(value)) {
    if (!KEYS.includes(key)) fail(`${pointer}/${key}`, `Unknown conformance setting "${key}"`, `Use one of: ${KEYS.join(', ')}.`);
  }
  if (value['seed'] !== undefined && !Number.isInteger(value['seed'])) fail(`${pointer}/seed`, '"seed" must be an integer', 'Write e.g. "seed": 42.');
  const cases = value['cases'];
  if (cases !== undefined && !(Number.isInteger(cases) && (cases as number) >= 1)) fail(`${pointer}/cases`, '"cases" must be a positive integer', 'Write e.g. "cases": 10.');
  for (const key of ['phases', 'include']) {
    const list = value[key];
    if (list !== undefined && !(Array.isArray(list) && list.every((item) => typeof item === 'string'))) {
      fail(`${pointer}/${key}`, `"${key}" must be an array of strings`, key === 'phases' ? 'Write e.g. "phases": ["examples", "coverage"].' : 'Write e.g. "include": ["getPet"].');
    }
  }
  checkSwitches(value['checks'], `${pointer}/checks`, fail);
  const operations = value['operations'];
  if (operations !== undefined) {
    if (!isObject(operations)) fail(`${pointer}/operations`, '"operations" must be an object keyed by operationId', 'Write e.g. "operations": { "getPet": { "checks": { "use_after_free": false } } }.');
    for (const [id, settings] of Object.entries(operations as Record<string, unknown>)) {
      const at = `${pointer}/operations/${id}`;
      if (!isObject(settings)) fail(at, `"operations.${id}" must be an object`, 'Write e.g. { "skip": true } or { "checks": { "use_after_free": false } }.');
      const s = settings as Record<string, unknown>;
      for (const key of Object.keys(s)) if (key !== 'checks' && key !== 'skip') fail(`${at}/${key}`, `Unknown operation setting "${key}"`, 'Use "checks" or "skip".');
      if (s['skip'] !== undefined && typeof s['skip'] !== 'boolean') fail(`${at}/skip`, '"skip" must be true or false', 'Write e.g. "skip": true.');
      checkSwitches(s['checks'], `${at}/checks`, fail);
    }
  }
  return value as ConformanceSettings;
}

function checkSwitches(value: unknown, at: string, fail: (at: string, message: string, fix: string) => never): void {
  if (value === undefined) return;
  if (!isObject(value) || !Object.values(value).every((v) => typeof v === 'boolean')) {
    fail(at, 'check switches must map check names to true or false', 'Write e.g. { "ignored_auth": false }.');
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

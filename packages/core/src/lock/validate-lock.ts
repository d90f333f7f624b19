import { escapePointerToken } from '../spec/pointer';
import type { TokenUsage } from '../providers/provider';
import { LOCK_FORMAT_VERSION, LOCK_VERDICTS, type LockEntry, type LockIndex, type LockVerdict, type PendingBatch } from './lock-types';
import { lockFileProblem } from './lock-file-path';
import { lockInvalid, quote, type LockFileRef } from './lock-invalid';

/**
 * Strict checks of the lock's JSON files, field by field, against what Specwright writes: the
 * lock is committed, and a pull request can put anything in it. Unknown fields are refused too
 * (a later format bumps `lockVersion`). What comes out is built afresh from checked values, with
 * null-prototype maps, so an operation id such as `__proto__` is plain data.
 */

type Json = Record<string, unknown>;

const ENTRY_REQUIRED = ['key', 'contractHash', 'method', 'path', 'file', 'codeSha256', 'provider', 'model', 'promptVersion', 'usage', 'attempts', 'verdict'];
const ENTRY_OPTIONAL = ['apiVersion', 'requestId', 'promptHash', 'notes'];
const USAGE_FIELDS = ['input', 'output', 'cacheRead', 'cacheWrite'] as const;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export function validateLockIndex(value: unknown, ref: LockFileRef): LockIndex {
  const check = new Checker(ref);
  const top = check.object(value, '');
  const version = top['lockVersion'];
  if (typeof version === 'number' && Number.isInteger(version) && version > LOCK_FORMAT_VERSION) {
    throw lockInvalid(ref, '/lockVersion', `is ${version}: this lock was written by a newer Specwright (this one reads version ${LOCK_FORMAT_VERSION}); upgrade Specwright`);
  }
  if (version !== LOCK_FORMAT_VERSION) check.fail('/lockVersion', `must be ${LOCK_FORMAT_VERSION} (found ${quote(version)})`);
  check.onlyKeys(top, '', ['lockVersion', 'spec', 'entries'], []);
  const spec = check.string(top, 'spec', '');
  const rawEntries = check.object(top['entries'], '/entries');
  const entries: Record<string, LockEntry> = Object.create(null) as Record<string, LockEntry>;
  // Two entries must not share a file; compared case-folded, as macOS and Windows compare names.
  const fileOwners = new Map<string, string>();
  for (const operationId of Object.keys(rawEntries)) {
    const pointer = `/entries/${escapePointerToken(operationId)}`;
    const entry = validateEntry(check, rawEntries[operationId], pointer);
    const folded = entry.file.toLowerCase();
    const owner = fileOwners.get(folded);
    if (owner !== undefined) check.fail(`${pointer}/file`, `names the same file as ${owner}/file (${quote(entry.file)})`);
    fileOwners.set(folded, pointer);
    entries[operationId] = entry;
  }
  return { lockVersion: LOCK_FORMAT_VERSION, spec, entries };
}

export function validatePendingBatch(value: unknown, ref: LockFileRef): PendingBatch {
  const check = new Checker(ref);
  const top = check.object(value, '');
  check.onlyKeys(top, '', ['batchId', 'model', 'requests'], []);
  const batchId = check.string(top, 'batchId', '');
  const model = check.string(top, 'model', '');
  const rawRequests = check.object(top['requests'], '/requests');
  const requests: Record<string, { operationId: string; key: string }> = Object.create(null) as Record<string, { operationId: string; key: string }>;
  for (const customId of Object.keys(rawRequests)) {
    const pointer = `/requests/${escapePointerToken(customId)}`;
    const request = check.object(rawRequests[customId], pointer);
    check.onlyKeys(request, pointer, ['operationId', 'key'], []);
    requests[customId] = { operationId: check.string(request, 'operationId', pointer), key: check.string(request, 'key', pointer) };
  }
  return { batchId, model, requests };
}

function validateEntry(check: Checker, value: unknown, pointer: string): LockEntry {
  const raw = check.object(value, pointer);
  check.onlyKeys(raw, pointer, ENTRY_REQUIRED, ENTRY_OPTIONAL);
  const file = check.string(raw, 'file', pointer);
  const fileProblem = lockFileProblem(file);
  if (fileProblem) check.fail(`${pointer}/file`, `${fileProblem}: ${quote(file)}`);
  const codeSha256 = check.string(raw, 'codeSha256', pointer);
  if (!SHA256_HEX.test(codeSha256)) check.fail(`${pointer}/codeSha256`, `must be 64 lowercase hex digits (found ${quote(codeSha256)})`);
  const verdict = raw['verdict'];
  if (!LOCK_VERDICTS.includes(verdict as LockVerdict)) {
    check.fail(`${pointer}/verdict`, `must be one of ${LOCK_VERDICTS.map((v) => `"${v}"`).join(', ')} (found ${quote(verdict)})`);
  }
  const optional = (name: string): Partial<Record<string, string>> =>
    raw[name] === undefined ? {} : { [name]: check.string(raw, name, pointer, { allowEmpty: true }) };
  return {
    key: check.string(raw, 'key', pointer),
    contractHash: check.string(raw, 'contractHash', pointer),
    method: check.string(raw, 'method', pointer),
    path: check.string(raw, 'path', pointer),
    file,
    codeSha256,
    provider: check.string(raw, 'provider', pointer),
    model: check.string(raw, 'model', pointer),
    promptVersion: check.string(raw, 'promptVersion', pointer),
    ...optional('apiVersion'),
    ...optional('requestId'),
    ...optional('promptHash'),
    usage: validateUsage(check, raw['usage'], `${pointer}/usage`),
    attempts: check.count(raw, 'attempts', pointer),
    verdict: verdict as LockVerdict,
    ...optional('notes'),
  };
}

function validateUsage(check: Checker, value: unknown, pointer: string): TokenUsage {
  const raw = check.object(value, pointer);
  check.onlyKeys(raw, pointer, USAGE_FIELDS, []);
  const [input, output, cacheRead, cacheWrite] = USAGE_FIELDS.map((name) => check.count(raw, name, pointer));
  return { input, output, cacheRead, cacheWrite };
}

/** Field checks that throw LOCK_INVALID naming the file and the pointer of the bad field. */
class Checker {
  constructor(private readonly ref: LockFileRef) {}

  fail(pointer: string, problem: string): never {
    throw lockInvalid(this.ref, pointer, problem);
  }

  object(value: unknown, pointer: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(pointer, `must be an object (found ${kindOf(value)})`);
    return value as Json;
  }

  onlyKeys(value: Json, pointer: string, required: readonly string[], optional: readonly string[]): void {
    for (const name of required) if (!Object.hasOwn(value, name)) this.fail(`${pointer}/${name}`, 'is missing');
    for (const name of Object.keys(value)) {
      if (!required.includes(name) && !optional.includes(name)) this.fail(`${pointer}/${escapePointerToken(name)}`, 'is not a field of the lock format');
    }
  }

  string(value: Json, name: string, pointer: string, options: { allowEmpty?: boolean } = {}): string {
    const member = value[name];
    if (typeof member !== 'string') this.fail(`${pointer}/${name}`, `must be a string (found ${kindOf(member)})`);
    if (member === '' && !options.allowEmpty) this.fail(`${pointer}/${name}`, 'must not be empty');
    return member;
  }

  /** A non-negative whole number (token counts, attempts). */
  count(value: Json, name: string, pointer: string): number {
    const member = value[name];
    if (typeof member !== 'number' || !Number.isSafeInteger(member) || member < 0) {
      this.fail(`${pointer}/${name}`, `must be a whole number of 0 or more (found ${quote(member)})`);
    }
    return member;
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${quote(value)}`;
}

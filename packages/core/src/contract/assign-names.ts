import { SpecwrightError } from '../errors';
import { sha256 } from './canonical-json';
import { operationFileName, operationIdentifier, operationTypeName } from './operation-names';

/** What naming needs to know of an operation. */
export interface NamingInput {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  /** JSON pointer of the operation, for messages. */
  readonly pointer: string;
}

export interface AssignedNames {
  /** Handler file path without `.ts`: the hand-owned file's when `handOwned`, else the implementation's. */
  readonly fileName: string;
  readonly handOwned: boolean;
  readonly identifier: string;
  readonly typeName: string;
}

export interface NamingContext {
  /** Hand-owned handler files as they are on disk (exact case, from readdir), relative, without `.ts`. */
  readonly handOwnedFiles: ReadonlySet<string>;
  /** The handlers folder as the user knows it (`apps/api/src/handlers`), for messages. */
  readonly handlersDir: string;
  /** The spec file, for messages. */
  readonly specFile: string;
}

/**
 * Gives every operation its handler file, identifier and type name, so that no binding between
 * an operation and a hand-owned file can move because another operation was added, removed or
 * reordered. The names are functions of each operation's own id and of which files exist, never
 * of positions or of the other ids, except in this one way: a name that two operations would
 * share is given to neither, and each gets its id's disambiguated form instead.
 *
 * - Natural file name: `operationFileName(id)` (`get pet` → `get_pet`, `repos/get` → folder).
 *   Disambiguated: natural + `-` + 8 hex digits of sha256(id), the same on every machine and
 *   whatever else the spec holds.
 * - An operation is bound to a hand-owned file whose name is exactly its natural or its
 *   disambiguated one (exact case, as readdir lists it: existsSync would also match another case
 *   on macOS and Windows, so two machines would bind differently). A file two operations could
 *   claim (`get pet` and `get_pet` both map to `get_pet`) is an error, as is a file that differs
 *   from an operation's name only in letter case: both would otherwise leave a handler silently
 *   unused.
 * - An operation without a hand-owned file writes `implementations/<natural>.ts` when no other
 *   operation's natural name equals its own ignoring case (the output may live on a
 *   case-insensitive disk), else the disambiguated name. That depends on the spec only.
 * - Type names (`GetPetHandler`, what hand-owned files import) are unique exactly (TypeScript is
 *   case-sensitive). When several operations would share one, the only one bound to a hand-owned
 *   file keeps it, so adding `GetPet` beside a hand-owned `getPet` changes nothing the user
 *   wrote; every other gets `<Name>_<8 hex>`. When none or several are hand-owned, all do:
 *   a plain name never silently moves to another operation (code importing it fails to compile
 *   instead of being checked against someone else's contract).
 */
export function assignNames(operations: readonly NamingInput[], context: NamingContext): AssignedNames[] {
  const natural = operations.map((op) => operationFileName(op.id));
  const alternative = operations.map((op, i) => `${natural[i]}-${idHash(op.id)}`);
  const handFile = (name: string) => `${context.handlersDir}/${name}.ts`;
  const describe = (i: number) => {
    const op = operations[i] as NamingInput;
    return `"${op.id}" (${op.method.toUpperCase()} ${op.path})`;
  };
  const location = (i: number) => ({ file: context.specFile, pointer: `${(operations[i] as NamingInput).pointer}/operationId` });

  // Which hand-owned file each operation claims.
  const claimed = new Map<string, number[]>();
  const claim: Array<string | undefined> = operations.map((op, i) => {
    const names = [natural[i] as string, alternative[i] as string].filter((name) => context.handOwnedFiles.has(name));
    if (names.length === 2) {
      throw new SpecwrightError('HANDLER_FILE_CONFLICT', `Operation ${describe(i)} has two hand-owned handler files: ${names.map(handFile).join(' and ')}`, {
        location: location(i),
        fix: 'Delete or rename one of them.',
      });
    }
    const name = names[0];
    if (name !== undefined) claimed.set(name, [...(claimed.get(name) ?? []), i]);
    return name;
  });
  for (const [name, owners] of claimed) {
    if (owners.length < 2) continue;
    throw new SpecwrightError(
      'HANDLER_FILE_CONFLICT',
      `${handFile(name)} could be the handler of ${owners.length} operations, ${owners.map(describe).join(' and ')}: their operationIds map to the same file name, so which one it implements is ambiguous`,
      {
        location: location(owners[0] as number),
        fix:
          'Give these operations operationIds that still differ once characters other than letters, digits, ".", "_" and "-" become "_", ' +
          `or rename the file to the name only one of them has: ${owners.map((i) => `${handFile(alternative[i] as string)} for "${(operations[i] as NamingInput).id}"`).join(', ')}.`,
      },
    );
  }

  // A file that matches an operation's name in all but letter case is a handler nobody would
  // notice is unused (and one that macOS would have bound before names were compared exactly).
  const byFold = new Map<string, number[]>();
  operations.forEach((_, i) => {
    for (const name of new Set([natural[i] as string, alternative[i] as string])) byFold.set(fold(name), [...(byFold.get(fold(name)) ?? []), i]);
  });
  for (const file of [...context.handOwnedFiles].sort()) {
    if (claimed.has(file)) continue;
    const near = byFold.get(fold(file));
    if (!near) continue;
    const expected = (i: number) => (fold(natural[i] as string) === fold(file) ? (natural[i] as string) : (alternative[i] as string));
    throw new SpecwrightError(
      'HANDLER_FILE_CASE',
      `${handFile(file)} differs only in letter case from the handler file of ${near.map((i) => `${describe(i)}, ${handFile(expected(i))}`).join(' and of ')}; it is not bound, because handler files are matched exactly (so every OS binds the same files)`,
      { location: location(near[0] as number), fix: `Rename it to ${near.map((i) => handFile(expected(i))).join(' or ')} (on a case-insensitive disk: git mv through a temporary name).` },
    );
  }

  const naturalFolds = new Map<string, number>();
  for (const name of natural) naturalFolds.set(fold(name), (naturalFolds.get(fold(name)) ?? 0) + 1);
  const fileNames = operations.map((_, i) => claim[i] ?? (naturalFolds.get(fold(natural[i] as string)) === 1 ? (natural[i] as string) : (alternative[i] as string)));
  assertWritable(operations, fileNames, claim, describe, location);

  const naturalIdentifiers = operations.map((op) => operationIdentifier(op.id));
  const naturalTypes = naturalIdentifiers.map(operationTypeName);
  const groups = new Map<string, number[]>();
  naturalTypes.forEach((name, i) => groups.set(name, [...(groups.get(name) ?? []), i]));
  const plain = new Set<number>();
  for (const members of groups.values()) {
    const handOwned = members.filter((i) => claim[i] !== undefined);
    if (members.length === 1) plain.add(members[0] as number);
    else if (handOwned.length === 1) plain.add(handOwned[0] as number);
  }
  const names = operations.map((op, i) => ({
    fileName: fileNames[i] as string,
    handOwned: claim[i] !== undefined,
    identifier: plain.has(i) ? (naturalIdentifiers[i] as string) : `${naturalIdentifiers[i]}_${idHash(op.id)}`,
    typeName: plain.has(i) ? (naturalTypes[i] as string) : `${naturalTypes[i]}_${idHash(op.id)}`,
  }));
  // Disambiguated names cannot equal a natural one (those have no `_` before a final word); two
  // equal hashes of distinct ids would need 2^32 tries. Checked anyway: a clash must not compile.
  const typeOwners = new Map<string, number>();
  names.forEach((n, i) => {
    const other = typeOwners.get(n.typeName);
    if (other !== undefined) {
      throw new SpecwrightError('OPERATION_ID_CONFLICT', `Operations ${describe(other)} and ${describe(i)} would share the type name ${n.typeName}Handler`, {
        location: location(i),
        fix: 'Give one of them a different operationId.',
      });
    }
    typeOwners.set(n.typeName, i);
  });
  return names;
}

/** 8 hex digits of sha256(id): short, readable enough, and a function of the id alone. */
export function idHash(id: string): string {
  return sha256(id).slice(0, 8);
}

/** File names compare case-insensitively on macOS and Windows disks. */
function fold(name: string): string {
  return name.toLowerCase();
}

/**
 * Generated implementation files must be distinct on a case-insensitive disk, and a file must not
 * be where another operation's folder goes (`a` → `a.ts`, `a.ts/b` → folder `a.ts`). Only ids
 * built to collide get here (an id spelled like another's disambiguated name).
 */
function assertWritable(
  operations: readonly NamingInput[],
  fileNames: readonly string[],
  claim: ReadonlyArray<string | undefined>,
  describe: (i: number) => string,
  location: (i: number) => { file: string; pointer: string },
): void {
  const files = new Map<string, number>();
  const folders = new Map<string, number>();
  operations.forEach((_, i) => {
    if (claim[i] !== undefined) return;
    const segments = (fileNames[i] as string).split('/');
    for (let k = 1; k < segments.length; k++) folders.set(fold(segments.slice(0, k).join('/')), i);
  });
  operations.forEach((_, i) => {
    if (claim[i] !== undefined) return;
    const file = fold(`${fileNames[i]}.ts`);
    const other = files.get(file) ?? folders.get(file);
    if (other !== undefined) {
      throw new SpecwrightError('OPERATION_ID_CONFLICT', `Operations ${describe(other)} and ${describe(i)} would write the same path, implementations/${fileNames[i]}.ts`, {
        location: location(i),
        fix: 'Give one of them a different operationId.',
      });
    }
    files.set(file, i);
  });
}

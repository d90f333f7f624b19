import { formatError, isSpecwrightError } from '@specwright/core';

/**
 * Nx prints only `error.message` of what a generator throws; a SpecwrightError keeps its file,
 * location and fix in other fields. This folds them into the message so users see all of it.
 */
export async function withUserFacingErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isSpecwrightError(error)) throw new Error(formatError(error));
    throw error;
  }
}

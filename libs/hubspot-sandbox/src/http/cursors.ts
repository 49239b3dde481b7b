import { validationError } from './hubspot-errors.js';

/**
 * Opaque paging cursors: base64url of `<kind>:<number>`, so clients cannot mistake them for
 * record ids and a cursor of one kind is rejected by another endpoint.
 */
export function encodeCursor(kind: string, value: number): string {
  return Buffer.from(`${kind}:${value}`, 'utf8').toString('base64url');
}

/** Decodes a cursor of `kind`; 400 VALIDATION_ERROR naming `parameter` when it is not one. */
export function decodeCursor(kind: string, cursor: string, parameter: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const prefix = `${kind}:`;
  const value = text.startsWith(prefix) ? Number(text.slice(prefix.length)) : Number.NaN;
  if (!Number.isFinite(value)) {
    throw validationError(
      `${parameter}=${cursor} is not a valid paging cursor; pass back the value from paging.`,
    );
  }
  return value;
}

/** Index of the first element of an ascending array that is greater than `value`. */
export function firstIndexAbove(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Index of the first element of an ascending array that is at least `value`. */
export function firstIndexAtLeast(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

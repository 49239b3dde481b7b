import { isDuplicateKeyError } from './errors.js';

/**
 * Largest number of operations sent in one bulk write. FerretDB 1.24.2 (SQLite backend) never
 * answers an `update` command that carries 100 or more statements matching existing documents, and
 * the database stays locked until the server restarts (measured: 99 statements finish in under a
 * second, 100 hang). MongoDB has no such limit; chunks of this size cost it nothing.
 */
export const MAX_BULK_WRITE_OPERATIONS = 50;

/** A mongoose model, seen only through `bulkWrite`. */
export interface BulkWritable<Operation> {
  bulkWrite(operations: Operation[], options: { ordered: false }): Promise<unknown>;
}

/**
 * Runs `operations` as unordered bulk writes of at most {@link MAX_BULK_WRITE_OPERATIONS} each,
 * one chunk after the other. Every chunk runs even when an earlier one fails, as an unordered bulk
 * write would; afterwards the first error that is not a duplicate-key error is thrown, or else the
 * first duplicate-key error, so callers that tolerate duplicates can keep checking
 * `isDuplicateKeyError`.
 */
export async function bulkWriteInChunks<Operation>(
  model: BulkWritable<Operation>,
  operations: readonly Operation[],
  chunkSize: number = MAX_BULK_WRITE_OPERATIONS,
): Promise<void> {
  const errors: unknown[] = [];
  for (let start = 0; start < operations.length; start += chunkSize) {
    try {
      await model.bulkWrite(operations.slice(start, start + chunkSize), { ordered: false });
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 0) return;
  throw errors.find((error) => !isDuplicateKeyError(error)) ?? errors[0];
}

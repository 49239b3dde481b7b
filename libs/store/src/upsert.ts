import type { FilterQuery, HydratedDocument, Model, QueryOptions, UpdateQuery } from 'mongoose';

import { isDuplicateKeyError } from './errors.js';

/**
 * Updates the document matching `filter`, inserting it when none exists, and returns the document
 * after the update.
 *
 * Two concurrent upserts on one unique key can both miss the document and both try to insert it;
 * the loser gets a duplicate-key error (E11000). That error is caught and the update retried once
 * as a plain update of the winner's document, so callers see one document and no error. Returns
 * null only when the retry finds no document matching `filter`, e.g. when the filter also requires
 * `version < n` and the existing document is newer. Update validators run unless `options`
 * sets `runValidators: false`.
 */
export async function upsertWithRetry<T>(
  model: Model<T>,
  filter: FilterQuery<T>,
  update: UpdateQuery<T>,
  options: QueryOptions<T> = {},
): Promise<HydratedDocument<T> | null> {
  try {
    return await model.findOneAndUpdate(filter, update, {
      runValidators: true,
      ...options,
      upsert: true,
      returnDocument: 'after',
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return await model.findOneAndUpdate(filter, update, {
      runValidators: true,
      ...options,
      upsert: false,
      returnDocument: 'after',
    });
  }
}

import type { ImportedContactModel } from '@oniva-hubspot/store';

import type { PriorImport } from './plan-page.js';

/**
 * Loads what earlier emissions to `targetKey` left for the given contacts, in one query.
 *
 * `createdByThatRun` relies on mongoose timestamps: an upsert that inserts the row sets `createdAt`
 * and `updatedAt` to the same instant, and every later update moves `updatedAt` only.
 */
export async function loadPriorImports(
  model: ImportedContactModel,
  targetKey: string,
  contactIds: readonly string[],
): Promise<Map<string, PriorImport>> {
  if (contactIds.length === 0) {
    return new Map();
  }
  const rows = await model
    .find(
      { targetKey, hubspotContactId: { $in: [...contactIds] } },
      { hubspotContactId: 1, contentHash: 1, importId: 1, createdAt: 1, updatedAt: 1 },
    )
    .lean()
    .exec();
  return new Map(
    rows.map((row) => [
      row.hubspotContactId,
      {
        contentHash: row.contentHash,
        importId: row.importId,
        createdByThatRun: row.createdAt.getTime() === row.updatedAt.getTime(),
      },
    ]),
  );
}

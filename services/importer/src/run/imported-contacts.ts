import { isDuplicateKeyError, type ImportedContactModel } from '@oniva-hubspot/store';
import type { Types } from 'mongoose';

import type { PriorImport } from './plan-page.js';
import { bulkWriteInChunks } from '@oniva-hubspot/store';

/** An earlier emission of a contact, with the id of its `imported_contacts` row. */
export type StoredPriorImport = PriorImport & { rowId: Types.ObjectId };

/**
 * Loads what earlier emissions to `targetKey` left for the given contacts, in one query.
 *
 * `createdByThatRun` relies on mongoose timestamps: inserting a row sets `createdAt` and
 * `updatedAt` to the same instant, and every later update moves `updatedAt` only.
 */
export async function loadPriorImports(
  model: ImportedContactModel,
  targetKey: string,
  contactIds: readonly string[],
): Promise<Map<string, StoredPriorImport>> {
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
        rowId: row._id,
        contentHash: row.contentHash,
        importId: row.importId,
        createdByThatRun: row.createdAt.getTime() === row.updatedAt.getTime(),
      },
    ]),
  );
}

export interface EmittedContacts {
  targetKey: string;
  importId: string;
  contacts: readonly { hubspotContactId: string; contentHash: string }[];
  /** Rows loaded for the same page by `loadPriorImports`. */
  prior: ReadonlyMap<string, StoredPriorImport>;
  emittedAt?: Date;
}

/**
 * Records contacts as emitted to their target, after their records reached Kafka: a crash in
 * between emits them again on resume (at least once) but never loses them.
 *
 * New contacts are inserted in one `insertMany` and known ones updated by row id. On FerretDB 1.24
 * (SQLite), which the tests run on, an update by filter scans the collection for each contact,
 * which made a page of 50 take over a second in a 300-row collection. An insert does not scan.
 * An insert that loses a race with a concurrent import of the same target is repeated as an
 * update by filter.
 */
export async function recordEmittedContacts(
  model: ImportedContactModel,
  emitted: EmittedContacts,
): Promise<void> {
  const emittedAt = emitted.emittedAt ?? new Date();
  const fields = (contact: { contentHash: string }) => ({
    contentHash: contact.contentHash,
    importId: emitted.importId,
    emittedAt,
  });
  const known = emitted.contacts.filter((contact) => emitted.prior.has(contact.hubspotContactId));
  const fresh = emitted.contacts.filter((contact) => !emitted.prior.has(contact.hubspotContactId));

  if (known.length > 0) {
    await bulkWriteInChunks(
      model,
      known.map((contact) => ({
        updateOne: {
          filter: { _id: emitted.prior.get(contact.hubspotContactId)!.rowId },
          update: { $set: fields(contact) },
        },
      })),
    );
  }
  if (fresh.length === 0) {
    return;
  }

  try {
    await model.insertMany(
      fresh.map((contact) => ({
        targetKey: emitted.targetKey,
        hubspotContactId: contact.hubspotContactId,
        ...fields(contact),
      })),
      { ordered: false },
    );
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    await bulkWriteInChunks(
      model,
      fresh.map((contact) => ({
        updateOne: {
          filter: { targetKey: emitted.targetKey, hubspotContactId: contact.hubspotContactId },
          update: { $set: fields(contact) },
          upsert: true,
        },
      })),
    );
  }
}

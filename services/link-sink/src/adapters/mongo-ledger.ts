import { isDuplicateKeyError, type StoreModels } from '@oniva-hubspot/store';

import type { LinkLedger, LinkLedgerState, WrittenLink } from '../ports.js';
import { bulkWriteInChunks } from '@oniva-hubspot/store';

/** The association step a written link waits for, as stored in `pending.step`. */
export const ASSOCIATION_STEP = 'associate-contact';

type LedgerModel = StoreModels['SyncLedgerEntry'];

/**
 * The link ledger on the store's `SyncLedgerEntry` model.
 *
 * `recordWritten` is an upsert conditional on a stored version at or below the written one. When a
 * newer version is stored, the condition fails and the upsert's insert hits the unique key, so the
 * write is dropped and an entry never moves back. All records of an event share a partition, so
 * one consumer writes an entry at a time.
 *
 * NOTE: a record and its retry can be read by two consumers of the group at once (the source and
 * retry topics' partitions may be assigned to different members). FerretDB 1.x does not serialise
 * concurrent updates of one document, so two such writers could both pass the version condition.
 */
export class MongoLinkLedger implements LinkLedger {
  readonly #model: LedgerModel;
  readonly #now: () => Date;

  constructor(models: Pick<StoreModels, 'SyncLedgerEntry'>, now: () => Date = () => new Date()) {
    this.#model = models.SyncLedgerEntry;
    this.#now = now;
  }

  async read(keys: readonly string[]): Promise<Map<string, LinkLedgerState>> {
    const states = new Map<string, LinkLedgerState>();
    if (keys.length === 0) {
      return states;
    }

    const entries = await this.#model
      .find({ key: { $in: [...keys] } }, { key: 1, version: 1, hubspot: 1, pending: 1 })
      .lean();
    for (const entry of entries) {
      states.set(entry.key, {
        version: entry.version,
        objectId: entry.hubspot?.objectId,
        contactId: entry.hubspot?.contactId,
        associationPending: entry.pending?.step === ASSOCIATION_STEP,
      });
    }
    return states;
  }

  async recordWritten(links: readonly WrittenLink[]): Promise<void> {
    if (links.length === 0) {
      return;
    }

    const now = this.#now();
    const operations = links.map((link) => ({
      updateOne: {
        filter: { key: link.key, version: { $lte: link.version } },
        update: {
          $set: {
            kind: 'link' as const,
            accountId: link.accountId,
            eventId: link.eventId,
            subject: link.linkId,
            version: link.version,
            occurredAt: link.occurredAt,
            appliedAt: now,
            hubspot: { objectId: link.objectId, contactId: link.contactId, state: link.state },
            pending: { step: ASSOCIATION_STEP, since: now },
          },
        },
        upsert: true,
      },
    }));
    try {
      await bulkWriteInChunks(this.#model, operations);
    } catch (error) {
      // A duplicate key means the entry has a newer version, so dropping the write is intended.
      if (!isDuplicateKeyError(error)) {
        throw error;
      }
    }
  }

  async recordAssociated(links: readonly { key: string; version: number }[]): Promise<void> {
    if (links.length === 0) {
      return;
    }

    const now = this.#now();
    await bulkWriteInChunks(
      this.#model,
      links.map((link) => ({
        updateOne: {
          filter: { key: link.key, version: link.version },
          update: { $set: { appliedAt: now }, $unset: { pending: 1 } },
        },
      })),
    );
  }
}

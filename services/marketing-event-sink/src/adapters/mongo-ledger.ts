import { isDuplicateKeyError, ledgerKey, type StoreModels } from '@oniva-hubspot/store';

import type { ParticipantVersion } from '../participation/versions.js';
import {
  participantLedgerKey,
  type AppliedEvent,
  type AppliedParticipant,
  type Ledger,
  type ParticipantKey,
} from '../ports.js';
import { bulkWriteInChunks } from '@oniva-hubspot/store';

/**
 * The sync ledger on the store's `SyncLedgerEntry` model. Each write is an upsert conditional on
 * a lower stored version: when a newer version is already stored, the condition fails, the
 * upsert's insert hits the unique key and the write is dropped, so an entry never moves back.
 *
 * NOTE: FerretDB 1.x does not serialise concurrent updates of one document, so two writers of
 * one participant at the same moment (a record and its retry, read by different consumers) may
 * both pass the condition. All records of an event share a partition, which keeps this rare.
 */
export class MongoLedger implements Ledger {
  constructor(
    private readonly models: Pick<StoreModels, 'SyncLedgerEntry'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async participants(keys: readonly ParticipantKey[]): Promise<Map<string, ParticipantVersion>> {
    const applied = new Map<string, ParticipantVersion>();
    if (keys.length === 0) {
      return applied;
    }

    const entries = await this.models.SyncLedgerEntry.find(
      { key: { $in: keys.map(participantLedgerKey) } },
      { key: 1, version: 1, occurredAt: 1 },
    ).lean();
    for (const entry of entries) {
      applied.set(entry.key, { version: entry.version, occurredAtMs: entry.occurredAt.getTime() });
    }
    return applied;
  }

  async recordParticipants(entries: readonly AppliedParticipant[]): Promise<void> {
    if (entries.length === 0) {
      return;
    }

    const appliedAt = this.now();
    const operations = entries.map((entry) => ({
      updateOne: {
        filter: { key: participantLedgerKey(entry), version: { $lt: entry.version } },
        update: {
          $set: {
            kind: 'participant' as const,
            accountId: entry.accountId,
            eventId: entry.eventId,
            subject: entry.email,
            version: entry.version,
            occurredAt: new Date(entry.occurredAtMs),
            appliedAt,
            hubspot: { contactId: entry.contactId, state: entry.state },
          },
        },
        upsert: true,
      },
    }));
    await bulkWriteIgnoringDuplicates(this.models.SyncLedgerEntry, operations);
  }

  async eventVersion(accountId: string, eventId: string): Promise<number | undefined> {
    const entry = await this.models.SyncLedgerEntry.findOne(
      { key: ledgerKey({ kind: 'event', accountId, eventId, subject: eventId }) },
      { version: 1 },
    ).lean();
    return entry?.version;
  }

  async recordEvent(entry: AppliedEvent): Promise<void> {
    const key = ledgerKey({
      kind: 'event',
      accountId: entry.accountId,
      eventId: entry.eventId,
      subject: entry.eventId,
    });
    await bulkWriteIgnoringDuplicates(this.models.SyncLedgerEntry, [
      {
        updateOne: {
          filter: { key, version: { $lt: entry.version } },
          update: {
            $set: {
              kind: 'event' as const,
              accountId: entry.accountId,
              eventId: entry.eventId,
              subject: entry.eventId,
              version: entry.version,
              occurredAt: new Date(entry.occurredAtMs),
              appliedAt: this.now(),
            },
          },
          upsert: true,
        },
      },
    ]);
  }
}

type LedgerModel = StoreModels['SyncLedgerEntry'];

/**
 * Runs conditional upserts unordered. A duplicate-key error means the entry holds an equal or
 * newer version, which is the intended no-op; any other write error is thrown.
 */
async function bulkWriteIgnoringDuplicates(
  model: LedgerModel,
  operations: Parameters<LedgerModel['bulkWrite']>[0],
): Promise<void> {
  try {
    await bulkWriteInChunks(model, operations);
  } catch (error) {
    if (!isDuplicateKeyError(error)) {
      throw error;
    }
  }
}

import { bulkWriteInChunks, isDuplicateKeyError, ledgerKey, type StoreModels } from '@oniva-hubspot/store';
import type { Types } from 'mongoose';

import type { ParticipantVersion } from '../participation/versions.js';
import {
  participantLedgerKey,
  type AppliedEvent,
  type AppliedParticipant,
  type Ledger,
  type ParticipantKey,
} from '../ports.js';

type LedgerModel = StoreModels['SyncLedgerEntry'];
type LedgerOperation = Parameters<LedgerModel['bulkWrite']>[0][number];

/** Fields of one ledger entry as written. */
interface LedgerWrite {
  key: string;
  version: number;
  fields: Record<string, unknown>;
}

/**
 * The sync ledger on the store's `SyncLedgerEntry` model. New entries are inserted. Existing ones
 * are updated by `_id` only while the stored version is lower, so a slower writer of an older
 * version never moves an entry back. Statements by `_id` stay cheap on FerretDB 1.x, because it
 * scans the whole collection for a filter on any other field.
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
    const appliedAt = this.now();
    await this.write(
      entries.map((entry) => ({
        key: participantLedgerKey(entry),
        version: entry.version,
        fields: {
          kind: 'participant',
          accountId: entry.accountId,
          eventId: entry.eventId,
          subject: entry.email,
          version: entry.version,
          occurredAt: new Date(entry.occurredAtMs),
          appliedAt,
          hubspot: { contactId: entry.contactId, state: entry.state },
        },
      })),
    );
  }

  async eventVersion(accountId: string, eventId: string): Promise<number | undefined> {
    const entry = await this.models.SyncLedgerEntry.findOne(
      { key: ledgerKey({ kind: 'event', accountId, eventId, subject: eventId }) },
      { version: 1 },
    ).lean();
    return entry?.version;
  }

  async recordEvent(entry: AppliedEvent): Promise<void> {
    await this.write([
      {
        key: ledgerKey({
          kind: 'event',
          accountId: entry.accountId,
          eventId: entry.eventId,
          subject: entry.eventId,
        }),
        version: entry.version,
        fields: {
          kind: 'event',
          accountId: entry.accountId,
          eventId: entry.eventId,
          subject: entry.eventId,
          version: entry.version,
          occurredAt: new Date(entry.occurredAtMs),
          appliedAt: this.now(),
        },
      },
    ]);
  }

  /**
   * Inserts the entries that do not exist yet, then updates the others whose stored version is
   * lower. When a concurrent writer inserted the same key first, the insert fails on the unique
   * index, and the entry is read again and updated like any existing one.
   */
  private async write(writes: readonly LedgerWrite[]): Promise<void> {
    if (writes.length === 0) {
      return;
    }

    const stored = await this.storedVersions(writes.map((write) => write.key));
    const fresh = writes.filter((write) => !stored.has(write.key));
    if (fresh.length > 0) {
      await ignoringDuplicates(
        bulkWriteInChunks<LedgerOperation>(
          this.models.SyncLedgerEntry,
          fresh.map((write) => ({ insertOne: { document: { key: write.key, ...write.fields } } })),
        ),
      );
      for (const [key, entry] of await this.storedVersions(fresh.map((write) => write.key))) {
        stored.set(key, entry);
      }
    }

    const updates: LedgerOperation[] = [];
    for (const write of writes) {
      const entry = stored.get(write.key);
      if (entry !== undefined && entry.version < write.version) {
        updates.push({
          updateOne: {
            filter: { _id: entry.id, version: { $lt: write.version } },
            update: { $set: write.fields },
          },
        });
      }
    }
    await bulkWriteInChunks<LedgerOperation>(this.models.SyncLedgerEntry, updates);
  }

  private async storedVersions(
    keys: readonly string[],
  ): Promise<Map<string, { id: Types.ObjectId; version: number }>> {
    const entries = await this.models.SyncLedgerEntry.find(
      { key: { $in: keys } },
      { _id: 1, key: 1, version: 1 },
    ).lean();
    return new Map(entries.map((entry) => [entry.key, { id: entry._id, version: entry.version }]));
  }
}

/** Waits for `write`; a duplicate-key error means another writer inserted the entry first. */
async function ignoringDuplicates(write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!isDuplicateKeyError(error)) {
      throw error;
    }
  }
}

import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

import { modelOptions, type Timestamps } from './shared.js';

export const LEDGER_KINDS = ['participant', 'link', 'event'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * Last source version applied to HubSpot for one participant, link or event. A record whose
 * version is at or below `version` is already applied (or outdated) and is skipped. All records of
 * an event share a Kafka partition, so each entry has one writer at a time.
 */
export interface SyncLedgerEntry extends Timestamps {
  /** `<kind>:<accountId>:<eventId>:<subject>`, built by `ledgerKey()`. */
  key: string;
  kind: LedgerKind;
  accountId: string;
  eventId: string;
  /** Normalised email of a participant, link id of a link, or event id of an event. */
  subject: string;
  /** Last applied source version. */
  version: number;
  /** `occurredAt` of the applied source record. */
  occurredAt: Date;
  /** When the effect reached HubSpot. */
  appliedAt: Date;
  /** HubSpot ids and state written for this subject. */
  hubspot: {
    contactId?: string;
    objectId?: string;
    /** Last state written, e.g. the participation action or the link record state. */
    state?: string;
  };
  /**
   * Set while the record is written but a later step (such as the association to the contact) is
   * not, so a retry resumes at `step` instead of writing the record again.
   */
  pending?: { step: string; since: Date };
}

/** Returns the ledger key of one subject. Emails must already be normalised (`normaliseEmail`). */
export function ledgerKey(entry: {
  kind: LedgerKind;
  accountId: string;
  eventId: string;
  subject: string;
}): string {
  return `${entry.kind}:${entry.accountId}:${entry.eventId}:${entry.subject}`;
}

/** Normalises an email for ledger keys: trimmed and lower-cased, so case variants of one address share an entry. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const syncLedgerEntrySchema = new Schema<SyncLedgerEntry>(
  {
    key: { type: String, required: true },
    kind: { type: String, enum: LEDGER_KINDS, required: true },
    accountId: { type: String, required: true },
    eventId: { type: String, required: true },
    subject: { type: String, required: true },
    version: { type: Number, required: true },
    occurredAt: { type: Date, required: true },
    appliedAt: { type: Date, required: true },
    hubspot: {
      contactId: { type: String },
      objectId: { type: String },
      state: { type: String },
    },
    pending: {
      type: new Schema(
        { step: { type: String, required: true }, since: { type: Date, required: true } },
        { _id: false, strict: 'throw' },
      ),
    },
  },
  modelOptions('sync_ledger'),
);
syncLedgerEntrySchema.index({ key: 1 }, { unique: true });
syncLedgerEntrySchema.index({ accountId: 1, eventId: 1, kind: 1 });

export type SyncLedgerEntryModel = Model<SyncLedgerEntry>;

export function syncLedgerEntryModel(connection: MongooseConnection): SyncLedgerEntryModel {
  return connection.model<SyncLedgerEntry>('SyncLedgerEntry', syncLedgerEntrySchema);
}

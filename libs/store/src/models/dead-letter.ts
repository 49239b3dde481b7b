import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

import {
  kafkaSourceSchema,
  modelOptions,
  storedErrorSchema,
  type KafkaSource,
  type StoredError,
  type Timestamps,
} from './shared.js';

/**
 * Copy of a record sent to a dead-letter topic, so the API can list and replay dead letters
 * without reading the topic.
 */
export interface DeadLetter extends Timestamps {
  /** Oniva account of the record; null when the record could not be decoded far enough to tell. */
  accountId: string | null;
  /** Oniva event of the record, when known. */
  eventId?: string;
  /** Topic, partition and offset of the original record (never a retry topic); unique. */
  source: KafkaSource;
  /** Reason code of the dead letter, e.g. `schema-violation`, `hubspot-rejected`, `retries-exhausted`. */
  reason: string;
  error: StoredError;
  /** Original record key decoded as UTF-8; null when the record had none. */
  key: string | null;
  /** Original value: UTF-8 text, or base64 when it was not valid UTF-8; null for a tombstone. */
  value: string | null;
  /** How `value` is stored: `utf8` text or `base64` of bytes that were not valid UTF-8. */
  valueEncoding: 'utf8' | 'base64';
  /** Failed attempts before the record was dead-lettered. */
  attempts: number;
  /** Original headers decoded as UTF-8. */
  headers: Map<string, string>;
  deadLetteredAt: Date;
  /** When the record was last replayed; null until then. */
  replayedAt: Date | null;
}

export const deadLetterSchema = new Schema<DeadLetter>(
  {
    accountId: { type: String, default: null },
    eventId: { type: String },
    source: { type: kafkaSourceSchema, required: true },
    reason: { type: String, required: true },
    error: { type: storedErrorSchema, required: true },
    key: { type: String, default: null },
    value: { type: String, default: null },
    valueEncoding: { type: String, enum: ['utf8', 'base64'], default: 'utf8' },
    attempts: { type: Number, default: 0, min: 0 },
    headers: { type: Map, of: String, default: () => new Map() },
    deadLetteredAt: { type: Date, required: true },
    replayedAt: { type: Date, default: null },
  },
  modelOptions('dead_letters'),
);
deadLetterSchema.index({ 'source.topic': 1, 'source.partition': 1, 'source.offset': 1 }, { unique: true });
deadLetterSchema.index({ accountId: 1, deadLetteredAt: -1 });

export type DeadLetterModel = Model<DeadLetter>;

export function deadLetterModel(connection: MongooseConnection): DeadLetterModel {
  return connection.model<DeadLetter>('DeadLetter', deadLetterSchema);
}

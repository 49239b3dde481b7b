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
 * A record held back because its connection cannot work (token invalid, scopes missing, custom
 * objects unavailable, daily limit reached). It is replayed when the connection is fixed.
 */
export interface ParkedMessage extends Timestamps {
  accountId: string;
  /** Topic, partition and offset the record was consumed from; unique, so re-parking is a no-op. */
  source: KafkaSource;
  /** Record key, or null when it had none. */
  key: string | null;
  /** Record value as UTF-8 text. */
  value: string;
  /** Record headers decoded as UTF-8. */
  headers: Map<string, string>;
  /** Reason code of the parking, e.g. `token-invalid`, `missing-scopes`, `daily-limit`. */
  reason: string;
  /** The error that parked the record. */
  error: StoredError;
  /** Attempts made before parking. */
  attempts: number;
  parkedAt: Date;
}

export const parkedMessageSchema = new Schema<ParkedMessage>(
  {
    accountId: { type: String, required: true },
    source: { type: kafkaSourceSchema, required: true },
    key: { type: String, default: null },
    value: { type: String, required: true },
    headers: { type: Map, of: String, default: () => new Map() },
    reason: { type: String, required: true },
    error: { type: storedErrorSchema, required: true },
    attempts: { type: Number, required: true, min: 0, default: 1 },
    parkedAt: { type: Date, required: true },
  },
  modelOptions('parked_messages'),
);
parkedMessageSchema.index({ 'source.topic': 1, 'source.partition': 1, 'source.offset': 1 }, { unique: true });
parkedMessageSchema.index({ accountId: 1, parkedAt: 1 });

export type ParkedMessageModel = Model<ParkedMessage>;

export function parkedMessageModel(connection: MongooseConnection): ParkedMessageModel {
  return connection.model<ParkedMessage>('ParkedMessage', parkedMessageSchema);
}

import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

import { modelOptions, type StoredError, type Timestamps } from './shared.js';

/**
 * Sync counters of one Oniva event. Updated with `$inc`, which is safe here only because each
 * document has one writer at a time: all records of an event share a Kafka partition, and one
 * consumer owns a partition. FerretDB 1.x loses concurrent `$inc` updates of one document, so do
 * not add a second writer (such as the API) to these counters.
 */
export interface SyncStats extends Timestamps {
  accountId: string;
  eventId: string;
  /** Records applied to HubSpot. */
  applied: number;
  /** Records skipped, by reason. */
  skippedByReason: Map<string, number>;
  /** Records currently waiting in a retry topic. */
  retrying: number;
  deadLettered: number;
  parked: number;
  lastSuccessAt?: Date;
  lastError?: StoredError & { at: Date };
}

const counterField = { type: Number, required: true, default: 0 } as const;

export const syncStatsSchema = new Schema<SyncStats>(
  {
    accountId: { type: String, required: true },
    eventId: { type: String, required: true },
    applied: counterField,
    skippedByReason: { type: Map, of: Number, default: () => new Map() },
    retrying: counterField,
    deadLettered: counterField,
    parked: counterField,
    lastSuccessAt: { type: Date },
    lastError: {
      type: new Schema(
        {
          code: { type: String, required: true },
          message: { type: String, required: true },
          at: { type: Date, required: true },
        },
        { _id: false, strict: 'throw' },
      ),
    },
  },
  modelOptions('sync_stats'),
);
syncStatsSchema.index({ accountId: 1, eventId: 1 }, { unique: true });

export type SyncStatsModel = Model<SyncStats>;

export function syncStatsModel(connection: MongooseConnection): SyncStatsModel {
  return connection.model<SyncStats>('SyncStats', syncStatsSchema);
}

import { upsertWithRetry, type StoreModels } from '@oniva-hubspot/store';

import type { StatsDelta, StatsStore } from '../ports.js';

/**
 * Per-event counters on the store's `SyncStats` model. `$inc` is safe here because all records of
 * an event share a Kafka partition, so one consumer writes an event's counters at a time.
 */
export class MongoStatsStore implements StatsStore {
  constructor(private readonly models: Pick<StoreModels, 'SyncStats'>) {}

  async add(accountId: string, eventId: string, delta: StatsDelta): Promise<void> {
    const increments: Record<string, number> = {};
    const counters = {
      applied: delta.applied,
      retrying: delta.retrying,
      deadLettered: delta.deadLettered,
      parked: delta.parked,
    };
    for (const [name, value] of Object.entries(counters)) {
      if (value !== 0) {
        increments[name] = value;
      }
    }
    for (const [reason, count] of Object.entries(delta.skippedByReason)) {
      increments[`skippedByReason.${reason}`] = count;
    }

    const set: Record<string, unknown> = {};
    if (delta.lastSuccessAt !== undefined) {
      set['lastSuccessAt'] = delta.lastSuccessAt;
    }
    if (delta.lastError !== undefined) {
      set['lastError'] = delta.lastError;
    }

    const update: Record<string, Record<string, unknown>> = {};
    if (Object.keys(increments).length > 0) {
      update['$inc'] = increments;
    }
    if (Object.keys(set).length > 0) {
      update['$set'] = set;
    }
    if (Object.keys(update).length === 0) {
      return;
    }
    await upsertWithRetry(this.models.SyncStats, { accountId, eventId }, update);
  }
}

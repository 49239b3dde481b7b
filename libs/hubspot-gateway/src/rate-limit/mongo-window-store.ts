import type { Connection, mongo } from 'mongoose';

import { effectiveBudget } from './window-store.js';
import type { DailyState, LearnedLimit, ReserveRequest, ReserveResult, WindowStore } from './window-store.js';

/** Collection owned by the gateway; one document per rolling window and per portal's daily counter. */
export const RATE_WINDOW_COLLECTION = 'hubspot_rate_windows';

interface WindowDocument {
  _id: string;
  /** Start times (epoch ms) of the calls still inside the window. */
  stamps?: number[];
  /** Epoch ms until which no call may start (after a 429). */
  pausedUntil?: number;
  /** Learned from `X-HubSpot-RateLimit-Max`. */
  max?: number;
  /** Learned from `X-HubSpot-RateLimit-Interval-Milliseconds`. */
  intervalMs?: number;
  dailyMax?: number;
  dailyRemaining?: number;
  observedAt?: number;
  exhaustedUntil?: number;
  updatedAt?: Date;
}

/**
 * Window store shared by every process through MongoDB. A reservation takes two single-document
 * updates: the first `$pull`s stamps that left the window and returns the document; the second
 * `$push`es the new stamp only while `stamps.<budget-1>` does not exist and no pause is active.
 * Each update is atomic on its document, so concurrent reservations can leave stale stamps
 * (which only make the limiter stricter) but can never push more than `budget` stamps.
 *
 * Uses only `$pull` with `$lte`, `$push`, `$max`, `$set`, `$setOnInsert` and `$exists`, which
 * FerretDB 1.24 supports (checked by the integration test).
 */
export class MongoWindowStore implements WindowStore {
  private readonly intervals = new Map<string, number>();

  constructor(private readonly connection: Connection) {}

  async reserve(request: ReserveRequest): Promise<ReserveResult> {
    const collection = this.collection();
    const knownInterval = this.intervals.get(request.key) ?? request.defaultWindowMs;
    const cutoff = request.now - (knownInterval + request.marginMs);

    const document = await collection.findOneAndUpdate(
      { _id: request.key },
      { $pull: { stamps: { $lte: cutoff } }, $setOnInsert: { pausedUntil: 0 } },
      { upsert: true, returnDocument: 'after' },
    );
    if (document?.intervalMs !== undefined) {
      this.intervals.set(request.key, document.intervalMs);
    }
    const windowMs = (document?.intervalMs ?? request.defaultWindowMs) + request.marginMs;
    const budget = effectiveBudget(document?.max, request);
    const pausedUntil = document?.pausedUntil ?? 0;
    const stamps = (document?.stamps ?? []).filter((stamp) => stamp > request.now - windowMs);

    if (pausedUntil > request.now) {
      return { granted: false, budget, retryAt: pausedUntil, paused: true };
    }
    if (stamps.length >= budget) {
      return { granted: false, budget, retryAt: Math.min(...stamps) + windowMs, paused: false };
    }

    const pushed = await collection.updateOne(
      { _id: request.key, [`stamps.${budget - 1}`]: { $exists: false }, pausedUntil: { $lte: request.now } },
      { $push: { stamps: request.now }, $set: { updatedAt: new Date(request.now) } },
    );
    if (pushed.modifiedCount === 1) {
      return { granted: true, budget };
    }
    // Another process took the last slot or paused the window since the first update.
    return { granted: false, budget, retryAt: request.now, paused: false };
  }

  async pause(key: string, until: number): Promise<void> {
    await this.collection().updateOne(
      { _id: key },
      { $max: { pausedUntil: until }, $set: { updatedAt: new Date() } },
      { upsert: true },
    );
  }

  async learnLimit(key: string, limit: LearnedLimit): Promise<void> {
    this.intervals.set(key, limit.intervalMs);
    await this.collection().updateOne(
      { _id: key },
      {
        $set: { max: limit.max, intervalMs: limit.intervalMs, updatedAt: new Date() },
        $setOnInsert: { pausedUntil: 0 },
      },
      { upsert: true },
    );
  }

  async readDaily(key: string): Promise<DailyState> {
    const document = await this.collection().findOne({ _id: key });
    return {
      dailyMax: document?.dailyMax,
      dailyRemaining: document?.dailyRemaining,
      observedAt: document?.observedAt,
      exhaustedUntil: document?.exhaustedUntil,
    };
  }

  async writeDaily(key: string, state: DailyState): Promise<void> {
    const set: Partial<WindowDocument> = { updatedAt: new Date() };
    for (const [field, value] of Object.entries(state)) {
      if (value !== undefined) {
        set[field as keyof DailyState] = value;
      }
    }
    await this.collection().updateOne({ _id: key }, { $set: set }, { upsert: true });
  }

  /** The native collection; throws when the connection is not open, so the limiter falls back at once. */
  private collection(): mongo.Collection<WindowDocument> {
    const db = this.connection.db;
    if (this.connection.readyState !== 1 || db === undefined) {
      throw new Error(`MongoDB connection is not open (readyState ${this.connection.readyState})`);
    }
    return db.collection<WindowDocument>(RATE_WINDOW_COLLECTION);
  }
}

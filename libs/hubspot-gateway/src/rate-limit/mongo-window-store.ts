import type { Connection, mongo } from 'mongoose';

import { effectiveBudget } from './window-store.js';
import type { DailyState, LearnedLimit, ReserveRequest, ReserveResult, WindowStore } from './window-store.js';

/** Collection owned by the gateway; one document per rolling window and per portal's daily counter. */
export const RATE_WINDOW_COLLECTION = 'hubspot_rate_windows';

interface WindowDocument {
  _id: string;
  /** Call document: the window key, its position in the key's call sequence and its start (epoch ms). */
  key?: string;
  seq?: number;
  at?: number;
  /** Meta document: epoch ms until which no call may start (after a 429). */
  pausedUntil?: number;
  /** Meta document: learned from `X-HubSpot-RateLimit-Max`. */
  max?: number;
  /** Meta document: learned from `X-HubSpot-RateLimit-Interval-Milliseconds`. */
  intervalMs?: number;
  dailyMax?: number;
  dailyRemaining?: number;
  observedAt?: number;
  exhaustedUntil?: number;
  updatedAt?: Date;
}

/** Default number of call documents kept per key; each insert deletes the one this far behind it. */
const KEEP_CALLS = 1_000;
/** Attempts within one reservation after racing processes took the numbers we tried. */
const MAX_PROBES = 20;
/** The head hint is written for every this many calls; a lagging hint costs a few failed inserts. */
const HEAD_EVERY = 8;

/**
 * Window store shared by every process through MongoDB. Every call of a window key takes the next
 * number `n` of that key's call sequence by inserting `{_id: "<key>#<n>"}`. The unique `_id`
 * makes sure each number is taken once, even by racing processes. Call `n` may start only when
 * call `n - budget` started at least one window (plus the latency margin) earlier. Start times
 * never decrease along the sequence, so no window contains more than `budget` calls.
 *
 * Two facts about FerretDB 1.24 (SQLite backend), checked by the integration test, shape this.
 * Concurrent updates of one document are not atomic: concurrent `$push`es lose elements, and
 * `$pull` with a condition such as `{$lte: n}` removes nothing. Only `_id` lookups are fast,
 * because a sorted or `$in` query scans the collection. So reservations use inserts and `_id`
 * lookups only. A head document `head:<key>` contains a recent sequence number as a hint. It may lag,
 * and a lagging hint only costs a failed insert.
 *
 * Pauses and learned limits live in a meta document `meta:<key>` written with `$max`/`$set`.
 * Two processes writing it at once may lose one write, which can shorten a pause (HubSpot then
 * answers 429 again and the pause is written again) but never raises the budget.
 */
export class MongoWindowStore implements WindowStore {
  /** Highest sequence number this process has seen taken, per key. */
  private readonly lastSeen = new Map<string, number>();
  /** Meta documents read recently, per key, with the time they were read. */
  private readonly metaCache = new Map<string, { meta: WindowDocument | null; readAt: number }>();

  private readonly keepCalls: number;
  private readonly metaCacheMs: number;

  /**
   * `keepCalls` must exceed every budget (HubSpot's largest burst max is 250). `metaCacheMs`
   * (default 1,000) is how long a pause or learned limit written by another process may go unseen.
   */
  constructor(
    private readonly connection: Connection,
    options: { keepCalls?: number; metaCacheMs?: number } = {},
  ) {
    this.keepCalls = options.keepCalls ?? KEEP_CALLS;
    this.metaCacheMs = options.metaCacheMs ?? 1_000;
  }

  async reserve(request: ReserveRequest): Promise<ReserveResult> {
    const collection = this.collection();
    const known = this.lastSeen.get(request.key);
    const [meta, head] = await Promise.all([
      this.readMeta(collection, request.key, request.now),
      known === undefined ? collection.findOne({ _id: headKey(request.key) }) : null,
    ]);
    const budget = effectiveBudget(meta?.max, request);
    const windowMs = (meta?.intervalMs ?? request.defaultWindowMs) + request.marginMs;
    const pausedUntil = meta?.pausedUntil ?? 0;
    if (pausedUntil > request.now) {
      return { granted: false, budget, retryAt: pausedUntil, paused: true };
    }

    let seq = Math.max(head?.seq ?? 0, known ?? 0) + 1;
    for (let probe = 0; probe < MAX_PROBES; probe += 1, seq += 1) {
      const [previous, limiting] = await Promise.all([
        seq > 1 ? collection.findOne({ _id: callKey(request.key, seq - 1) }) : null,
        seq > budget ? collection.findOne({ _id: callKey(request.key, seq - budget) }) : null,
      ]);
      if (previous?.at !== undefined && previous.at > request.now) {
        // Another process's clock is ahead; start times must not decrease along the sequence.
        return { granted: false, budget, retryAt: previous.at, paused: false };
      }
      // A missing `limiting` document was deleted as old, so it no longer limits.
      if (limiting?.at !== undefined && limiting.at + windowMs > request.now) {
        return { granted: false, budget, retryAt: limiting.at + windowMs, paused: false };
      }

      const inserted = await this.insertCall(collection, request.key, seq, request.now);
      this.lastSeen.set(request.key, seq);
      if (inserted) {
        this.afterInsert(collection, request.key, seq);
        return { granted: true, budget };
      }
    }
    // Other processes kept taking the numbers; the caller tries again at once.
    return { granted: false, budget, retryAt: request.now, paused: false };
  }

  private async readMeta(
    collection: mongo.Collection<WindowDocument>,
    key: string,
    now: number,
  ): Promise<WindowDocument | null> {
    const cached = this.metaCache.get(key);
    if (cached !== undefined && now - cached.readAt < this.metaCacheMs) {
      return cached.meta;
    }
    const meta = await collection.findOne({ _id: metaKey(key) });
    this.metaCache.set(key, { meta, readAt: now });
    return meta;
  }

  /** Inserts call `seq`; false when another process took that number first. */
  private async insertCall(
    collection: mongo.Collection<WindowDocument>,
    key: string,
    seq: number,
    at: number,
  ): Promise<boolean> {
    try {
      await collection.insertOne({ _id: callKey(key, seq), key, seq, at });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) {
        return false;
      }
      throw error;
    }
  }

  /** Moves the head hint forward and deletes the call that fell out of the kept range, without waiting. */
  private afterInsert(collection: mongo.Collection<WindowDocument>, key: string, seq: number): void {
    if (seq % HEAD_EVERY === 0) {
      void this.upsert(headKey(key), { $max: { seq } }).catch(() => undefined);
    }
    if (seq > this.keepCalls) {
      void collection.deleteOne({ _id: callKey(key, seq - this.keepCalls) }).catch(() => undefined);
    }
  }

  async pause(key: string, until: number): Promise<void> {
    this.metaCache.delete(key);
    await this.upsert(metaKey(key), { $max: { pausedUntil: until }, $set: { updatedAt: new Date() } });
  }

  async learnLimit(key: string, limit: LearnedLimit): Promise<void> {
    this.metaCache.delete(key);
    await this.upsert(metaKey(key), {
      $set: { max: limit.max, intervalMs: limit.intervalMs, updatedAt: new Date() },
    });
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
    await this.upsert(key, { $set: set });
  }

  /** Upserts one document; when a racing upsert inserted it first (E11000), updates the existing one. */
  private async upsert(id: string, update: mongo.UpdateFilter<WindowDocument>): Promise<void> {
    const collection = this.collection();
    try {
      await collection.updateOne({ _id: id }, update, { upsert: true });
    } catch (error) {
      if (!isDuplicateKey(error)) {
        throw error;
      }
      await collection.updateOne({ _id: id }, update);
    }
  }

  /** Returns the native collection, or throws when the connection is not open so that the limiter falls back at once. */
  private collection(): mongo.Collection<WindowDocument> {
    const db = this.connection.db;
    if (this.connection.readyState !== 1 || db === undefined) {
      throw new Error(`MongoDB connection is not open (readyState ${this.connection.readyState})`);
    }
    return db.collection<WindowDocument>(RATE_WINDOW_COLLECTION);
  }
}

function metaKey(key: string): string {
  return `meta:${key}`;
}

function headKey(key: string): string {
  return `head:${key}`;
}

function callKey(key: string, seq: number): string {
  return `${key}#${seq}`;
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

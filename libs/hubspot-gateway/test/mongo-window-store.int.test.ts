import { uniqueDatabaseUri } from '@oniva-hubspot/testing';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MongoWindowStore, RATE_WINDOW_COLLECTION } from '../src/rate-limit/mongo-window-store.js';
import type { ReserveRequest } from '../src/rate-limit/window-store.js';

let connection: Connection;

beforeAll(async () => {
  connection = await mongoose.createConnection(uniqueDatabaseUri('gateway-windows')).asPromise();
});

afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});

function request(key: string, now: number, overrides: Partial<ReserveRequest> = {}): ReserveRequest {
  return {
    key,
    defaultBudget: 10,
    budgetShare: 1,
    marginMs: 0,
    defaultWindowMs: 10_000,
    now,
    ...overrides,
  };
}

/** Reserves until granted, or until the window is full at this `now`, like a limiter that does not wait. */
async function reserveOrGiveUp(
  store: MongoWindowStore,
  key: string,
  now: number,
  overrides: Partial<ReserveRequest> = {},
) {
  for (;;) {
    const result = await store.reserve(request(key, now, overrides));
    if (result.granted || result.retryAt > now) {
      return result;
    }
  }
}

describe('MongoWindowStore', () => {
  it('window store never grants more than the budget to racing processes', async () => {
    const processes = [new MongoWindowStore(connection), new MongoWindowStore(connection)];
    const now = Date.now();

    const results = await Promise.all(
      Array.from({ length: 40 }, (_, index) => reserveOrGiveUp(processes[index % 2]!, 'burst:1:1', now)),
    );

    expect(results.filter((result) => result.granted)).toHaveLength(10);
    const calls = await connection.db
      ?.collection(RATE_WINDOW_COLLECTION)
      .countDocuments({ key: 'burst:1:1' });
    expect(calls).toBe(10);
  });

  it('window store frees a slot when the oldest call leaves the window', async () => {
    const store = new MongoWindowStore(connection);
    const start = Date.now();
    for (let call = 0; call < 10; call += 1) {
      await reserveOrGiveUp(store, 'burst:2:1', start + call);
    }

    const blocked = await store.reserve(request('burst:2:1', start + 5_000));
    const freed = await store.reserve(request('burst:2:1', start + 10_000));

    expect(blocked).toMatchObject({ granted: false, retryAt: start + 10_000 });
    expect(freed.granted).toBe(true);
  });

  it('window store counts the latency margin', async () => {
    const store = new MongoWindowStore(connection);
    const start = Date.now();
    await store.reserve(request('burst:3:1', start, { defaultBudget: 1, marginMs: 500 }));

    const result = await store.reserve(
      request('burst:3:1', start + 10_100, { defaultBudget: 1, marginMs: 500 }),
    );

    expect(result).toMatchObject({ granted: false, retryAt: start + 10_500 });
  });

  it('window store waits for a process whose clock is ahead', async () => {
    const store = new MongoWindowStore(connection);
    const start = Date.now();
    await store.reserve(request('burst:8:1', start + 2_000));

    const result = await store.reserve(request('burst:8:1', start));

    expect(result).toMatchObject({ granted: false, retryAt: start + 2_000 });
  });

  it('window store uses the learned maximum', async () => {
    const store = new MongoWindowStore(connection);
    await store.learnLimit('burst:4:1', { max: 3, intervalMs: 10_000 });
    const now = Date.now();

    const results = await Promise.all(
      Array.from({ length: 5 }, () => reserveOrGiveUp(store, 'burst:4:1', now)),
    );

    expect(results.filter((result) => result.granted)).toHaveLength(3);
    expect(results[0]?.budget).toBe(3);
  });

  it('window store keeps the later of two pauses', async () => {
    const store = new MongoWindowStore(connection);
    const now = Date.now();
    await store.pause('burst:5:1', now + 5_000);
    await store.pause('burst:5:1', now + 1_000);

    const result = await store.reserve(request('burst:5:1', now));

    expect(result).toMatchObject({ granted: false, paused: true, retryAt: now + 5_000 });
  });

  it('window store deletes old call documents', async () => {
    const store = new MongoWindowStore(connection, { keepCalls: 20 });
    const start = Date.now() - 1_000_000;
    for (let call = 0; call < 50; call += 1) {
      await store.reserve(
        request('search:9', start + call * 1_000, { defaultBudget: 5, defaultWindowMs: 1_000 }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));

    const kept = await connection.db?.collection(RATE_WINDOW_COLLECTION).countDocuments({ key: 'search:9' });
    expect(kept).toBe(20);
  });

  it('window store continues the sequence in a new process', async () => {
    const start = Date.now();
    await new MongoWindowStore(connection).reserve(request('burst:11:1', start, { defaultBudget: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 100));

    const result = await new MongoWindowStore(connection).reserve(
      request('burst:11:1', start + 1_000, { defaultBudget: 1 }),
    );

    expect(result).toMatchObject({ granted: false, retryAt: start + 10_000 });
  });

  it('window store survives racing upserts of one meta document', async () => {
    const stores = [new MongoWindowStore(connection), new MongoWindowStore(connection)];
    const now = Date.now();

    await Promise.all(
      stores.flatMap((store) => [
        store.pause('burst:10:1', now + 1_000),
        store.pause('burst:10:1', now + 2_000),
      ]),
    );
    const result = await stores[0]!.reserve(request('burst:10:1', now));

    expect(result).toMatchObject({ granted: false, paused: true });
  });

  it('window store shares the daily state', async () => {
    const writer = new MongoWindowStore(connection);
    const reader = new MongoWindowStore(connection);
    await writer.writeDaily('daily:6', {
      dailyMax: 250_000,
      dailyRemaining: 0,
      exhaustedUntil: 1_900_000_000_000,
    });

    const state = await reader.readDaily('daily:6');

    expect(state).toEqual({
      dailyMax: 250_000,
      dailyRemaining: 0,
      observedAt: undefined,
      exhaustedUntil: 1_900_000_000_000,
    });
  });

  it('window store reports a closed connection at once', async () => {
    const closed = mongoose.createConnection();
    const store = new MongoWindowStore(closed);

    await expect(store.reserve(request('burst:7:1', Date.now()))).rejects.toThrow(/not open/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { upsertWithRetry } from '../src/index.js';
import { openTestStore, type TestStore } from './store-fixture.js';

let store: TestStore;

beforeAll(async () => {
  store = await openTestStore('store-upsert');
});

afterAll(async () => {
  await store?.dispose();
});

describe('upsertWithRetry', () => {
  it('upsert returns the inserted document', async () => {
    const document = await upsertWithRetry(
      store.models.SyncStats,
      { accountId: 'acc-1', eventId: 'evt-new' },
      { $set: { lastSuccessAt: new Date('2026-01-02T03:04:05Z') }, $inc: { applied: 2 } },
    );
    expect(document).not.toBeNull();
    expect(document?.accountId).toBe('acc-1');
    expect(document?.eventId).toBe('evt-new');
    expect(document?.applied).toBe(2);
    expect(document?.lastSuccessAt?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(document?.createdAt).toBeInstanceOf(Date);
  });

  it('upsert returns the updated document', async () => {
    const filter = { accountId: 'acc-1', eventId: 'evt-update' };
    await upsertWithRetry(store.models.SyncStats, filter, { $inc: { parked: 1 } });
    const document = await upsertWithRetry(store.models.SyncStats, filter, { $inc: { parked: 1 } });
    expect(document?.parked).toBe(2);
    expect(await store.models.SyncStats.countDocuments(filter)).toBe(1);
  });

  // Three rounds, because the first concurrent upserts on a fresh collection do not always collide.
  it.each([1, 2, 3])('20 concurrent upserts leave one document (round %d)', async (round) => {
    const key = `participant:acc-1:evt-race:ada-${round}@example.com`;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        upsertWithRetry(
          store.models.SyncLedgerEntry,
          { key },
          {
            $set: { appliedAt: new Date(), 'hubspot.state': `writer-${index}` },
            $setOnInsert: {
              kind: 'participant',
              accountId: 'acc-1',
              eventId: 'evt-race',
              subject: `ada-${round}@example.com`,
              version: 1,
              occurredAt: new Date(),
            },
          },
        ),
      ),
    );

    const rejected = results.filter((result) => result.status === 'rejected');
    expect(rejected).toEqual([]);
    const keys = results.map((result) => (result.status === 'fulfilled' ? result.value?.key : undefined));
    expect(keys).toEqual(Array.from({ length: 20 }, () => key));
    expect(await store.models.SyncLedgerEntry.countDocuments({ key })).toBe(1);
  });

  it('upsert returns null when the filter excludes a newer document', async () => {
    const key = 'link:acc-1:evt-guard:link-1';
    const base = { kind: 'link', accountId: 'acc-1', eventId: 'evt-guard', subject: 'link-1' } as const;
    await store.models.SyncLedgerEntry.create({
      ...base,
      key,
      version: 5,
      occurredAt: new Date(),
      appliedAt: new Date(),
    });

    // The guarded filter misses the version-5 document, so the upsert tries to insert the key, loses
    // on the unique index, and the plain-update retry still matches nothing.
    const document = await upsertWithRetry(
      store.models.SyncLedgerEntry,
      { key, version: { $lt: 3 } },
      { $set: { version: 3, occurredAt: new Date(), appliedAt: new Date() }, $setOnInsert: base },
    );
    expect(document).toBeNull();
    const stored = await store.models.SyncLedgerEntry.findOne({ key }).lean();
    expect(stored?.version).toBe(5);
  });

  it('upsert rejects a field outside the schema', async () => {
    await expect(
      upsertWithRetry(
        store.models.SyncStats,
        { accountId: 'acc-1', eventId: 'evt-strict' },
        { $set: { aplied: 1 } },
      ),
    ).rejects.toThrow(/aplied/);
  });
});

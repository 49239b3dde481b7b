import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { bulkWriteInChunks, isDuplicateKeyError, MAX_BULK_WRITE_OPERATIONS } from '../src/index.js';
import { openTestStore, type TestStore } from './store-fixture.js';

let store: TestStore;

beforeAll(async () => {
  store = await openTestStore('store-bulk');
});

afterAll(async () => {
  await store?.dispose();
});

function ledgerEntry(index: number) {
  return {
    key: `participant:acc-bulk:evt-1:person${index}@example.test`,
    kind: 'participant' as const,
    accountId: 'acc-bulk',
    eventId: 'evt-1',
    subject: `person${index}@example.test`,
    version: 1,
    occurredAt: new Date('2026-03-01T10:00:00Z'),
    appliedAt: new Date('2026-03-01T10:00:01Z'),
  };
}

describe('bulkWriteInChunks', () => {
  // FerretDB 1.24.2 never answered one bulk write of 100 or more updates of existing documents and
  // kept the database locked; a ledger flush of a large batch wedged the local stack.
  it('updates 250 existing documents without hanging', { timeout: 30_000 }, async () => {
    const { SyncLedgerEntry } = store.models;
    await SyncLedgerEntry.insertMany(Array.from({ length: 250 }, (_, index) => ledgerEntry(index)));

    await bulkWriteInChunks(
      SyncLedgerEntry,
      Array.from({ length: 250 }, (_, index) => ({
        updateOne: { filter: { key: ledgerEntry(index).key }, update: { $set: { version: 2 } } },
      })),
    );

    expect(await SyncLedgerEntry.countDocuments({ accountId: 'acc-bulk', version: 2 })).toBe(250);
  });

  it('runs every chunk and rethrows a duplicate-key error afterwards', async () => {
    const { SyncLedgerEntry } = store.models;
    const existing = { ...ledgerEntry(1000), accountId: 'acc-dup' };
    await SyncLedgerEntry.create(existing);
    const fresh = Array.from({ length: MAX_BULK_WRITE_OPERATIONS + 5 }, (_, index) => ({
      ...ledgerEntry(2000 + index),
      accountId: 'acc-dup',
    }));

    // The duplicate sits in the first chunk; the second chunk must still be written.
    const operations = [existing, ...fresh].map((document) => ({ insertOne: { document } }));
    const failure = await bulkWriteInChunks(SyncLedgerEntry, operations).catch((error: unknown) => error);

    expect(isDuplicateKeyError(failure)).toBe(true);
    expect(await SyncLedgerEntry.countDocuments({ accountId: 'acc-dup' })).toBe(fresh.length + 1);
  });
});

import { MongoClient, type Collection, type Document } from 'mongodb';

import { round } from '../analysis/stats.js';
import type { Benchmark } from '../benchmark.js';

/** Documents already in the collection when the operations are timed. */
const COLLECTION_SIZES = [1_000, 5_000] as const;
/** Keys in one `$in` query, about one fetched batch of bookings. */
const IN_QUERY_KEYS = 1_000;
/** Operations in one timed `bulkWrite`. */
const BULK_OPERATIONS = 50;

/**
 * Times, on the server the benchmarks use, the kinds of MongoDB operation that the
 * marketing-event sink's ledger runs for every batch: a `$in` read of the participants' keys and
 * unordered conditional upserts. A plain `insertMany` and upserts by `_id` are timed for
 * comparison. The sink's figures on the local stack depend on these costs.
 */
export const storeWrites: Benchmark = {
  name: 'store-writes',
  title: 'Write costs of the MongoDB server behind the sinks',
  options: [],
  async run(context) {
    const client = await MongoClient.connect(context.databaseUri, { serverSelectionTimeoutMS: 5_000 });
    const rows: string[][] = [];
    try {
      const ledger = client.db().collection('ledger');
      await ledger.createIndex({ key: 1 }, { unique: true });
      let size = 0;
      for (const target of COLLECTION_SIZES) {
        const inserted = Array.from({ length: target - size }, (_, index) =>
          ledgerDocument(`p:${size + index}`),
        );
        const insertMs = await timed(() => ledger.insertMany(inserted));
        size = target;
        rows.push(row(target, `insertMany of ${inserted.length} new documents`, insertMs, inserted.length));

        const keys = Array.from({ length: IN_QUERY_KEYS }, (_, index) => `p:${(index * 7) % size}`);
        const findMs = await timed(() =>
          ledger.find({ key: { $in: keys } }, { projection: { key: 1, version: 1 } }).toArray(),
        );
        rows.push(row(target, `find by key $in ${IN_QUERY_KEYS} keys (unique index on key)`, findMs, 1));

        // Existing keys come from the documents inserted in this round, so none was updated before.
        const newKeys = keyRange(`new${size}`, 0);
        const existingKeys = keyRange('p', size - inserted.length);
        const newIds = keyRange(`id${size}`, 0);
        const newKeyMs = await conditionalUpserts(ledger, newKeys, 'key');
        rows.push(
          row(target, `${BULK_OPERATIONS} conditional upserts by key, new keys`, newKeyMs, BULK_OPERATIONS),
        );
        const existingKeyMs = await conditionalUpserts(ledger, existingKeys, 'key');
        rows.push(
          row(
            target,
            `${BULK_OPERATIONS} conditional upserts by key, existing keys`,
            existingKeyMs,
            BULK_OPERATIONS,
          ),
        );
        const newIdMs = await conditionalUpserts(ledger, newIds, '_id');
        rows.push(
          row(target, `${BULK_OPERATIONS} conditional upserts by _id, new ids`, newIdMs, BULK_OPERATIONS),
        );
      }
    } finally {
      await client.close();
    }

    return {
      parameters: {
        'collection sizes': COLLECTION_SIZES.join(' and '),
        'operations per bulkWrite': BULK_OPERATIONS,
      },
      tables: [
        {
          title: 'Timed operations, one at a time, on a collection with a unique index on key',
          columns: ['documents in the collection', 'operation', 'total ms', 'ms per document or query'],
          rows,
        },
      ],
      targets: [],
      notes: [
        "A conditional upsert is `updateOne({ key, version: { $lt: v } }, { $set }, { upsert: true })` in an unordered `bulkWrite`, the write the sink's ledger makes for every participant it applied; the same shape by `_id` shows whether the index matters.",
        "Every sink benchmark on this server pays the per-document cost above once per applied participant, so it bounds the sink's records per second.",
      ],
    };
  },
};

function ledgerDocument(key: string): Document {
  return { key, kind: 'participant', version: 1, occurredAt: new Date(), subject: `${key}@example.test` };
}

/** Returns `BULK_OPERATIONS` keys `<prefix>:<n>`, every third number from `start`. */
function keyRange(prefix: string, start: number): string[] {
  return Array.from({ length: BULK_OPERATIONS }, (_, index) => `${prefix}:${start + index * 3}`);
}

/**
 * Runs one unordered `bulkWrite` of conditional upserts, one per key, matching on `field`, and
 * returns its time in ms. Every upsert also sets `key`, which the unique index requires.
 */
async function conditionalUpserts(
  ledger: Collection,
  keys: readonly string[],
  field: 'key' | '_id',
): Promise<number> {
  const operations = keys.map((key) => ({
    updateOne: {
      filter: { [field]: key, version: { $lt: 2 } },
      update: { $set: { key, version: 2, appliedAt: new Date() } },
      upsert: true,
    },
  }));
  return timed(() => ledger.bulkWrite(operations, { ordered: false }));
}

async function timed(operation: () => Promise<unknown>): Promise<number> {
  const startedAt = performance.now();
  await operation();
  return performance.now() - startedAt;
}

function row(size: number, operation: string, totalMs: number, count: number): string[] {
  return [String(size), operation, String(Math.round(totalMs)), round(totalMs / count, 1).toFixed(1)];
}

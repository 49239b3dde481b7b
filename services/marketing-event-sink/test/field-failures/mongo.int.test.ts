import { testServers } from '@oniva-hubspot/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MongoLedger } from '../../src/adapters/mongo-ledger.js';
import { MongoMappingStore } from '../../src/adapters/mongo-mappings.js';
import { ACCOUNT_ID, booking, Harness, waitFor } from '../helpers/harness.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

/** Database-side failures of consumers built on mongoose, reproduced against FerretDB. */
describe('MongoDB field failures', () => {
  let harness: Harness;
  let proxy: TcpProxy;

  beforeAll(async () => {
    harness = await Harness.create({ partitions: 2 });
    await harness.seedConnection();
    await harness.activate(['evt-outage']);

    const database = new URL(harness.env['MONGODB_URI']!.replace(/^mongodb:/, 'http:'));
    const server = new URL(testServers().mongoUri.replace(/^mongodb:/, 'http:'));
    proxy = await TcpProxy.start({ host: server.hostname, port: Number(server.port) });
    database.host = `127.0.0.1:${proxy.port}`;
    harness.env['MONGODB_URI'] = database.toString().replace(/^http:/, 'mongodb:');
  });

  afterAll(async () => {
    await harness?.close();
    await proxy?.close();
  });

  it('mongo concurrent upsert e11000 never escapes', async () => {
    // Used to fail: two upserts of one key both missed the document and the loser got a
    // duplicate-key error, which reached the consumer's error path.
    const mappings = new MongoMappingStore(harness.models);
    const link = {
      accountId: ACCOUNT_ID,
      eventId: 'evt-c01',
      portalId: 4242,
      appId: 77,
      objectId: '9001',
      state: 'active' as const,
      lastAppliedVersion: 1,
    };
    await Promise.all(Array.from({ length: 20 }, () => mappings.save(link)));
    expect(
      await harness.models.MarketingEventMapping.countDocuments({
        accountId: ACCOUNT_ID,
        eventId: 'evt-c01',
      }),
    ).toBe(1);

    const ledger = new MongoLedger(harness.models);
    const participant = {
      accountId: ACCOUNT_ID,
      eventId: 'evt-c01',
      email: 'c01@example.test',
      contactId: '1',
      state: 'register' as const,
    };
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        ledger.recordParticipants([{ ...participant, version: index + 1, occurredAtMs: 1_000 + index }]),
      ),
    );
    expect(await harness.models.SyncLedgerEntry.countDocuments({ eventId: 'evt-c01' })).toBe(1);

    // One writer at a time never moves an entry back to an older version.
    await ledger.recordParticipants([{ ...participant, version: 50, occurredAtMs: 5_000 }]);
    await ledger.recordParticipants([{ ...participant, version: 49, occurredAtMs: 6_000 }]);
    const entry = await harness.models.SyncLedgerEntry.findOne({ eventId: 'evt-c01' }).lean();
    expect(entry?.version).toBe(50);
  });

  it('mongo disconnect pauses the sink without loss', async () => {
    // Used to fail: after a dropped connection, every query waited in mongoose's buffer, and a
    // HubSpot write succeeded whose ledger entry could not be stored. The sink fails fast,
    // redelivers the batch after the outage, and HubSpot treats the repeats as the same change.
    await harness.startSink();
    await harness.produceBookings(
      Array.from({ length: 10 }, (_, index) =>
        booking({ eventId: 'evt-outage', email: `before${index}@example.test` }),
      ),
    );
    await waitFor(
      async () => (await harness.models.SyncLedgerEntry.countDocuments({ eventId: 'evt-outage' })) === 10,
      'the first ten are applied',
    );

    // The outage outlasts the driver's 5-s server selection timeout, so calls fail instead of waiting.
    await proxy.cut();
    for (let slice = 0; slice < 4; slice += 1) {
      await harness.produceBookings(
        Array.from({ length: 5 }, (_, index) =>
          booking({ eventId: 'evt-outage', email: `during${slice * 5 + index}@example.test` }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 2_500));
    }
    await proxy.restore();

    await waitFor(
      async () => (await harness.models.SyncLedgerEntry.countDocuments({ eventId: 'evt-outage' })) === 30,
      'all 30 are applied after the outage',
      60_000,
    );
    expect((await harness.participations('evt-outage')).size).toBe(30);
    expect(await harness.models.DeadLetter.countDocuments({ eventId: 'evt-outage' })).toBe(0);
    expect(await harness.models.ParkedMessage.countDocuments({})).toBe(0);
  }, 90_000);
});

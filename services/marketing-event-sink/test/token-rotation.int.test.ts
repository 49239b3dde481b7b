import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ACCOUNT_ID, booking, Harness, waitFor } from './helpers/harness.js';

describe('token rotation', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await Harness.create({ partitions: 2 });
    await harness.seedConnection();
    await harness.activate(['evt-rot']);
    await harness.startSink();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('parks records after a rotation and replays them with the new token', async () => {
    const emails = Array.from({ length: 45 }, (_, index) => `rot${index}@example.test`);
    await harness.produceBookings(emails.slice(0, 15).map((email) => booking({ eventId: 'evt-rot', email })));
    await waitFor(
      async () => (await harness.participations('evt-rot')).size === 15,
      'the first 15 bookings arrived',
    );

    const { token: rotated } = harness.sandbox.admin.rotateToken(harness.token, { expireNow: true });
    await harness.produceBookings(
      emails.slice(15, 30).map((email) => booking({ eventId: 'evt-rot', email })),
    );

    await waitFor(
      async () => (await harness.models.ParkedMessage.countDocuments({ accountId: ACCOUNT_ID })) === 15,
      '15 records are parked',
    );
    const connection = await harness.models.Connection.findOne({ accountId: ACCOUNT_ID }).lean();
    expect(connection?.health.state).toBe('unhealthy');
    expect(connection?.health.code).toBe('HUBSPOT_TOKEN_INVALID');
    expect(connection?.health.fix).toContain('update it in Oniva under App connections');
    const rejected = harness.sandbox.admin.requests({ status: 401 }).length;
    expect(rejected).toBeGreaterThan(0);

    // Later records of the account are parked without calling HubSpot.
    await harness.produceBookings(emails.slice(30).map((email) => booking({ eventId: 'evt-rot', email })));
    await waitFor(
      async () => (await harness.models.ParkedMessage.countDocuments({ accountId: ACCOUNT_ID })) === 30,
      '30 records are parked',
    );
    expect(harness.sandbox.admin.requests({ status: 401 }).length).toBe(rejected);
    const parked = await harness.models.ParkedMessage.findOne({ accountId: ACCOUNT_ID }).lean();
    expect(parked?.reason).toBe('connection-unhealthy');

    await harness.saveToken(rotated.token);

    await waitFor(
      async () => (await harness.participations('evt-rot', ACCOUNT_ID, rotated.token)).size === 45,
      'all 45 bookings arrived',
      45_000,
    );
    await waitFor(
      async () => (await harness.models.ParkedMessage.countDocuments({ accountId: ACCOUNT_ID })) === 0,
      'no record stays parked',
    );
    const healed = await harness.models.Connection.findOne({ accountId: ACCOUNT_ID }).lean();
    expect(healed?.health.state).not.toBe('unhealthy');
    expect(await harness.models.DeadLetter.countDocuments({ accountId: ACCOUNT_ID })).toBe(0);
    await waitFor(async () => {
      const stats = await harness.models.SyncStats.findOne({
        accountId: ACCOUNT_ID,
        eventId: 'evt-rot',
      }).lean();
      return stats?.applied === 45 && stats.parked === 0;
    }, 'the counters show every booking applied and none parked');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ACCOUNT_ID, booking, Harness, waitFor } from './helpers/harness.js';

describe('marketing-event sink flow', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await Harness.create();
    await harness.seedConnection();
    await harness.activate(['evt-1', 'evt-1000']);
    await harness.startSink();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('records bookings as participants on one marketing event', async () => {
    await harness.produceBookings([
      booking({ email: 'ada@example.test', status: 'registered' }),
      booking({ email: 'grace@example.test', status: 'attended' }),
      booking({ email: 'alan@example.test', status: 'cancelled' }),
    ]);

    await waitFor(
      async () => (await harness.participations('evt-1')).size === 3,
      'three participations exist',
    );
    const participations = await harness.participations('evt-1');
    expect(participations.get('ada@example.test')?.state).toBe('REGISTERED');
    expect(participations.get('grace@example.test')?.state).toBe('ATTENDED');
    expect(participations.get('alan@example.test')?.state).toBe('CANCELLED');

    const mapping = await harness.models.MarketingEventMapping.findOne({
      accountId: ACCOUNT_ID,
      eventId: 'evt-1',
    }).lean();
    expect(mapping?.objectId).toBeDefined();
    const upserts = harness.sandbox.admin.requests({
      path: '/marketing/v3/marketing-events/events/evt-1',
      method: 'PUT',
    });
    expect(upserts).toHaveLength(1);
  });

  it('makes at most 15 HubSpot calls per 1,000 bookings of a backlog', async () => {
    const statuses = [
      'registered',
      'registered',
      'confirmed',
      'attended',
      'attended',
      'cancelled',
      'declined',
      'registered',
      'attended',
      'registered',
    ];
    const records = Array.from({ length: 1_000 }, (_, index) =>
      booking({
        eventId: 'evt-1000',
        email: `thousand${index}@example.test`,
        status: statuses[index % statuses.length]!,
      }),
    );
    const callsBefore = harness.sandbox.admin.requests().length;
    await harness.produceBookings(records);

    await waitFor(
      async () =>
        (await harness.models.SyncLedgerEntry.countDocuments({
          kind: 'participant',
          eventId: 'evt-1000',
        })) === 1_000,
      'all 1,000 bookings are applied',
      100_000,
    );
    const calls = harness.sandbox.admin.requests().slice(callsBefore);
    // One event upsert, then per subscriber state ceil(n / 100) attendance calls: 500 register,
    // 300 attend and 200 cancel inputs need 5 + 3 + 2 calls when the backlog arrives in one batch.
    console.info(`HubSpot calls for 1,000 bookings: ${calls.length}`);
    expect(calls.filter((call) => call.method === 'PUT')).toHaveLength(1);
    expect(calls.length).toBeLessThanOrEqual(15);
    expect((await harness.participations('evt-1000')).size).toBe(1_000);
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ACCOUNT_ID, booking, Harness, waitFor } from './helpers/harness.js';

describe('marketing-event sink flow', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await Harness.create();
    await harness.seedConnection();
    await harness.activate(['evt-1']);
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
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { booking, Harness, waitFor } from './helpers/harness.js';

const ATTENDANCE = '/marketing/v3/marketing-events/attendance/**';

describe('HubSpot server errors and rate limits', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await Harness.create({ partitions: 2, retryDelays: '200ms,500ms,1s' });
    await harness.seedConnection();
    await harness.activate(['evt-flaky', 'evt-429']);
    await harness.startSink();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('recovers from 5xx and 429 responses without loss', async () => {
    harness.sandbox.admin.addFault({
      match: { path: ATTENDANCE },
      effect: { type: 'status', status: 503 },
      rate: 0.4,
    });
    harness.sandbox.admin.addFault({
      match: { path: ATTENDANCE },
      effect: { type: 'status', status: 502, html: true },
      times: 2,
    });
    harness.sandbox.admin.addFault({
      match: { path: ATTENDANCE },
      effect: {
        type: 'status',
        status: 429,
        retryAfterSeconds: 1,
        body: {
          status: 'error',
          message: 'You have reached your ten_secondly_rolling limit.',
          errorType: 'RATE_LIMIT',
          policyName: 'TEN_SECONDLY_ROLLING',
          category: 'RATE_LIMITS',
        },
      },
      times: 2,
    });
    const emails = Array.from({ length: 40 }, (_, index) => `flaky${index}@example.test`);
    for (const [index, email] of emails.entries()) {
      await harness.produceBookings([booking({ eventId: index % 2 === 0 ? 'evt-flaky' : 'evt-429', email })]);
    }

    await waitFor(
      async () =>
        (await harness.participations('evt-flaky')).size + (await harness.participations('evt-429')).size ===
        40,
      'all forty bookings arrived',
      60_000,
    );
    harness.sandbox.admin.clearFaults();
    expect(
      await harness.models.DeadLetter.countDocuments({ eventId: { $in: ['evt-flaky', 'evt-429'] } }),
    ).toBe(0);
    expect(harness.sandbox.admin.requests({ path: ATTENDANCE, status: 503 }).length).toBeGreaterThan(0);
    expect(harness.sandbox.admin.requests({ path: ATTENDANCE, status: 429 })).toHaveLength(2);
    // HubSpot shows a participant before the sink writes its ledger entry, so wait for the ledger too.
    const ledgerCount = () =>
      harness.models.SyncLedgerEntry.countDocuments({
        eventId: { $in: ['evt-flaky', 'evt-429'] },
        kind: 'participant',
      });
    await waitFor(async () => (await ledgerCount()) === 40, 'every participant is in the ledger');
  });
});

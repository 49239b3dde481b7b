import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ACCOUNT_ID, booking, Harness, waitFor } from './helpers/harness.js';

const ATTENDANCE = '/marketing/v3/marketing-events/attendance/**';

describe('HubSpot failures', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await Harness.create({ partitions: 2, retryDelays: '200ms,500ms,1s' });
    await harness.seedConnection();
    await harness.activate(['evt-contract', 'evt-207', 'evt-400', 'evt-flaky', 'evt-429']);
    await harness.startSink();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('sends the documented attendance and upsert requests', async () => {
    // The request is checked against HubSpot's documented contract, not against our builder:
    // lowercase state verbs, externalAccountId in the query, interactionDateTime as epoch ms.
    const registered = booking({
      eventId: 'evt-contract',
      email: 'Contract1@Example.test',
      status: 'confirmed',
      occurredAt: '2025-06-01T10:00:00.250Z',
    });
    const attended = booking({
      eventId: 'evt-contract',
      email: 'contract2@example.test',
      status: 'attended',
      occurredAt: '2025-06-01T11:00:00Z',
    });
    const declined = booking({
      eventId: 'evt-contract',
      email: 'contract3@example.test',
      status: 'declined',
      occurredAt: '2025-06-01T12:00:00Z',
    });
    await harness.produceBookings([registered, attended, declined]);
    await waitFor(
      async () => (await harness.participations('evt-contract')).size === 3,
      'three participations exist',
    );

    const calls = harness.sandbox.admin.requests({
      path: '/marketing/v3/marketing-events/attendance/evt-contract/*/email-create',
    });
    expect(calls.map((call) => call.path).sort()).toEqual([
      '/marketing/v3/marketing-events/attendance/evt-contract/attend/email-create',
      '/marketing/v3/marketing-events/attendance/evt-contract/cancel/email-create',
      '/marketing/v3/marketing-events/attendance/evt-contract/register/email-create',
    ]);
    for (const call of calls) {
      expect(call.method).toBe('POST');
      expect(call.status).toBe(200);
      expect(call.query).toEqual({ externalAccountId: ACCOUNT_ID });
    }
    const register = calls.find((call) => call.path.includes('/register/'));
    expect(register?.body).toEqual({
      inputs: [
        {
          email: 'contract1@example.test',
          interactionDateTime: Date.parse('2025-06-01T10:00:00.250Z'),
          contactProperties: { firstname: 'Ada', lastname: 'Lovelace' },
        },
      ],
    });

    const [upsert] = harness.sandbox.admin.requests({
      method: 'PUT',
      path: '/marketing/v3/marketing-events/events/evt-contract',
    });
    expect(upsert?.body).toMatchObject({
      externalAccountId: ACCOUNT_ID,
      externalEventId: 'evt-contract',
      eventName: 'Event evt-contract',
      eventOrganizer: 'Oniva',
      eventCancelled: false,
      eventCompleted: false,
      customProperties: [],
    });
    expect(Date.parse((upsert?.body as { startDateTime: string }).startDateTime)).toBe(
      Date.parse('2030-04-10T17:00:00Z'),
    );
  });

  it('dead-letters only the input a 207 response rejects', async () => {
    harness.sandbox.admin.addFault({
      match: { path: ATTENDANCE },
      effect: { type: 'partialFailure', inputs: ['c@example.test'] },
    });
    const records = ['a', 'b', 'c'].map((name) =>
      booking({ eventId: 'evt-207', bookingId: `bk-207-${name}`, email: `${name}@example.test` }),
    );
    await harness.produceBookings(records);

    await waitFor(
      async () => (await harness.models.DeadLetter.countDocuments({ eventId: 'evt-207' })) === 1,
      'c is dead-lettered',
    );
    const read = await harness.participations('evt-207');
    expect([...read.keys()].sort()).toEqual(['a@example.test', 'b@example.test']);
    const deadLetter = await harness.models.DeadLetter.findOne({ eventId: 'evt-207' }).lean();
    expect(deadLetter?.reason).toBe('hubspot-rejected');
    expect(deadLetter?.error.code).toBe('HUBSPOT_VALIDATION_FAILED');
    expect(deadLetter?.value).toContain('c@example.test');

    // Sent again, a and b are skipped by the ledger and never reach HubSpot a second time.
    const inputsBefore = attendanceInputs(harness, 'evt-207');
    await harness.produceBookings(records);
    await waitFor(async () => {
      const stats = await harness.models.SyncStats.findOne({
        accountId: ACCOUNT_ID,
        eventId: 'evt-207',
      }).lean();
      return stats?.skippedByReason?.['stale-version'] === 2;
    }, 'the repeats of a and b are skipped');
    const inputsAfter = attendanceInputs(harness, 'evt-207');
    expect(inputsAfter.filter((email) => email !== 'c@example.test')).toEqual(
      inputsBefore.filter((email) => email !== 'c@example.test'),
    );
  });

  it('isolates the input a 400 rejects for the whole batch', async () => {
    // HubSpot fails the whole request because of one invalid email; the other 99 are written.
    harness.sandbox.admin.addFault({
      match: { path: '/marketing/v3/marketing-events/attendance/evt-400/**' },
      effect: {
        type: 'status',
        status: 400,
        body: {
          status: 'error',
          category: 'VALIDATION_ERROR',
          message: 'Email address attendee6@example.test is invalid',
          correlationId: 'c0ffee00-0000-4000-8000-000000000000',
        },
      },
      times: 1,
    });
    const records = Array.from({ length: 99 }, (_, index) =>
      booking({ eventId: 'evt-400', email: `valid${index}@example.test` }),
    );
    records.splice(40, 0, booking({ eventId: 'evt-400', email: 'attendee6@example.test' }));
    await harness.produceBookings(records);

    await waitFor(
      async () => (await harness.participations('evt-400')).size === 99,
      'the 99 valid bookings arrived',
    );
    await waitFor(
      async () => (await harness.models.DeadLetter.countDocuments({ eventId: 'evt-400' })) === 1,
      'one dead letter',
    );
    const deadLetter = await harness.models.DeadLetter.findOne({ eventId: 'evt-400' }).lean();
    expect(deadLetter?.reason).toBe('hubspot-rejected');
    expect(deadLetter?.value).toContain('attendee6@example.test');
    expect((await harness.participations('evt-400')).has('attendee6@example.test')).toBe(false);
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

function attendanceInputs(harness: Harness, eventId: string): string[] {
  return harness.sandbox.admin
    .requests({ path: `/marketing/v3/marketing-events/attendance/${eventId}/**`, status: 200 })
    .flatMap((call) => (call.body as { inputs: { email: string }[] }).inputs.map((input) => input.email))
    .sort();
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ACCOUNT_ID,
  booking,
  eventRecord,
  eventSnapshot,
  Harness,
  PORTAL_ID,
  waitFor,
} from '../helpers/harness.js';

const ATTENDANCE = '/marketing/v3/marketing-events/attendance/**';

/**
 * HubSpot-side failures that integrations like this one met in production, each reproduced
 * against the sandbox with the behaviour the sink must show.
 */
describe('HubSpot field failures', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await Harness.create({ partitions: 2, retryDelays: '200ms,500ms,1s' });
    await harness.seedConnection();
    await harness.activate([
      'evt-contract',
      'evt-a01-400',
      'evt-200',
      'evt-adopt',
      'evt-207',
      'evt-case',
      'evt-400',
    ]);
    await harness.startSink();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('attendance state verb and account id follow the documented contract', async () => {
    // Used to fail: an upper-case state name in the path and a missing externalAccountId query
    // parameter were rejected with 400 in production, while tests compared the request builder
    // with itself. Checked here against the literal documented paths and parameters.
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

  it('attendance validation error is dead-lettered with the request line', async () => {
    // Used to fail: a 400 VALIDATION_ERROR went round the retry topics although it can never
    // succeed, and the audit log lacked the query string that explained it.
    harness.sandbox.admin.addFault({
      match: { path: '/marketing/v3/marketing-events/attendance/evt-a01-400/**' },
      effect: {
        type: 'status',
        status: 400,
        body: {
          status: 'error',
          category: 'VALIDATION_ERROR',
          message: 'externalAccountId is required',
          correlationId: 'c0ffee00-0000-4000-8000-000000000001',
        },
      },
    });
    await harness.produceBookings([booking({ eventId: 'evt-a01-400', email: 'rejected@example.test' })]);

    const [deadLetter] = await harness.readTopic(`${harness.topics.bookings}.dlq`, 1);
    expect(deadLetter?.['reason']).toBe('hubspot-rejected');
    expect(deadLetter?.['attempts']).toBe(1);
    const error = deadLetter?.['error'] as {
      code: string;
      details: { request: { method: string; path: string }; responseBody: unknown; status: number };
    };
    expect(error.code).toBe('HUBSPOT_VALIDATION_FAILED');
    expect(error.details.status).toBe(400);
    expect(error.details.request.method).toBe('POST');
    expect(error.details.request.path).toBe(
      `/marketing/v3/marketing-events/attendance/evt-a01-400/register/email-create?externalAccountId=${ACCOUNT_ID}`,
    );
    expect(error.details.responseBody).toMatchObject({
      category: 'VALIDATION_ERROR',
      message: 'externalAccountId is required',
    });
    harness.sandbox.admin.clearFaults();
  });

  it('duplicate event on ambiguous create never happens', async () => {
    // Used to fail: a create whose response was lost was sent again and made a second marketing
    // event. The sink upserts by external ids, so the repeat updates the same event.
    harness.sandbox.admin.addFault({
      match: { method: 'PUT', path: '/marketing/v3/marketing-events/events/evt-200' },
      effect: { type: 'drop', when: 'after' },
      times: 1,
    });
    await harness.produceEvents([
      eventRecord({
        eventId: 'evt-200',
        version: 1,
        event: { ...eventSnapshot('evt-200'), name: 'Spring webinar' },
      }),
    ]);

    await waitFor(
      async () =>
        (await harness.models.SyncLedgerEntry.findOne({ kind: 'event', eventId: 'evt-200' }).lean())
          ?.version === 1,
      'the event is applied after the lost response',
    );
    expect(await harness.marketingEventCount('evt-200')).toBe(1);
    const puts = harness.sandbox.admin.requests({
      method: 'PUT',
      path: '/marketing/v3/marketing-events/events/evt-200',
    });
    expect(puts.length).toBeGreaterThanOrEqual(2);
    expect(
      harness.sandbox.admin.requests({ method: 'POST', path: '/marketing/v3/marketing-events/events' }),
    ).toHaveLength(0);
  });

  it('duplicate event on ambiguous create adopts an unmapped event', async () => {
    // The variant: HubSpot already contains the event, but MongoDB has no mapping for it.
    const response = await fetch(`${harness.sandbox.url}/marketing/v3/marketing-events/events/evt-adopt`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${harness.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        externalAccountId: ACCOUNT_ID,
        externalEventId: 'evt-adopt',
        eventName: 'Created before the sink',
        eventOrganizer: 'Oniva',
        customProperties: [],
      }),
    });
    const existing = (await response.json()) as { objectId: string };

    await harness.produceBookings([booking({ eventId: 'evt-adopt', email: 'adopt@example.test' })]);
    await waitFor(async () => (await harness.participations('evt-adopt')).size === 1, 'the booking arrived');
    await waitFor(
      async () =>
        (await harness.models.MarketingEventMapping.findOne({
          accountId: ACCOUNT_ID,
          eventId: 'evt-adopt',
        }).lean()) !== null,
      'the mapping is stored',
    );

    const mapping = await harness.models.MarketingEventMapping.findOne({
      accountId: ACCOUNT_ID,
      eventId: 'evt-adopt',
    }).lean();
    expect(mapping?.objectId).toBe(existing.objectId);
    expect(await harness.marketingEventCount('evt-adopt')).toBe(1);
  });

  it('batch 207 partial failure dead-letters only the failed input', async () => {
    // Used to fail: SDKs read a 207 as full success (or dropped the successes), so bookkeeping
    // no longer matched HubSpot.
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
    harness.sandbox.admin.clearFaults();
  });

  it('batch duplicate key in one request is merged first', async () => {
    // Used to fail: the same person arrived with other casing and stray spaces, and HubSpot
    // rejected a batch that carried one key twice. Emails are normalised and the newest version
    // of a participant is the only input.
    await harness.produceBookings([
      booking({
        eventId: 'evt-case',
        bookingId: 'bk-case',
        email: 'Attendee5@Example.test',
        status: 'registered',
        version: 1,
      }),
      booking({
        eventId: 'evt-case',
        bookingId: 'bk-case',
        email: ' attendee5@example.test ',
        status: 'attended',
        version: 2,
      }),
    ]);

    await waitFor(
      async () =>
        (await harness.models.SyncLedgerEntry.countDocuments({
          eventId: 'evt-case',
          kind: 'participant',
        })) === 1,
      'the ledger entry is written',
    );
    const read = await harness.participations('evt-case');
    expect([...read.entries()].map(([email, value]) => [email, value.state])).toEqual([
      ['attendee5@example.test', 'ATTENDED'],
    ]);
    const ledger = await harness.models.SyncLedgerEntry.find({
      eventId: 'evt-case',
      kind: 'participant',
    }).lean();
    expect(ledger.map((entry) => [entry.subject, entry.version])).toEqual([['attendee5@example.test', 2]]);
    const calls = harness.sandbox.admin.requests({
      path: '/marketing/v3/marketing-events/attendance/evt-case/**',
    });
    expect(calls.map((call) => call.status)).toEqual([200]);
    expect((calls[0]?.body as { inputs: unknown[] }).inputs).toHaveLength(1);
  });

  it('invalid email poisons no other input of the run', async () => {
    // Used to fail: HubSpot rejected a whole batch because of one invalid address, and the job
    // held back every valid record behind it. The sink isolates the input and writes the rest.
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
    const stats = await harness.models.SyncStats.findOne({
      accountId: ACCOUNT_ID,
      eventId: 'evt-400',
    }).lean();
    expect(stats?.retrying ?? 0).toBe(0);
  });
});

describe('HubSpot field failures with a small rate limit', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await Harness.create({ partitions: 3 });
    harness.sandbox.admin.setLimits(PORTAL_ID, { burstMax: 12 });
    await harness.seedConnection();
    await harness.activate(['evt-budget-0', 'evt-budget-1', 'evt-budget-2']);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('429 shared rate budget holds across replicas', async () => {
    // Used to fail: every process kept its own budget under the limit, so together they
    // exceeded HubSpot's per-portal limit, and 429s fed the retry topics. Two sink replicas
    // share the budget through MongoDB here.
    await harness.startSink();
    await harness.startSink();
    const events = ['evt-budget-0', 'evt-budget-1', 'evt-budget-2'];
    // Small slices, spread over time, make many small batches and so many calls.
    for (let slice = 0; slice < 30; slice += 1) {
      await harness.produceBookings(
        Array.from({ length: 4 }, (_, index) =>
          booking({
            eventId: events[(slice + index) % 3]!,
            email: `budget${slice * 4 + index}@example.test`,
          }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    await waitFor(
      async () =>
        (await harness.models.SyncLedgerEntry.countDocuments({
          kind: 'participant',
          eventId: { $in: events },
        })) === 120,
      'all 120 bookings are applied',
      60_000,
    );
    // The load needs more calls than one window allows, so the limit is actually exercised.
    expect(harness.sandbox.admin.requests({ status: 200 }).length).toBeGreaterThan(12);
    const [stats] = harness.sandbox.admin.rateLimitStats(PORTAL_ID);
    expect(stats?.maxCallsInWindow).toBeLessThanOrEqual(12);
    const rejected = Object.values(stats?.rejected ?? {}).reduce((sum, count) => sum + count, 0);
    expect(rejected).toBeLessThanOrEqual(3);
    const counters = await harness.models.SyncStats.find({
      accountId: ACCOUNT_ID,
      eventId: { $in: events },
    }).lean();
    expect(counters.reduce((sum, entry) => sum + entry.retrying + entry.deadLettered, 0)).toBe(0);
  }, 90_000);
});

function attendanceInputs(harness: Harness, eventId: string): string[] {
  return harness.sandbox.admin
    .requests({ path: `/marketing/v3/marketing-events/attendance/${eventId}/**`, status: 200 })
    .flatMap((call) => (call.body as { inputs: { email: string }[] }).inputs.map((input) => input.email))
    .sort();
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ACCOUNT_ID, booking, Harness, waitFor } from '../helpers/harness.js';

const ATTENDANCE = '/marketing/v3/marketing-events/attendance/**';

/** Counts each (email, state, interactionDateTime) sent in a successful attendance call. */
function sentChanges(harness: Harness, pathPattern = ATTENDANCE): Map<string, number> {
  const sent = new Map<string, number>();
  for (const call of harness.sandbox.admin.requests({ path: pathPattern, status: 200 })) {
    const state = call.path.split('/').at(-2);
    for (const input of (call.body as { inputs: { email: string; interactionDateTime: number }[] }).inputs) {
      const key = `${input.email}|${state}|${input.interactionDateTime}`;
      sent.set(key, (sent.get(key) ?? 0) + 1);
    }
  }
  return sent;
}

const ledgerCount = (harness: Harness, eventIds: string[]) =>
  harness.models.SyncLedgerEntry.countDocuments({ kind: 'participant', eventId: { $in: eventIds } });

/**
 * Consumer-side failures that kafkajs services met in production, reproduced against the real
 * broker with the sink's runtime and handlers.
 */
describe('Kafka field failures', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await Harness.create({ partitions: 2, retryDelays: '300ms,600ms,1s' });
    await harness.seedConnection();
    await harness.activate([
      'evt-poison',
      'evt-slow',
      'evt-fast-1',
      'evt-fast-2',
      'evt-b06',
      'evt-b08a',
      'evt-b08b',
    ]);
    await harness.startSink();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('poison message restart loop cannot start', async () => {
    // Used to fail: a record that could not be parsed was retried by restarting the consumer,
    // which fed it the same record forever. Here it goes to the dead-letter topic with its
    // position and the reason, and the valid records behind it flow.
    await harness.produceBookings([
      { key: 'evt-poison', value: '{"registrationId": "reg-8",' },
      { key: 'evt-poison', value: { ...booking({ eventId: 'evt-poison' }), eventId: undefined } },
      { key: 'evt-poison', value: { ...booking({ eventId: 'evt-poison' }), type: 'booking.teleported' } },
      ...Array.from({ length: 10 }, (_, index) =>
        booking({ eventId: 'evt-poison', email: `poison${index}@example.test` }),
      ),
    ]);

    await waitFor(
      async () => (await harness.participations('evt-poison')).size === 10,
      'the ten valid bookings arrived',
    );
    const deadLetters = await harness.readTopic(`${harness.topics.bookings}.dlq`, 3);
    expect(deadLetters.map((record) => record['reason']).sort()).toEqual([
      'malformed-json',
      'schema-violation',
      'unknown-type',
    ]);
    for (const record of deadLetters) {
      expect(record['source']).toMatchObject({ topic: harness.topics.bookings, key: 'evt-poison' });
      expect((record['error'] as { message: string }).message.length).toBeGreaterThan(0);
    }
    const schemaViolation = deadLetters.find((record) => record['reason'] === 'schema-violation');
    expect((schemaViolation?.['error'] as { message: string }).message).toContain('eventId');
  });

  it('parallel batch watermark never passes a slow failing record', async () => {
    // Used to fail: a later offset was resolved while an earlier record was still failing, so
    // the commit skipped work that was never done. The slow record here fails into a retry tier
    // while the records after it succeed; every record ends applied exactly once.
    harness.sandbox.admin.addFault({
      match: { path: '/marketing/v3/marketing-events/attendance/evt-slow/**' },
      effect: { type: 'latency', ms: 1_000 },
      times: 3,
    });
    harness.sandbox.admin.addFault({
      match: { path: '/marketing/v3/marketing-events/attendance/evt-slow/**' },
      effect: { type: 'status', status: 503 },
      times: 3,
    });
    await harness.produceBookings([
      booking({ eventId: 'evt-slow', email: 'slow@example.test' }),
      booking({ eventId: 'evt-fast-1', email: 'fast1@example.test' }),
      booking({ eventId: 'evt-fast-2', email: 'fast2@example.test' }),
    ]);

    await waitFor(
      async () => (await ledgerCount(harness, ['evt-slow', 'evt-fast-1', 'evt-fast-2'])) === 3,
      'all three are applied',
      45_000,
    );
    const slowStats = await harness.models.SyncStats.findOne({
      accountId: ACCOUNT_ID,
      eventId: 'evt-slow',
    }).lean();
    // It went through a retry tier and left it applied, so nothing is waiting any more.
    expect(slowStats?.lastError?.code).toBe('HUBSPOT_SERVER_ERROR');
    expect(slowStats?.retrying).toBe(0);
    expect(slowStats?.applied).toBe(1);
    for (const eventId of ['evt-slow', 'evt-fast-1', 'evt-fast-2']) {
      const sent = sentChanges(harness, `/marketing/v3/marketing-events/attendance/${eventId}/**`);
      expect([...sent.values()], eventId).toEqual([1]);
    }
  });

  it('pause and resume around a 429 apply the record once', async () => {
    // Used to fail: a throttled record was either pushed to the retry topic, multiplying traffic,
    // or delivered twice after pause and resume. The gateway honours Retry-After in process.
    harness.sandbox.admin.addFault({
      match: { path: '/marketing/v3/marketing-events/attendance/evt-b06/**' },
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
      times: 1,
    });
    await harness.produceBookings([booking({ eventId: 'evt-b06', email: 'throttled@example.test' })]);

    await waitFor(
      async () => (await ledgerCount(harness, ['evt-b06'])) === 1,
      'the throttled booking is applied',
    );
    const calls = harness.sandbox.admin.requests({
      path: '/marketing/v3/marketing-events/attendance/evt-b06/**',
    });
    expect(calls.map((call) => call.status)).toEqual([429, 200]);
    const stats = await harness.models.SyncStats.findOne({
      accountId: ACCOUNT_ID,
      eventId: 'evt-b06',
    }).lean();
    expect(stats?.retrying ?? 0).toBe(0);
  });

  it('retry topic breaks no key order when the older version retries', async () => {
    // Used to fail: an older update waited in a retry topic while the newer cancellation went
    // through, and the replayed update then overwrote the cancellation.
    harness.sandbox.admin.addFault({
      match: { path: '/marketing/v3/marketing-events/attendance/evt-b08a/register/**' },
      effect: { type: 'status', status: 503 },
      times: 3,
    });
    const common = { eventId: 'evt-b08a', bookingId: 'bk-b08a', email: 'order-a@example.test' };
    await harness.produceBookings([
      booking({ ...common, version: 1, status: 'registered', occurredAt: '2025-06-02T10:00:00Z' }),
    ]);
    await waitFor(
      () =>
        harness.sandbox.admin.requests({
          path: '/marketing/v3/marketing-events/attendance/evt-b08a/**',
          status: 503,
        }).length === 3,
      'version 1 failed three times',
    );
    await harness.produceBookings([
      booking({
        ...common,
        version: 2,
        status: 'cancelled',
        type: 'booking.status_changed',
        occurredAt: '2025-06-02T11:00:00Z',
      }),
    ]);

    await waitFor(async () => {
      const stats = await harness.models.SyncStats.findOne({
        accountId: ACCOUNT_ID,
        eventId: 'evt-b08a',
      }).lean();
      return stats?.skippedByReason?.['stale-version'] === 1;
    }, 'the retried version 1 is skipped as stale');
    expect((await harness.participations('evt-b08a')).get('order-a@example.test')?.state).toBe('CANCELLED');
    const entry = await harness.models.SyncLedgerEntry.findOne({
      kind: 'participant',
      eventId: 'evt-b08a',
    }).lean();
    expect(entry?.version).toBe(2);
  });

  it('retry topic breaks no key order when the newer version retries', async () => {
    harness.sandbox.admin.addFault({
      match: { path: '/marketing/v3/marketing-events/attendance/evt-b08b/cancel/**' },
      effect: { type: 'status', status: 503 },
      times: 3,
    });
    const common = { eventId: 'evt-b08b', bookingId: 'bk-b08b', email: 'order-b@example.test' };
    await harness.produceBookings([
      booking({
        ...common,
        version: 2,
        status: 'cancelled',
        type: 'booking.status_changed',
        occurredAt: '2025-06-02T11:00:00Z',
      }),
    ]);
    await waitFor(
      () =>
        harness.sandbox.admin.requests({
          path: '/marketing/v3/marketing-events/attendance/evt-b08b/**',
          status: 503,
        }).length === 3,
      'version 2 failed three times',
    );
    await harness.produceBookings([
      booking({ ...common, version: 1, status: 'registered', occurredAt: '2025-06-02T10:00:00Z' }),
    ]);

    await waitFor(
      async () =>
        (await harness.models.SyncLedgerEntry.findOne({ kind: 'participant', eventId: 'evt-b08b' }).lean())
          ?.version === 2,
      'version 2 is applied',
    );
    expect((await harness.participations('evt-b08b')).get('order-b@example.test')?.state).toBe('CANCELLED');
  });
});

describe('Kafka field failures around group membership', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await Harness.create({ partitions: 4 });
    await harness.seedConnection();
    await harness.activate([
      'evt-r0',
      'evt-r1',
      'evt-r2',
      'evt-r3',
      'evt-commit',
      'evt-long-0',
      'evt-long-1',
      'evt-long-2',
    ]);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('rebalance replays no finished work', async () => {
    // Used to fail: a rebalance discarded resolved offsets, and the partition's next owner
    // wrote the whole batch to HubSpot again. Replays are recognised through the ledger here.
    harness.sandbox.admin.addFault({ match: { path: ATTENDANCE }, effect: { type: 'latency', ms: 200 } });
    const first = await harness.startSink({ KAFKA_SESSION_TIMEOUT: '6s', KAFKA_HEARTBEAT_INTERVAL: '1s' });
    const events = ['evt-r0', 'evt-r1', 'evt-r2', 'evt-r3'];
    for (let slice = 0; slice < 12; slice += 1) {
      await harness.produceBookings(
        Array.from({ length: 5 }, (_, index) =>
          booking({
            eventId: events[(slice + index) % 4]!,
            email: `rebalance${slice * 5 + index}@example.test`,
          }),
        ),
      );
    }

    await waitFor(
      async () => (await ledgerCount(harness, events)) >= 20,
      'the first sink applied some records',
    );
    await harness.startSink({ KAFKA_SESSION_TIMEOUT: '6s', KAFKA_HEARTBEAT_INTERVAL: '1s' });
    await waitFor(
      async () => (await ledgerCount(harness, events)) === 60,
      'all 60 records are applied',
      60_000,
    );
    await first.stop();
    harness.sandbox.admin.clearFaults();

    const sent = sentChanges(harness);
    expect(sent.size).toBe(60);
    const repeated = [...sent.values()].filter((count) => count > 1).length;
    // NOTE: a call in flight while its partition moves may be sent again by the new owner. The
    // repeat carries the same interaction time, so HubSpot treats it as the same change.
    expect(repeated).toBeLessThanOrEqual(5);
    let participants = 0;
    for (const eventId of events) {
      participants += (await harness.participations(eventId)).size;
    }
    expect(participants).toBe(60);
  }, 120_000);

  it('manual commit stores the offsets after each batch', async () => {
    // Used to fail: a consumer believed it committed after each success but committed nothing,
    // and replayed everything after a restart. The committed offsets are read from the broker.
    await harness.stopSinks();
    const sink = await harness.startSink();
    await harness.produceBookings(
      Array.from({ length: 5 }, (_, index) =>
        booking({ eventId: 'evt-commit', email: `commit${index}@example.test` }),
      ),
    );
    await waitFor(async () => (await ledgerCount(harness, ['evt-commit'])) === 5, 'five records are applied');

    const admin = harness.kafka.admin();
    await admin.connect();
    try {
      await waitFor(async () => {
        const offsets = await admin.committedOffsets(
          `${harness.env['KAFKA_GROUP_ID']}.bookings`,
          harness.topics.bookings,
        );
        const committed = offsets.reduce((sum, entry) => sum + Math.max(0, Number(entry.offset)), 0);
        return committed === harness.produced(harness.topics.bookings);
      }, 'the committed offsets cover every produced record');
    } finally {
      await admin.disconnect();
    }

    await sink.stop();
    const callsBefore = harness.attendanceCalls();
    await harness.startSink();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(harness.attendanceCalls()).toBe(callsBefore);
  }, 60_000);

  it('long handler keeps its partitions past the session timeout', async () => {
    // Used to fail: a handler that ran longer than the session timeout lost its group membership,
    // and the batch was processed again by another member. HubSpot here takes 8 s per call while
    // the session timeout is 6 s; the runtime heartbeats during the call.
    await harness.stopSinks();
    harness.sandbox.admin.addFault({
      match: { path: ATTENDANCE },
      effect: { type: 'latency', ms: 8_000 },
      times: 3,
    });
    const settings = { KAFKA_SESSION_TIMEOUT: '6s', KAFKA_HEARTBEAT_INTERVAL: '1s', HUBSPOT_TIMEOUT: '15s' };
    await harness.startSink(settings);
    await harness.startSink(settings);
    const events = ['evt-long-0', 'evt-long-1', 'evt-long-2'];
    await harness.produceBookings(
      events.map((eventId, index) => booking({ eventId, email: `long${index}@example.test` })),
    );

    await waitFor(
      async () => (await ledgerCount(harness, events)) === 3,
      'the three slow records are applied',
      60_000,
    );
    for (const eventId of events) {
      const sent = sentChanges(harness, `/marketing/v3/marketing-events/attendance/${eventId}/**`);
      expect([...sent.values()], eventId).toEqual([1]);
    }
  }, 90_000);
});

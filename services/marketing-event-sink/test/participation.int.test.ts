import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ACCOUNT_ID, booking, Harness, waitFor, WORKSPACE_ID } from './helpers/harness.js';

const STATES = ['registered', 'confirmed', 'attended', 'cancelled'] as const;
const READ_BACK: Record<string, string> = {
  registered: 'REGISTERED',
  confirmed: 'REGISTERED',
  attended: 'ATTENDED',
  cancelled: 'CANCELLED',
};

describe('participation sync', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await Harness.create({ partitions: 2 });
    await harness.seedConnection({ statusMapping: { waitlisted: 'ignore' } });
    await harness.seedConnection({ accountId: 'acc-off', features: { marketingEvents: false } });
    await harness.activate(['evt-order', 'evt-skip', 'evt-later', 'evt-dlq']);
    await harness.activate(['evt-off'], { accountId: 'acc-off' });
    await harness.startSink();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('keeps the last version per participant under duplicates and reordering', async () => {
    const participants = Array.from({ length: 30 }, (_, index) => `order${index}@example.test`);
    const base = Date.UTC(2025, 6, 1, 8, 0, 0);
    const versions = participants.flatMap((email, index) =>
      [1, 2, 3, 4].map((version) =>
        booking({
          eventId: 'evt-order',
          bookingId: `bk-order-${index}`,
          email,
          version,
          status: STATES[(index + version) % STATES.length]!,
          occurredAt: new Date(base + version * 60_000 + index).toISOString(),
        }),
      ),
    );
    // Deterministic shuffle plus duplicates of every second record, sent in several batches.
    const shuffled = [...versions].sort(
      (a, b) =>
        ((a.version * 7 + Number(a.bookingId.slice(9))) % 5) -
        ((b.version * 7 + Number(b.bookingId.slice(9))) % 5),
    );
    const withDuplicates = [...shuffled, ...shuffled.filter((_, index) => index % 2 === 0)];
    for (let start = 0; start < withDuplicates.length; start += 25) {
      await harness.produceBookings(withDuplicates.slice(start, start + 25));
    }

    const expected = new Map(
      participants.map((email, index) => [email, READ_BACK[STATES[(index + 4) % STATES.length]!]!]),
    );
    await waitFor(async () => {
      const read = await harness.participations('evt-order');
      return [...expected].every(([email, state]) => read.get(email)?.state === state);
    }, 'every participant shows the state of version 4');

    // HubSpot shows a state before the sink writes its ledger entry, so wait for the ledger too.
    await waitFor(
      async () =>
        (await harness.models.SyncLedgerEntry.countDocuments({
          kind: 'participant',
          eventId: 'evt-order',
          version: 4,
        })) === 30,
      'the ledger holds version 4 of every participant',
    );
    expect(
      await harness.models.SyncLedgerEntry.countDocuments({ kind: 'participant', eventId: 'evt-order' }),
    ).toBe(30);
    const read = await harness.participations('evt-order');
    for (const [index, email] of participants.entries()) {
      expect(read.get(email)?.occurredAt, email).toBe(base + 4 * 60_000 + index);
    }
  });

  it('skips records of inactive accounts, features, events and earlier times', async () => {
    await harness.models.Activation.create({
      accountId: ACCOUNT_ID,
      workspaceId: WORKSPACE_ID,
      eventId: 'evt-late-activation',
      level: 'event',
      activatedAt: new Date('2025-06-15T00:00:00Z'),
      deactivatedAt: null,
    });
    await harness.produceBookings([
      booking({ eventId: 'evt-not-activated', email: 'skip1@example.test' }),
      booking({ eventId: 'evt-off', accountId: 'acc-off', email: 'skip2@example.test' }),
      booking({ eventId: 'evt-skip', accountId: 'acc-none', email: 'skip3@example.test' }),
      booking({ eventId: 'evt-skip', email: 'skip4@example.test', status: 'waitlisted' }),
      booking({
        eventId: 'evt-late-activation',
        email: 'early@example.test',
        occurredAt: '2025-06-14T23:59:59Z',
      }),
      booking({ eventId: 'evt-skip', email: 'sent@example.test' }),
    ]);

    await waitFor(
      async () => (await harness.participations('evt-skip')).size === 1,
      'the one valid booking arrived',
    );
    expect([...(await harness.participations('evt-skip')).keys()]).toEqual(['sent@example.test']);
    expect((await harness.participations('evt-late-activation')).size).toBe(0);
    expect((await harness.participations('evt-not-activated')).size).toBe(0);

    const stats = async (accountId: string, eventId: string) =>
      harness.models.SyncStats.findOne({ accountId, eventId }).lean();
    await waitFor(
      async () => (await stats(ACCOUNT_ID, 'evt-skip'))?.applied === 1,
      'the counters of evt-skip are written',
    );
    await waitFor(async () => {
      const written = await Promise.all([
        stats(ACCOUNT_ID, 'evt-late-activation'),
        stats(ACCOUNT_ID, 'evt-not-activated'),
        stats('acc-off', 'evt-off'),
      ]);
      return written.every((entry) => entry !== null);
    }, 'the counters of the skipped records are written');
    expect((await stats(ACCOUNT_ID, 'evt-not-activated'))?.skippedByReason).toEqual({
      'event-not-activated': 1,
    });
    expect((await stats('acc-off', 'evt-off'))?.skippedByReason).toEqual({ 'feature-disabled': 1 });
    expect((await stats(ACCOUNT_ID, 'evt-late-activation'))?.skippedByReason).toEqual({
      'before-activation': 1,
    });
    expect((await stats(ACCOUNT_ID, 'evt-skip'))?.skippedByReason).toEqual({ 'status-ignored': 1 });
    expect(await stats('acc-none', 'evt-skip')).toBeNull();
    expect(
      await harness.models.DeadLetter.countDocuments({
        eventId: { $in: ['evt-skip', 'evt-not-activated', 'evt-off'] },
      }),
    ).toBe(0);
  });

  it('transfers later status changes of bookings made before activation', async () => {
    await harness.models.Activation.create({
      accountId: ACCOUNT_ID,
      workspaceId: WORKSPACE_ID,
      eventId: 'evt-later-change',
      level: 'event',
      activatedAt: new Date('2025-06-15T00:00:00Z'),
      deactivatedAt: null,
    });
    await harness.announce(ACCOUNT_ID, 'activation.changed');
    await harness.produceBookings([
      booking({
        eventId: 'evt-later-change',
        bookingId: 'bk-old',
        email: 'old@example.test',
        version: 1,
        occurredAt: '2025-06-01T10:00:00Z',
      }),
      booking({
        eventId: 'evt-later-change',
        bookingId: 'bk-old',
        email: 'old@example.test',
        type: 'booking.status_changed',
        status: 'attended',
        version: 2,
        occurredAt: '2025-06-20T10:00:00Z',
      }),
    ]);

    await waitFor(
      async () => (await harness.participations('evt-later-change')).size === 1,
      'the status change arrived',
    );
    const read = await harness.participations('evt-later-change');
    expect(read.get('old@example.test')).toEqual({
      state: 'ATTENDED',
      occurredAt: Date.parse('2025-06-20T10:00:00Z'),
    });
  });

  it('dead-letters unmapped statuses before any HubSpot call', async () => {
    const callsBefore = harness.attendanceCalls();
    await harness.produceBookings([
      booking({ eventId: 'evt-dlq', email: 'unmapped@example.test', status: 'no_show' }),
      ...Array.from({ length: 10 }, (_, index) =>
        booking({ eventId: 'evt-dlq', email: `valid${index}@example.test` }),
      ),
    ]);

    await waitFor(
      async () => (await harness.participations('evt-dlq')).size === 10,
      'ten valid bookings arrived',
    );
    await waitFor(
      async () => (await harness.models.DeadLetter.countDocuments({ eventId: 'evt-dlq' })) === 1,
      'one dead letter',
    );
    const deadLetter = await harness.models.DeadLetter.findOne({ eventId: 'evt-dlq' }).lean();
    expect(deadLetter?.reason).toBe('unmapped-status');
    expect(deadLetter?.error.code).toBe('MARKETING_SINK_ERR_UNMAPPED_STATUS');
    expect(deadLetter?.error.message).toContain('"no_show"');
    expect((await harness.participations('evt-dlq')).has('unmapped@example.test')).toBe(false);
    // One attendance call carries the ten valid bookings; the unmapped one is never sent.
    expect(harness.attendanceCalls() - callsBefore).toBe(1);
    const inputs = harness.sandbox.admin
      .requests({ path: '/marketing/v3/marketing-events/attendance/evt-dlq/**' })
      .flatMap((call) => (call.body as { inputs: { email: string }[] }).inputs.map((input) => input.email));
    expect(inputs).not.toContain('unmapped@example.test');
  });
});

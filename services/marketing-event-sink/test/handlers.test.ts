import type { BookingRecord, EventRecord } from '@oniva-hubspot/contracts';
import { describe, expect, it } from 'vitest';

import { handleEvents } from '../src/events/handle-events.js';
import type { RecordOutcome } from '../src/outcomes.js';
import { handleBookings } from '../src/participation/handle-bookings.js';
import { FakeDependencies, FakeHubSpotError, handleOptions } from './helpers/fakes.js';

let sequence = 0;

/** Returns the error an outcome carries, if its kind has one. */
function errorOf(outcome: RecordOutcome | undefined): Error | undefined {
  return outcome !== undefined && 'error' in outcome ? outcome.error : undefined;
}

function bookingValue(overrides: Partial<BookingRecord> & { email?: string } = {}): { value: BookingRecord } {
  sequence += 1;
  const { email, ...rest } = overrides;
  const eventId = overrides.eventId ?? 'evt-1';
  return {
    value: {
      schemaVersion: 1,
      type: 'booking.created',
      bookingId: `bk-${sequence}`,
      accountId: 'acc-1',
      workspaceId: 'ws-1',
      eventId,
      contact: { id: `c-${sequence}`, email: email ?? `p${sequence}@example.test` },
      status: 'registered',
      version: 1,
      occurredAt: new Date(Date.UTC(2025, 5, 1) + sequence * 1000).toISOString(),
      event: { id: eventId, name: 'Event', startsAt: '2030-01-01T10:00:00Z', endsAt: '2030-01-01T11:00:00Z' },
      ...rest,
    },
  };
}

function eventValue(overrides: Partial<EventRecord> = {}): { value: EventRecord } {
  const eventId = overrides.eventId ?? 'evt-1';
  return {
    value: {
      schemaVersion: 1,
      type: 'event.updated',
      accountId: 'acc-1',
      workspaceId: 'ws-1',
      eventId,
      event: { id: eventId, name: 'Event', startsAt: '2030-01-01T10:00:00Z', endsAt: '2030-01-01T11:00:00Z' },
      version: 1,
      occurredAt: '2025-06-01T10:00:00Z',
      ...overrides,
    },
  };
}

describe('handleBookings', () => {
  it('parks bookings whose event has no usable times', async () => {
    const deps = new FakeDependencies();
    const record = bookingValue({
      event: { id: 'evt-1', name: 'Event', startsAt: '2030-01-01T10:00:00', endsAt: '2030-01-01T11:00:00Z' },
    });

    const [outcome] = await handleBookings([record], deps, handleOptions);

    expect(outcome).toMatchObject({ kind: 'park', accountId: 'acc-1', reason: 'event-times-invalid' });
    expect(errorOf(outcome)?.message).toContain('has no UTC offset and the event has no timeZone');
    expect(deps.api.upserts).toHaveLength(0);
    expect(deps.api.attendance).toHaveLength(0);
  });

  it('parks the rest of the account after a connection failure', async () => {
    const deps = new FakeDependencies();
    deps.api.attendanceAnswers = [
      new FakeHubSpotError('connection', 'HUBSPOT_TOKEN_INVALID', 'HubSpot rejected the access token'),
    ];
    const records = [
      bookingValue({ status: 'registered' }),
      bookingValue({ status: 'attended' }),
      bookingValue({ eventId: 'evt-2', status: 'registered' }),
    ];

    const outcomes = await handleBookings(records, deps, handleOptions);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['park', 'park', 'park']);
    expect(deps.api.attendance).toHaveLength(1);
    expect(deps.unhealthy).toHaveLength(1);
    expect(deps.unhealthy[0]).toMatchObject({
      accountId: 'acc-1',
      tokenFingerprint: 'fp-1',
      diagnosis: { code: 'HUBSPOT_TOKEN_INVALID' },
    });
    expect(deps.invalidated).toEqual(['acc-1']);
  });

  it('retries when the failing token was replaced meanwhile', async () => {
    const deps = new FakeDependencies();
    deps.tokenStillStored = false;
    deps.api.attendanceAnswers = [
      new FakeHubSpotError('connection', 'HUBSPOT_TOKEN_INVALID', 'HubSpot rejected the access token'),
    ];

    const [outcome] = await handleBookings([bookingValue()], deps, handleOptions);

    expect(outcome?.kind).toBe('retry');
  });

  it('routes per-input failures by their kind', async () => {
    const deps = new FakeDependencies();
    deps.api.attendanceAnswers = [
      (inputs) =>
        inputs.map((_, index) =>
          index === 0
            ? {
                ok: false,
                error: new FakeHubSpotError(
                  'permanent',
                  'HUBSPOT_VALIDATION_FAILED',
                  'Email address is invalid',
                ),
              }
            : index === 1
              ? {
                  ok: false,
                  error: new FakeHubSpotError('retriable', 'HUBSPOT_SERVER_ERROR', 'HubSpot failed', 2_000),
                }
              : { ok: true, contactId: '7' },
        ),
    ];
    const records = [bookingValue(), bookingValue(), bookingValue()];

    const outcomes = await handleBookings(records, deps, handleOptions);

    expect(outcomes[0]).toMatchObject({ kind: 'dead-letter', reason: 'hubspot-rejected' });
    expect(
      outcomes[0]?.kind === 'dead-letter' && (outcomes[0].error as { details?: unknown }).details,
    ).toEqual({
      code: 'HUBSPOT_VALIDATION_FAILED',
      kind: 'permanent',
      message: 'Email address is invalid',
    });
    expect(outcomes[1]).toMatchObject({ kind: 'retry', retryAfterMs: 2_000 });
    expect(outcomes[2]).toEqual({ kind: 'applied' });
    expect(deps.ledgerEntries.size).toBe(1);
  });

  it('retries every booking of an event whose upsert failed', async () => {
    const deps = new FakeDependencies();
    deps.api.upsertFailures = [new FakeHubSpotError('retriable', 'HUBSPOT_TIMEOUT', 'timed out')];
    const outcomes = await handleBookings(
      [bookingValue(), bookingValue(), bookingValue({ eventId: 'evt-2' })],
      deps,
      handleOptions,
    );

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['retry', 'retry', 'applied']);
    expect(deps.api.attendance).toHaveLength(1);
  });

  it('writes one counter delta per event', async () => {
    const deps = new FakeDependencies();
    await handleBookings(
      [bookingValue(), bookingValue({ status: 'no_show' }), bookingValue({ eventId: 'evt-2' })],
      deps,
      handleOptions,
    );

    expect(
      deps.statsDeltas.map(({ eventId, delta }) => [eventId, delta.applied, delta.deadLettered]),
    ).toEqual([
      ['evt-1', 1, 1],
      ['evt-2', 1, 0],
    ]);
  });
});

describe('handleEvents', () => {
  it('folds a cancellation into the newest version of the batch', async () => {
    const deps = new FakeDependencies();
    const outcomes = await handleEvents(
      [
        eventValue({ type: 'event.cancelled', version: 2 }),
        eventValue({ type: 'event.updated', version: 3 }),
      ],
      deps,
      handleOptions,
    );

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['skipped', 'applied']);
    expect(deps.api.upserts).toHaveLength(1);
    expect(deps.api.upserts[0]?.eventCancelled).toBe(true);
    expect(deps.links.get('acc-1:evt-1')).toMatchObject({
      state: 'cancelled',
      lastAppliedVersion: 3,
      objectId: 'obj-evt-1',
    });
  });

  it('retries superseded records with a failed newest one', async () => {
    const deps = new FakeDependencies();
    deps.api.upsertFailures = [new FakeHubSpotError('retriable', 'HUBSPOT_SERVER_ERROR', 'HubSpot failed')];
    const outcomes = await handleEvents(
      [
        eventValue({ type: 'event.cancelled', version: 2 }),
        eventValue({ type: 'event.updated', version: 3 }),
      ],
      deps,
      handleOptions,
    );

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['retry', 'retry']);
  });

  it('skips versions the ledger already holds', async () => {
    const deps = new FakeDependencies();
    deps.eventVersions.set('acc-1:evt-1', 5);
    const outcomes = await handleEvents(
      [eventValue({ version: 5 }), eventValue({ version: 4 })],
      deps,
      handleOptions,
    );

    expect(outcomes).toEqual([
      { kind: 'skipped', reason: 'stale-version' },
      { kind: 'skipped', reason: 'stale-version' },
    ]);
    expect(deps.api.upserts).toHaveLength(0);
  });

  it('parks an event without usable times', async () => {
    const deps = new FakeDependencies();
    const [outcome] = await handleEvents(
      [
        eventValue({
          event: {
            id: 'evt-1',
            name: 'Event',
            startsAt: '2030-03-31T02:30:00',
            endsAt: '2030-03-31T04:00:00',
            timeZone: 'Europe/Berlin',
          },
        }),
      ],
      deps,
      handleOptions,
    );

    expect(outcome).toMatchObject({ kind: 'park', reason: 'event-times-invalid' });
    expect(errorOf(outcome)?.message).toContain('daylight saving gap');
  });

  it('skips events of inactive accounts before parking', async () => {
    const deps = new FakeDependencies();
    deps.context = { ...deps.context, eventActivation: undefined };
    const [outcome] = await handleEvents([eventValue()], deps, handleOptions);
    expect(outcome).toEqual({ kind: 'skipped', reason: 'event-not-activated' });
  });
});

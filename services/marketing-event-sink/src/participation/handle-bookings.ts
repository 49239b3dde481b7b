import type { BookingRecord } from '@oniva-hubspot/contracts';

import { ensureMarketingEvent } from '../events/ensure-marketing-event.js';
import { groupBy } from '../group-by.js';
import { ConnectionFailures } from '../health/connection-failures.js';
import { park, skipped, type RecordOutcome } from '../outcomes.js';
import { participantLedgerKey, type HandleOptions, type SinkDependencies, type SinkInput } from '../ports.js';
import { recordStats } from '../stats.js';
import { newContactProperties, planAttendanceCalls, type AttendanceItem } from './attendance-plan.js';
import { prepareBooking, type BookingCandidate } from './prepare-bookings.js';
import { sendAttendanceCalls } from './send-attendance.js';
import { interactionTimeMs, isStale, keepNewestPerKey } from './versions.js';

/**
 * Processes a batch of booking records (one partition, in offset order) and returns one outcome
 * per record, in the same order.
 *
 * The steps: check each record (activation, status mapping, email, connection health), keep the
 * newest version per participant and drop versions the ledger already contains. Then make sure
 * each event has its marketing event, record attendance in calls of up to 100 inputs per event
 * and subscriber state, and write the ledger and the per-event counters. Database errors propagate so
 * that the consumer runtime redelivers the batch instead of committing it.
 */
export async function handleBookings(
  records: readonly SinkInput<BookingRecord>[],
  deps: SinkDependencies,
  options: HandleOptions,
): Promise<RecordOutcome[]> {
  const outcomes: (RecordOutcome | undefined)[] = new Array<RecordOutcome | undefined>(records.length);
  const failures = new ConnectionFailures(deps.health, deps.config, options.logger);

  const candidates: BookingCandidate[] = [];
  for (const [index, { value }] of records.entries()) {
    const prepared = await prepareBooking(index, value, deps.config);
    if (prepared.kind === 'done') {
      outcomes[index] = prepared.outcome;
    } else {
      candidates.push(prepared.candidate);
    }
  }

  const { newest, superseded } = keepNewestPerKey(candidates, participantKeyOf, versionOf);
  for (const candidate of superseded) {
    outcomes[candidate.index] = skipped('superseded');
  }

  const appliedVersions = await deps.ledger.participants(newest.map(participantOf));
  const items: AttendanceItem<BookingCandidate>[] = [];
  for (const candidate of newest) {
    const applied = appliedVersions.get(participantLedgerKey(participantOf(candidate)));
    if (isStale(versionOf(candidate), applied)) {
      outcomes[candidate.index] = skipped('stale-version');
      continue;
    }
    items.push({
      record: candidate,
      accountId: candidate.booking.accountId,
      eventId: candidate.booking.eventId,
      email: candidate.email,
      state: candidate.state,
      interactionMs: interactionTimeMs(versionOf(candidate), applied),
      contactProperties: newContactProperties(candidate.booking.contact),
    });
  }

  const ready = await ensureEvents(items, deps, failures, options.signal, outcomes);
  await Promise.all(
    groupBy(ready, (item) => item.accountId).map((accountItems) =>
      sendAttendanceCalls({
        connection: accountItems[0]!.record.connection,
        calls: planAttendanceCalls(accountItems),
        deps,
        failures,
        signal: options.signal,
        outcomes,
      }),
    ),
  );

  const final = outcomes.map((outcome, index) => outcome ?? missingOutcome(records[index]!.value));
  await recordStats(
    deps.stats,
    records.map(({ value, tier, replayed }, index) => ({
      accountId: value.accountId,
      eventId: value.eventId,
      tier: tier ?? 0,
      replayed: replayed ?? false,
      outcome: final[index]!,
    })),
    deps.now(),
    deps.retryTierCount,
  );
  return final;
}

/**
 * Ensures the marketing event of every event in `items` and returns the items whose event is
 * ready. Items of an event that could not be ensured get that failure's outcome.
 */
async function ensureEvents(
  items: readonly AttendanceItem<BookingCandidate>[],
  deps: SinkDependencies,
  failures: ConnectionFailures,
  signal: AbortSignal | undefined,
  outcomes: (RecordOutcome | undefined)[],
): Promise<AttendanceItem<BookingCandidate>[]> {
  const ready: AttendanceItem<BookingCandidate>[] = [];
  for (const eventItems of groupBy(items, (item) => JSON.stringify([item.accountId, item.eventId]))) {
    const first = eventItems[0]!;
    const failure = failures.errorOf(first.accountId);
    let outcome: RecordOutcome | undefined;
    if (failure === undefined) {
      const newestSnapshot = eventItems.reduce((a, b) =>
        b.record.occurredAtMs >= a.record.occurredAtMs ? b : a,
      );
      outcome = await ensureMarketingEvent({
        connection: first.record.connection,
        event: newestSnapshot.record.booking.event,
        deps,
        failures,
        signal,
      });
    } else {
      outcome = park(first.accountId, 'connection-unhealthy', failure);
    }

    if (outcome === undefined) {
      ready.push(...eventItems);
    } else {
      for (const item of eventItems) {
        outcomes[item.record.index] = outcome;
      }
    }
  }
  return ready;
}

function participantOf(candidate: BookingCandidate): { accountId: string; eventId: string; email: string } {
  return {
    accountId: candidate.booking.accountId,
    eventId: candidate.booking.eventId,
    email: candidate.email,
  };
}

function participantKeyOf(candidate: BookingCandidate): string {
  return participantLedgerKey(participantOf(candidate));
}

function versionOf(candidate: BookingCandidate): { version: number; occurredAtMs: number } {
  return { version: candidate.booking.version, occurredAtMs: candidate.occurredAtMs };
}

function missingOutcome(booking: BookingRecord): never {
  throw new Error(
    `No outcome was set for booking ${booking.bookingId} version ${booking.version}; this is a bug in handleBookings`,
  );
}

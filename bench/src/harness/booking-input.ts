import {
  bookingRecordSchema,
  encodeRecord,
  eventRecordSchema,
  type BookingRecord,
  type EventRecord,
} from '@oniva-hubspot/contracts';
import { generateBookingStream, type ExpectedParticipation, type ExpectedState } from '@oniva-hubspot/demo';

import type { BenchRecord } from './kafka.js';

/** Account and workspace every benchmark stream belongs to. */
export const BENCH_WORKSPACE_ID = 'ws-bench';

/** A generated booking stream, encoded for Kafka. */
export interface BenchStream {
  events: EventRecord[];
  bookings: BookingRecord[];
  expected: ExpectedParticipation[];
  eventRecords: BenchRecord[];
  bookingRecords: BenchRecord[];
}

/**
 * Generates the demo's realistic booking stream (status changes, 5 % duplicates, versions out of
 * order inside windows of 25) for `participants` participants over `eventCount` events, and
 * encodes it. Every record occurs after `activatedAt`, because the sink skips records that occurred
 * before an activation. The times therefore lie in the future, which neither the sink nor the
 * sandbox rejects. Records are keyed by event id, as Oniva keys them.
 */
export function generateBenchStream(input: {
  accountId: string;
  participants: number;
  eventCount: number;
  activatedAt: Date;
}): BenchStream {
  const stream = generateBookingStream({
    accountId: input.accountId,
    workspaceId: BENCH_WORKSPACE_ID,
    participants: input.participants,
    eventCount: input.eventCount,
    now: input.activatedAt,
    bookingsStartAt: new Date(input.activatedAt.getTime() + 60_000),
  });
  return {
    ...stream,
    eventRecords: stream.events.map((event) => ({
      key: event.eventId,
      value: encodeRecord(eventRecordSchema, event),
    })),
    bookingRecords: stream.bookings.map((booking) => encodeBooking(booking)),
  };
}

/** Encodes one booking as a Kafka record keyed by its event id. */
export function encodeBooking(booking: BookingRecord): BenchRecord {
  return { key: booking.eventId, value: encodeRecord(bookingRecordSchema, booking) };
}

/** HubSpot state of each booking status under the connection's default status mapping. */
const STATE_BY_STATUS: Readonly<Record<string, ExpectedState>> = {
  registered: 'REGISTERED',
  confirmed: 'REGISTERED',
  attended: 'ATTENDED',
  declined: 'CANCELLED',
  cancelled: 'CANCELLED',
};

/**
 * Returns the state HubSpot should end in for each participant of `bookings`: the state of the
 * participant's highest version, under the default status mapping.
 */
export function expectedParticipations(bookings: readonly BookingRecord[]): ExpectedParticipation[] {
  const newest = new Map<string, BookingRecord>();
  for (const booking of bookings) {
    const key = `${booking.eventId} ${booking.contact.email.toLowerCase()}`;
    const current = newest.get(key);
    if (current === undefined || booking.version > current.version) {
      newest.set(key, booking);
    }
  }
  return [...newest.values()].flatMap((booking) => {
    const state = STATE_BY_STATUS[booking.status];
    return state === undefined
      ? []
      : [
          {
            eventId: booking.eventId,
            email: booking.contact.email.toLowerCase(),
            state,
            firstName: booking.contact.firstName ?? '',
            lastName: booking.contact.lastName ?? '',
          },
        ];
  });
}

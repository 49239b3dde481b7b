import { bookingRecordSchema, eventRecordSchema } from '@oniva-hubspot/contracts';
import { describe, expect, it } from 'vitest';
import { generateBookingStream } from '../src/index.js';

describe('generateBookingStream', () => {
  const stream = generateBookingStream({ accountId: 'acc-1', workspaceId: 'ws-1', participants: 300 });

  it('produces records that pass the topic schemas', () => {
    for (const event of stream.events) expect(eventRecordSchema.safeParse(event).success).toBe(true);
    for (const booking of stream.bookings) expect(bookingRecordSchema.safeParse(booking).success).toBe(true);
  });

  it('expects one final state per participant', () => {
    expect(stream.expected).toHaveLength(300);
    const keys = new Set(stream.expected.map((p) => `${p.eventId}:${p.email}`));
    expect(keys.size).toBe(300);
  });

  it('expected state follows the highest version', () => {
    const last = new Map<string, { version: number; status: string }>();
    for (const booking of stream.bookings) {
      const key = `${booking.eventId}:${booking.contact.email.toLowerCase()}`;
      const seen = last.get(key);
      if (!seen || booking.version > seen.version)
        last.set(key, { version: booking.version, status: booking.status });
    }
    const mapping: Record<string, string> = {
      registered: 'REGISTERED',
      confirmed: 'REGISTERED',
      attended: 'ATTENDED',
      declined: 'CANCELLED',
      cancelled: 'CANCELLED',
    };
    for (const participant of stream.expected) {
      expect(mapping[last.get(`${participant.eventId}:${participant.email}`)!.status]).toBe(
        participant.state,
      );
    }
  });

  it('contains duplicates and out-of-order versions', () => {
    const seen = new Set<string>();
    let duplicates = 0;
    let regressions = 0;
    const highest = new Map<string, number>();
    for (const booking of stream.bookings) {
      const id = `${booking.bookingId}:${booking.version}`;
      if (seen.has(id)) duplicates += 1;
      seen.add(id);
      const top = highest.get(booking.bookingId) ?? 0;
      if (booking.version < top) regressions += 1;
      highest.set(booking.bookingId, Math.max(top, booking.version));
    }
    expect(duplicates).toBeGreaterThan(0);
    expect(regressions).toBeGreaterThan(0);
  });

  it('repeats exactly with the same seed', () => {
    const again = generateBookingStream({ accountId: 'acc-1', workspaceId: 'ws-1', participants: 300 });
    expect(again.expected).toEqual(stream.expected);
  });
});

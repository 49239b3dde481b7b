import { z } from 'zod';

import {
  emailSchema,
  httpUrlSchema,
  ianaTimeZoneSchema,
  idSchema,
  isAtOrAfter,
  isoDateTimeSchema,
} from './primitives.js';

/** Oniva contact as carried by bookings and links. Unknown extra fields are kept. */
export const contactSchema = z
  .looseObject({
    id: idSchema.describe('Oniva contact id.'),
    email: emailSchema,
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    company: z.string().optional(),
  })
  .describe('Oniva contact; extra fields are allowed.');

/** Oniva contact carried by a booking or link. */
export type Contact = z.infer<typeof contactSchema>;

/** Snapshot of an Oniva event at the time of the record. `endsAt` must not be before `startsAt`. */
export const eventSnapshotSchema = z
  .looseObject({
    id: idSchema.describe('Oniva event id; equals the eventId of the record.'),
    name: z.string().min(1, { error: 'expected a non-empty event name' }),
    startsAt: isoDateTimeSchema,
    endsAt: isoDateTimeSchema,
    timeZone: ianaTimeZoneSchema.optional(),
    url: httpUrlSchema.optional(),
    organizer: z.string().optional(),
    description: z.string().optional(),
  })
  .superRefine((event, ctx) => {
    if (!isAtOrAfter(event.endsAt, event.startsAt)) {
      ctx.addIssue({
        code: 'custom',
        path: ['endsAt'],
        input: event.endsAt,
        message: `expected a date-time at or after startsAt ${event.startsAt}`,
      });
    }
  })
  .describe('Snapshot of the Oniva event; extra fields are allowed.');

/** Snapshot of an Oniva event carried by bookings and event records. */
export type EventSnapshot = z.infer<typeof eventSnapshotSchema>;

/**
 * Adds an issue at `event.id` unless it equals the record's `eventId`. The record key is
 * `eventId` and the sinks write the snapshot under that id, so the two must agree.
 */
export function checkSnapshotMatchesEventId(
  record: { eventId: string; event: { id: string } },
  ctx: z.RefinementCtx,
): void {
  if (record.event.id !== record.eventId) {
    ctx.addIssue({
      code: 'custom',
      path: ['event', 'id'],
      input: record.event.id,
      message: `expected the eventId of the record "${record.eventId}"`,
    });
  }
}

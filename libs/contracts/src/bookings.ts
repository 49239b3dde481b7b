import { z } from 'zod';

import { idSchema, isoDateTimeSchema, schemaVersionSchema, sourceVersionSchema } from './primitives.js';
import { checkSnapshotMatchesEventId, contactSchema, eventSnapshotSchema } from './snapshots.js';

/** Values of `type` on `oniva.bookings.v1`. Any other value is decoded as `unknown-type`. */
export const BOOKING_TYPES = ['booking.created', 'booking.status_changed'] as const;

/** A value of `type` on `oniva.bookings.v1`. */
export type BookingType = (typeof BOOKING_TYPES)[number];

/**
 * Booking statuses named on Oniva's help page for the HubSpot integration. The list is not closed:
 * Oniva may send others (e.g. `waitlisted`, `no_show`), and the schema accepts any lowercase token.
 * The per-connection status mapping decides what happens to a status, and the sink rejects an
 * unmapped one with the reason `unmapped-status`.
 */
export const KNOWN_BOOKING_STATUSES = Object.freeze([
  'registered',
  'confirmed',
  'declined',
  'attended',
  'cancelled',
] as const);

/** Oniva booking status: a lowercase token of letters and underscores, at most 64 characters. */
export const bookingStatusSchema = z
  .string({ error: 'expected a booking status string' })
  .max(64, { error: 'expected a booking status of at most 64 characters', abort: true })
  .regex(/^[a-z][a-z_]*$/, {
    error: 'expected a lowercase booking status of letters and "_", e.g. "confirmed"',
  })
  .describe(
    `Oniva booking status, e.g. ${KNOWN_BOOKING_STATUSES.join(', ')}. Other lowercase tokens are allowed; ` +
      'the connection status mapping decides how each is transferred.',
  );

/** Value of `oniva.bookings.v1`: a booking was created or its status changed. Key: `eventId`. */
export const bookingRecordSchema = z
  .looseObject({
    schemaVersion: schemaVersionSchema,
    type: z.enum(BOOKING_TYPES),
    bookingId: idSchema,
    accountId: idSchema.describe('Oniva account id; selects the HubSpot connection.'),
    workspaceId: idSchema,
    eventId: idSchema,
    contact: contactSchema,
    status: bookingStatusSchema,
    version: sourceVersionSchema,
    occurredAt: isoDateTimeSchema.describe(
      'When the booking changed in Oniva; sent to HubSpot as the interaction time of the attendance.',
    ),
    event: eventSnapshotSchema,
  })
  .superRefine(checkSnapshotMatchesEventId);

/** Value of `oniva.bookings.v1`. */
export type BookingRecord = z.infer<typeof bookingRecordSchema>;
